using System.Text.Json;
using Infra.TestSupport;
using MigrationFunction.Auth;

namespace MigrationFunction.Tests.Auth;

/// <summary>
/// The token must be exactly what AWS's own signer makes: @aws-sdk/rds-signer (pinned in package-lock.json) runs
/// in node with the same frozen clock and credentials. It stands in for RDS, which would accept or refuse the token.
/// </summary>
public class RdsAuthTokenTests
{
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    private static string Reference(string host, int port, string user, string region, AwsCredentials credentials, DateTime at)
    {
        var input = JsonSerializer.Serialize(
            new
            {
                hostname = host,
                port,
                username = user,
                region,
                accessKeyId = credentials.AccessKeyId,
                secretAccessKey = credentials.SecretAccessKey,
                sessionToken = credentials.SessionToken,
                isoTime = at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            }
        );
        var script = Path.Combine(AppContext.BaseDirectory, "reference-rds-token.mjs");
        var result = ProcessRunner.Run(
            "node",
            [script, input],
            new Dictionary<string, string> { ["INFRA_ROOT"] = TestPaths.RepositoryRoot }
        );
        Assert.True(result.ExitCode == 0, $"the reference signer failed (run `npm ci` at the repository root): {result.Stderr}");
        return result.Stdout;
    }

    [Theory]
    [InlineData("prod-db.abc123xyz.ap-northeast-2.rds.amazonaws.com", 5432, "schema_sync", "ap-northeast-2", null)]
    [InlineData("dev-db.abc123xyz.eu-west-1.rds.amazonaws.com", 6543, "app", "eu-west-1", "FwoGZXIvYXdzEJr//////////wEaDK+session/token=")]
    public void Equals_the_reference_signer_byte_for_byte(string host, int port, string user, string region, string? sessionToken)
    {
        var credentials = Credentials with { SessionToken = sessionToken };
        var at = new DateTime(2026, 11, 22, 3, 4, 5, DateTimeKind.Utc);

        var token = RdsAuthToken.Generate(host, port, user, region, credentials, at);

        Assert.Equal(Reference(host, port, user, region, credentials, at), token);
        Assert.StartsWith($"{host}:{port}/?", token, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Expires=900", token, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Date=20261122T030405Z", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Signs_anew_with_the_current_clock_when_none_is_given()
    {
        var before = DateTime.UtcNow;

        var token = RdsAuthToken.Generate("db.example", 5432, "app", "eu-west-1", Credentials);

        var date = token.Split('&').Single(p => p.StartsWith("X-Amz-Date=", StringComparison.Ordinal))["X-Amz-Date=".Length..];
        var signedAt = DateTime.ParseExact(
            date,
            "yyyyMMdd'T'HHmmss'Z'",
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal
        );
        Assert.InRange(signedAt, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public void Never_prints_the_secret()
    {
        Assert.DoesNotContain(
            Credentials.SecretAccessKey,
            (Credentials with { SessionToken = "tok" }).ToString(),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("tok", (Credentials with { SessionToken = "tok" }).ToString(), StringComparison.Ordinal);
    }
}
