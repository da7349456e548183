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
/// each prepared as production prepares it (<see cref="ProductionDatabase"/>: master-owned, the real user bootstrap
/// applied, objects in <c>app</c> owned by <c>schema_sync</c>), and S3 as an S3-compatible server on loopback.
/// Stand-ins for AWS: a fixed password where Lambda signs an IAM token, and s3rver's fixed keys where the role's
/// credentials would be.
/// </summary>
internal sealed class FunctionHarness
{
    public const string User = ProductionDatabase.SchemaSyncUser;
    public const string Token = "iam-token-stand-in";

    public FunctionHarness(TlsPostgres postgres, S3Server s3, string devSql, string prodSql)
    {
        Postgres = postgres;
        Dev = ProductionDatabase.Create(postgres.Server, "dev");
        Prod = ProductionDatabase.Create(postgres.Server, "prod");
        // The stand-in for an IAM token: the server asks TCP clients for a password.
        postgres.Server.Execute($"ALTER ROLE {User} PASSWORD '{Token}'");
        ProductionDatabase.AssertUnprivileged(postgres.Server, User);
        RunAsUser(Dev, devSql);
        RunAsUser(Prod, prodSql);
        S3 = new AmazonS3Client(
            new BasicAWSCredentials("S3RVER", "S3RVER"),
            new AmazonS3Config { ServiceURL = s3.ServiceUrl, ForcePathStyle = true }
        );
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

    public FunctionSettings SettingsFor(string user) =>
        new(
            new DatabaseEndpoint("localhost", Postgres.Server.Port, Dev, user),
            new DatabaseEndpoint("localhost", Postgres.Server.Port, Prod, user),
            "eu-west-1",
            "revisions",
            Prefix,
            User
        );

    public Handler Handler() => new(() => new FunctionServices(Settings, Connect, Store, TimeProvider.System, Log));

    /// <summary>The plan-only function, signed in as <paramref name="user"/>.</summary>
    public PlanOnlyHandler PlanOnlyHandler(string user) =>
        new(() => new FunctionServices(SettingsFor(user), Connect, Store, TimeProvider.System, Log));

    /// <summary>The plan-only function's user as the bootstrap made it (connect and read, nothing more), with the stand-in
    /// password.</summary>
    public string PlanOnlyUser()
    {
        Postgres.Server.Execute($"ALTER ROLE schema_plan PASSWORD '{Token}'");
        return "schema_plan";
    }

    public NpgsqlDataSource Connect(DatabaseEndpoint endpoint) =>
        DatabaseConnector.Create(endpoint, new FixedToken(Token), Postgres.Tls.CaFile);

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
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(Postgres.Server.ConnectionString(database))
            {
                Host = Postgres.Server.SocketDirectory,
                Username = User,
            }.ConnectionString
        );
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public T QueryProd<T>(string sql)
    {
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(Postgres.Server.ConnectionString(Prod))
            {
                Host = Postgres.Server.SocketDirectory,
            }.ConnectionString
        );
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private sealed class FixedToken(string token) : ITokenSource
    {
        public string TokenFor(DatabaseEndpoint endpoint) => token;
    }
}
