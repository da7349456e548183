using Infra.TestSupport;
using MigrationFunction.Database;
using Npgsql;

namespace MigrationFunction.Tests.Database;

/// <summary>
/// Verified TLS and per-connection tokens against a real PostgreSQL that requires TLS and a password. The test's
/// token source stands in for RDS IAM tokens (the server checks a password where RDS would check the signature).
/// </summary>
[Collection(TlsPostgresCollection.Name)]
public sealed class DatabaseConnectorTests
{
    private const string User = "tls_user";
    private const string Token = "token-for-tls-user";
    private readonly TlsPostgres _postgres;

    public DatabaseConnectorTests(TlsPostgres postgres)
    {
        _postgres = postgres;
        _postgres.Server.Execute(
            $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{User}') THEN CREATE ROLE {User} LOGIN PASSWORD "
                + $"'{Token}'; END IF; END $$;"
        );
    }

    private sealed class CountingTokenSource(string token) : ITokenSource
    {
        public int Calls { get; private set; }

        public string TokenFor(DatabaseEndpoint endpoint)
        {
            Calls++;
            return token;
        }
    }

    private DatabaseEndpoint Endpoint => new("localhost", _postgres.Server.Port, "postgres", User);

    [Fact]
    public async Task Connects_over_tls_verified_against_the_bundle_with_a_token_per_connection()
    {
        var tokens = new CountingTokenSource(Token);
        await using var dataSource = DatabaseConnector.Create(Endpoint, tokens, _postgres.Tls.CaFile);

        for (var i = 0; i < 3; i++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
            Assert.True((bool)(await command.ExecuteScalarAsync())!);
        }

        Assert.Equal(3, tokens.Calls);
    }

    [Fact]
    public async Task Refuses_a_server_the_bundle_does_not_vouch_for()
    {
        using var otherCa = new TlsFiles("localhost");
        await using var dataSource = DatabaseConnector.Create(Endpoint, new CountingTokenSource(Token), otherCa.CaFile);

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await dataSource.OpenConnectionAsync());

        Assert.Contains("certificate", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refuses_a_server_whose_certificate_names_another_host()
    {
        // Signed by the trusted CA, but for db.internal only: verify-CA would accept it, verify-full must not.
        using var tls = new TlsFiles("db.internal", includeLoopbackAddress: false);
        using var server = PostgresServer.WithTls(tls);
        server.Execute($"CREATE ROLE {User} LOGIN PASSWORD '{Token}'");
        var endpoint = new DatabaseEndpoint("127.0.0.1", server.Port, "postgres", User);
        var caOnly = new NpgsqlConnectionStringBuilder(server.ConnectionString(user: User))
        {
            SslMode = SslMode.VerifyCA,
            RootCertificate = tls.CaFile,
            Password = Token,
        };
        await using (var verifiedCaOnly = new NpgsqlConnection(caOnly.ConnectionString))
            await verifiedCaOnly.OpenAsync();

        await using var dataSource = DatabaseConnector.Create(endpoint, new CountingTokenSource(Token), tls.CaFile);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await dataSource.OpenConnectionAsync());

        // The same CA, the same server: only the name check differs between the two modes.
        Assert.Contains("remote certificate was rejected", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_refused_with_a_wrong_token()
    {
        await using var dataSource = DatabaseConnector.Create(Endpoint, new CountingTokenSource("expired-token"), _postgres.Tls.CaFile);

        var error = await Assert.ThrowsAsync<PostgresException>(async () => await dataSource.OpenConnectionAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public void Fails_closed_when_the_bundle_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("no-bundle-").FullName;
        try
        {
            var located = Assert.Throws<InvalidOperationException>(() => CaBundle.Locate(empty));
            Assert.Contains("refusing to connect without verified TLS", located.Message, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(empty, CaBundle.FileName), "not a certificate");
            Assert.Contains(
                "holds no certificate",
                Assert.Throws<InvalidOperationException>(() => CaBundle.Locate(empty)).Message,
                StringComparison.Ordinal
            );

            var created = Assert.Throws<InvalidOperationException>(() =>
                DatabaseConnector.Create(Endpoint, new CountingTokenSource(Token), Path.Combine(empty, "missing.pem"))
            );
            Assert.Contains("refusing to connect without verified TLS", created.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
