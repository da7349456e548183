using Infra.Constructs.Bundling;

namespace Infra.Constructs.Tests.Bundling;

public sealed class DotNetCodeTests : IDisposable
{
    private readonly string _source = Directory.CreateTempSubdirectory("dotnet-code-").FullName;

    public DotNetCodeTests()
    {
        Directory.CreateDirectory(Path.Combine(_source, "Fn"));
        File.WriteAllText(
            Path.Combine(_source, "Fn", "Fn.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>"
        );
        File.WriteAllText(Path.Combine(_source, "Fn", "Handler.cs"), "class Handler {}");
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);

    private DotNetCodeProps Props => new() { ProjectFile = Path.Combine(_source, "Fn", "Fn.csproj"), SourceDirectory = _source };

    [Fact]
    public void Hashes_the_same_source_the_same_way_whatever_is_in_bin_and_obj()
    {
        var before = DotNetCode.PackageHash(Props);
        Directory.CreateDirectory(Path.Combine(_source, "Fn", "bin"));
        File.WriteAllText(Path.Combine(_source, "Fn", "bin", "Fn.dll"), DateTime.UtcNow.ToString("O"));
        Directory.CreateDirectory(Path.Combine(_source, "Fn", "obj"));
        File.WriteAllText(Path.Combine(_source, "Fn", "obj", "project.assets.json"), "{}");

        Assert.Equal(before, DotNetCode.PackageHash(Props));

        File.WriteAllText(Path.Combine(_source, "Fn", "Handler.cs"), "class Handler { int x; }");
        Assert.NotEqual(before, DotNetCode.PackageHash(Props));
    }

    [Fact]
    public void Includes_extra_files_such_as_a_lock_file_in_the_hash()
    {
        var lockFile = Path.Combine(_source, "..", $"{Path.GetFileName(_source)}.lock");
        File.WriteAllText(lockFile, "v1");
        try
        {
            var first = DotNetCode.PackageHash(Props with { ExtraHashFiles = [lockFile] });
            File.WriteAllText(lockFile, "v2");
            Assert.NotEqual(first, DotNetCode.PackageHash(Props with { ExtraHashFiles = [lockFile] }));
        }
        finally
        {
            File.Delete(lockFile);
        }
    }

    [Fact]
    public void Bundles_with_the_local_sdk()
    {
        Assert.IsType<LocalDotNetPublish>(DotNetCode.BundlingOptionsFor(Props).Local);
    }

    [Fact]
    public void Fails_when_the_project_does_not_exist()
    {
        var error = Assert.Throws<ArgumentException>(() => DotNetCode.FromProject(Props with { ProjectFile = "/nowhere/Fn.csproj" }));

        Assert.Contains("ProjectFile: '/nowhere/Fn.csproj' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gives_functions_the_managed_runtime_of_the_framework_the_function_project_targets()
    {
        // Lambda's managed runtime must provide the framework the package was published for (framework-dependent).
        var framework = Infra
            .TestSupport.ProcessRunner.Run(
                "dotnet",
                [
                    "msbuild",
                    Path.Combine(Infra.TestSupport.TestPaths.RepositoryRoot, "lambda-src", "MigrationFunction", "MigrationFunction.csproj"),
                    "-getProperty:TargetFramework",
                ]
            )
            .Stdout.Trim();

        Assert.Equal("dotnet" + framework.Replace("net", "", StringComparison.Ordinal).Split('.')[0], DotNetCode.Dotnet10.Name);
    }
}
