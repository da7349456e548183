using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.TestSupport;

namespace Infra.Constructs.Tests.Packaging;

/// <summary>
/// The library as another team installs it: <c>scripts/pack</c> writes the package (a version no cache can hold), and
/// the small CDK app in tests/Consumer, copied out of the repository, restores it from a local folder feed into its own
/// NUGET_PACKAGES folder (CDK's own packages come from the machine's cache as a fallback folder), synthesizes, and
/// reports which assembly it ran. Catches a type left internal, a default that works only inside this repository, and
/// an asset missing from the package.
/// </summary>
[Collection(FunctionPublishCollection.Name)]
public sealed class ConsumerPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("consumer-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void The_readme_opens_with_the_consumer_app_the_test_builds()
    {
        var program = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Consumer", "Program.cs")).TrimEnd('\n');
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "constructs", "README.md"));
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        Assert.Equal(program, readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)]);
    }

    [Fact]
    public void A_cdk_app_synthesizes_with_the_packed_library_and_its_prebuilt_function_package()
    {
        var version = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var feed = Path.Combine(_work, "feed");
        var pack = ProcessRunner.Run(Path.Combine(TestPaths.RepositoryRoot, "scripts", "pack"), ["--output", feed, "--version", version]);
        Assert.True(pack.ExitCode == 0, $"scripts/pack failed:\n{pack.Stdout}\n{pack.Stderr}");
        // The package says which CDK it works with (constructs/README.md quotes the ranges): any 2.x from the one tested.
        Assert.Equal(
            ["Amazon.CDK.Lib [2.160.0, 3.0.0)", "Constructs [10.0.5, 11.0.0)"],
            PackedDependencies(Path.Combine(feed, $"Infra.Constructs.{version}.nupkg"))
                .Where(d => !d.StartsWith("AWSSDK", StringComparison.Ordinal))
        );

        // The app as constructs/README.md sets it up: its Program.cs (the README's sample, held equal above), its
        // cdk.json (the README's, verbatim), the project under the name that cdk.json runs.
        var cdkJson = ReadmeCdkJson();
        var project = Regex.Match(cdkJson, @"--project (\S+\.csproj)").Groups[1].Value;
        var app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "tests", "Consumer", "Consumer.csproj"), Path.Combine(app, project));
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "tests", "Consumer", "Program.cs"), Path.Combine(app, "Program.cs"));
        File.WriteAllText(Path.Combine(app, "cdk.json"), cdkJson);
        // Wherever the temporary folder is (CI puts it inside the checkout), MSBuild must not find this repository's
        // build policy above the app: another team's app has its own.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(app, file), "<Project />");
        File.WriteAllText(
            Path.Combine(app, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="packed" value="{feed}" /></packageSources></configuration>
            """
        );
        var packages = Path.Combine(_work, "packages");
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var output = Path.Combine(_work, "cdk.out");
        var run = ProcessRunner.Run(
            "dotnet",
            [
                "run",
                "--project",
                Path.Combine(app, project),
                $"-p:InfraConstructsVersion={version}",
                $"-p:RestoreFallbackFolders={machineCache}",
            ],
            // As `cdk synth` runs an app: no arguments, the output folder in CDK_OUTDIR.
            new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = packages,
                ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20",
                ["CDK_OUTDIR"] = output,
            }
        );
        Assert.True(run.ExitCode == 0, $"the consumer app failed:\n{run.Stdout}\n{run.Stderr}");

        // It ran the assembly just packed, restored into its own folder.
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith(
            version,
            lines.Single(l => l.StartsWith("version: ", StringComparison.Ordinal))["version: ".Length..],
            StringComparison.Ordinal
        );
        var restored = Path.Combine(packages, "infra.constructs", version, "lib", "net10.0", "Infra.Constructs.dll");
        Assert.True(File.Exists(restored), $"not restored into the test's own folder: {restored}");
        var loaded = lines.Single(l => l.StartsWith("library: ", StringComparison.Ordinal))["library: ".Length..];
        Assert.Equal(File.ReadAllBytes(restored), File.ReadAllBytes(loaded));

        // The migration functions and the user bootstrap run the package the library carries, staged whole.
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ConsumerStack.template.json")));
        var keys = template
            .RootElement.GetProperty("Resources")
            .EnumerateObject()
            .Where(r =>
                r.Value.GetProperty("Type").GetString() == "AWS::Lambda::Function"
                && r.Value.GetProperty("Properties").TryGetProperty("Handler", out var handler)
                && handler.GetString()!.StartsWith("MigrationFunction::", StringComparison.Ordinal)
            )
            .Select(r => r.Value.GetProperty("Properties").GetProperty("Code").GetProperty("S3Key").GetString()!)
            .ToList();
        Assert.Equal(3, keys.Count);
        var asset = Path.Combine(output, "asset." + Assert.Single(keys.Distinct())[..^".zip".Length]);
        foreach (
            var file in new[]
            {
                "MigrationFunction.dll",
                "SchemaSync.dll",
                "Npgsql.dll",
                "MigrationFunction.runtimeconfig.json",
                "rds-ca-bundle.pem",
            }
        )
            Assert.True(File.Exists(Path.Combine(asset, file)), $"{file} is missing from the staged function package");
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(Path.Combine(asset, "rds-ca-bundle.pem"));
        Assert.True(certificates.Count >= 100, $"{certificates.Count} certificates in the staged CA bundle");

        // The web function runs the team's image at its immutable tag, never a mutable one.
        var image = template
            .RootElement.GetProperty("Resources")
            .EnumerateObject()
            .Single(r =>
                r.Value.GetProperty("Type").GetString() == "AWS::Lambda::Function"
                && r.Value.GetProperty("Properties").TryGetProperty("PackageType", out _)
            )
            .Value.GetProperty("Properties")
            .GetProperty("Code")
            .GetProperty("ImageUri")
            .ToString();
        Assert.Contains("team/app:v1", image, StringComparison.Ordinal);

        // The README's last step: `npx cdk synth` in the app's folder runs it through its cdk.json (the CLI this
        // repository pins). MSBuild reads the test's package version and cache from the environment.
        var cli = ProcessRunner.Run(
            "node",
            [Path.Combine(TestPaths.RepositoryRoot, "node_modules", "aws-cdk", "bin", "cdk"), "synth", "--quiet", "-o", "cdk.out"],
            new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = packages,
                ["InfraConstructsVersion"] = version,
                ["RestoreFallbackFolders"] = machineCache,
                ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20",
            },
            workingDirectory: app
        );
        Assert.True(cli.ExitCode == 0, $"npx cdk synth failed in the README's app:\n{cli.Stdout}\n{cli.Stderr}");
        Assert.True(File.Exists(Path.Combine(app, "cdk.out", "ConsumerStack.template.json")), "cdk synth wrote no ConsumerStack template");
    }

    /// <summary>The cdk.json constructs/README.md tells a team to write.</summary>
    private static string ReadmeCdkJson()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "constructs", "README.md"));
        var match = Regex.Match(readme, @"```json\n\s*(?<json>\{ ""app"": [^\n]+)\n\s*```");
        Assert.True(match.Success, "constructs/README.md shows no cdk.json");
        return match.Groups["json"].Value.Trim() + "\n";
    }

    /// <summary>The packed package's dependencies as "id range", from its .nuspec.</summary>
    private static IEnumerable<string> PackedDependencies(string package)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = System.Xml.Linq.XDocument.Load(stream);
        return document
            .Descendants()
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => $"{e.Attribute("id")!.Value} {e.Attribute("version")!.Value}")
            .Distinct()
            .Order(StringComparer.Ordinal);
    }
}
