using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Infra.TestSupport;
using MigrationFunction.Database;
using MigrationFunction.Handling;
using MigrationFunction.Revisions;
using Npgsql;

namespace MigrationFunction.Tests.Handling;

/// <summary>
/// The function wired to real parts: a DEV and a PROD database on a PostgreSQL that requires TLS and a password,
/// and S3 as an S3-compatible server on loopback. Stand-ins for AWS: a fixed token where Lambda signs an IAM token,
/// and s3rver's fixed keys where the role's credentials would be.
/// </summary>
internal sealed class FunctionHarness
{
    public const string User = "schema_sync_fn";
    public const string Token = "iam-token-stand-in";

    public FunctionHarness(TlsPostgres postgres, S3Server s3, string devSql, string prodSql)
    {
        Postgres = postgres;
        postgres.Server.Execute($"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{User}') THEN CREATE ROLE {User} LOGIN PASSWORD '{Token}'; END IF; END $$;");
        Dev = postgres.Server.CreateDatabase("dev", owner: User);
        Prod = postgres.Server.CreateDatabase("prod", owner: User);
        RunAsUser(Dev, devSql);
        RunAsUser(Prod, prodSql);
        S3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config { ServiceURL = s3.ServiceUrl, ForcePathStyle = true });
        Store = new S3RevisionStore(S3, s3.Bucket);
        Prefix = $"revisions/{Guid.NewGuid():N}/";
    }

    public TlsPostgres Postgres { get; }

    public string Dev { get; }

    public string Prod { get; }

    public IAmazonS3 S3 { get; }

    public IRevisionStore Store { get; set; }

    public string Prefix { get; }

    public StringWriter Log { get; } = new();

    public FunctionSettings Settings => SettingsFor(User);

    public FunctionSettings SettingsFor(string user) => new(
        new DatabaseEndpoint("localhost", Postgres.Server.Port, Dev, user),
        new DatabaseEndpoint("localhost", Postgres.Server.Port, Prod, user),
        "eu-west-1", "revisions", Prefix);

    public Handler Handler() => new(() => new FunctionServices(Settings, Connect, Store, TimeProvider.System, Log));

    /// <summary>The plan-only function, signed in as <paramref name="user"/>.</summary>
    public PlanOnlyHandler PlanOnlyHandler(string user) => new(() => new FunctionServices(SettingsFor(user), Connect, Store, TimeProvider.System, Log));

    /// <summary>Creates a login that may connect to both databases and read, nothing more (as the plan-only function's user).</summary>
    public string CreateReadOnlyUser()
    {
        const string reader = "schema_plan_fn";
        Postgres.Server.Execute($"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{reader}') THEN CREATE ROLE {reader} LOGIN PASSWORD '{Token}'; END IF; END $$;"
            + $"ALTER ROLE {reader} SET default_transaction_read_only = on;");
        foreach (var database in new[] { Dev, Prod })
        {
            RunAsUser(database, $"REVOKE ALL ON DATABASE {database} FROM PUBLIC; GRANT CONNECT ON DATABASE {database} TO {reader}; "
                + $"CREATE SCHEMA IF NOT EXISTS schema_sync; GRANT USAGE ON SCHEMA schema_sync TO {reader}; "
                + $"ALTER DEFAULT PRIVILEGES IN SCHEMA schema_sync GRANT SELECT ON TABLES TO {reader};");
        }
        return reader;
    }

    public NpgsqlDataSource Connect(DatabaseEndpoint endpoint) => DatabaseConnector.Create(endpoint, new FixedToken(Token), Postgres.Tls.CaFile);

    public Task<JsonElement> InvokeAsync(string json) => ParseAsync(Handler().Handle(Request(json)));

    public Task<JsonElement> InvokePlanOnlyAsync(string user, string json) => ParseAsync(PlanOnlyHandler(user).Handle(Request(json)));

    private static MemoryStream Request(string json) => new(Encoding.UTF8.GetBytes(json));

    private static async Task<JsonElement> ParseAsync(Task<Stream> response)
    {
        await using var output = await response;
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }

    public void RunAsUser(string database, string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
            return;
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Postgres.Server.ConnectionString(database)) { Host = Postgres.Server.SocketDirectory, Username = User }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public T QueryProd<T>(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Postgres.Server.ConnectionString(Prod)) { Host = Postgres.Server.SocketDirectory }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private sealed class FixedToken(string token) : ITokenSource
    {
        public string TokenFor(DatabaseEndpoint endpoint) => token;
    }
}
