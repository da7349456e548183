using Infra.TestSupport;
using Npgsql;
using SchemaSync.Inspection;
using SchemaSync.Model;

namespace SchemaSync.Tests;

/// <summary>A fresh source (desired) and target (current) database on the shared server.</summary>
internal sealed class DatabasePair
{
    private readonly PostgresServer _server;

    public DatabasePair(PostgresServer server, string sourceSql, string targetSql)
    {
        _server = server;
        Source = server.CreateDatabase("src");
        Target = server.CreateDatabase("tgt");
        if (!string.IsNullOrWhiteSpace(sourceSql))
            server.Execute(sourceSql, Source);
        if (!string.IsNullOrWhiteSpace(targetSql))
            server.Execute(targetSql, Target);
    }

    public string Source { get; }

    public string Target { get; }

    public string SourceConnection => _server.ConnectionString(Source);

    public string TargetConnection => _server.ConnectionString(Target);

    public Task<DatabaseModel> InspectSourceAsync(InspectionOptions? options = null) => InspectAsync(SourceConnection, options);

    public Task<DatabaseModel> InspectTargetAsync(InspectionOptions? options = null) => InspectAsync(TargetConnection, options);

    public static async Task<DatabaseModel> InspectAsync(string connectionString, InspectionOptions? options = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await CatalogInspector.InspectAsync(connection, options);
    }

    public T QueryTarget<T>(string sql)
    {
        using var connection = new NpgsqlConnection(TargetConnection);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
