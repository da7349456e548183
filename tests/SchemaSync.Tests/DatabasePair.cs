using Infra.TestSupport;
using Npgsql;
using SchemaSync.Inspection;
using SchemaSync.Model;

namespace SchemaSync.Tests;

/// <summary>
/// A fresh source (desired, DEV) and target (current, PROD) database on one server, each prepared as production
/// prepares it (<see cref="ProductionDatabase"/>). The optional setup SQL runs as the superuser (cluster-wide things a
/// deploy makes, such as roles); the schema SQL runs as <c>schema_sync</c>, so its objects are owned as in production.
/// Connections are <c>schema_sync</c>'s, and the constructor proves that role has no superuser, CREATEROLE or BYPASSRLS.
/// </summary>
internal sealed class DatabasePair
{
    private readonly PostgresServer _server;

    public DatabasePair(PostgresServer server, string sourceSql, string targetSql, string setupSql = "")
    {
        _server = server;
        if (!string.IsNullOrWhiteSpace(setupSql))
            server.Execute(setupSql);
        Source = ProductionDatabase.Create(server, "src");
        Target = ProductionDatabase.Create(server, "tgt");
        ProductionDatabase.AssertUnprivileged(server);
        if (!string.IsNullOrWhiteSpace(sourceSql))
            server.ExecuteAs(ProductionDatabase.SchemaSyncUser, sourceSql, Source);
        if (!string.IsNullOrWhiteSpace(targetSql))
            server.ExecuteAs(ProductionDatabase.SchemaSyncUser, targetSql, Target);
    }

    public PostgresServer Server => _server;

    public string Source { get; }

    public string Target { get; }

    public string SourceConnection => ProductionDatabase.SchemaSyncConnection(_server, Source);

    public string TargetConnection => ProductionDatabase.SchemaSyncConnection(_server, Target);

    public Task<DatabaseModel> InspectSourceAsync(InspectionOptions? options = null) => InspectAsync(SourceConnection, options);

    public Task<DatabaseModel> InspectTargetAsync(InspectionOptions? options = null) => InspectAsync(TargetConnection, options);

    public static async Task<DatabaseModel> InspectAsync(string connectionString, InspectionOptions? options = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await CatalogInspector.InspectAsync(connection, options);
    }

    /// <summary>Runs SQL on the target as schema_sync (a change as production's user could make it).</summary>
    public void ExecuteTarget(string sql) => _server.ExecuteAs(ProductionDatabase.SchemaSyncUser, sql, Target);

    /// <summary>Reads one value from the target as the superuser (a test's view, not the engine's).</summary>
    public T QueryTarget<T>(string sql)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString(Target));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
