using System.Text.Json;
using Npgsql;

namespace MigrationFunction.Revisions;

/// <summary>
/// The journal table in the target database (<c>schema_sync.journal</c>, a schema the engine never diffs). Its row is
/// written inside the apply transaction, so a committed schema change always has its journal row, and a rolled-back
/// one never does.
/// </summary>
public static class Journal
{
    /// <summary>Creates the journal if needed and records <paramref name="record"/>, in the caller's transaction.</summary>
    public static async Task RecordAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        RevisionRecord record,
        string sql,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = new NpgsqlCommand(
            """
            CREATE SCHEMA IF NOT EXISTS schema_sync;
            CREATE TABLE IF NOT EXISTS schema_sync.journal (
                id text PRIMARY KEY,
                plan_hash text NOT NULL,
                record jsonb NOT NULL,
                sql text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO schema_sync.journal (id, plan_hash, record, sql) VALUES (@id, @hash, @record::jsonb, @sql);
            """,
            connection,
            transaction
        );
        command.Parameters.AddWithValue("id", record.Id);
        command.Parameters.AddWithValue("hash", record.PlanHash);
        command.Parameters.AddWithValue("record", JsonSerializer.Serialize(record, FunctionJson.Default.RevisionRecord));
        command.Parameters.AddWithValue("sql", sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The journal's record of the apply of <paramref name="planHash"/>, if that plan was ever applied here.</summary>
    public static async Task<RevisionRecord?> FindAsync(NpgsqlConnection connection, string planHash, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, cancellationToken).ConfigureAwait(false))
            return null;
        await using var command = new NpgsqlCommand(
            "SELECT record::text FROM schema_sync.journal WHERE plan_hash = @hash ORDER BY id DESC LIMIT 1",
            connection
        );
        command.Parameters.AddWithValue("hash", planHash);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize(json, FunctionJson.Default.RevisionRecord)
            : null;
    }

    /// <summary>The newest <paramref name="count"/> journal records (none when the journal does not exist yet).</summary>
    public static async Task<IReadOnlyList<RevisionRecord>> LatestAsync(
        NpgsqlConnection connection,
        int count,
        CancellationToken cancellationToken
    )
    {
        if (!await ExistsAsync(connection, cancellationToken).ConfigureAwait(false))
            return [];
        await using var command = new NpgsqlCommand(
            "SELECT record::text FROM schema_sync.journal ORDER BY id DESC LIMIT @count",
            connection
        );
        command.Parameters.AddWithValue("count", count);
        var records = new List<RevisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            records.Add(JsonSerializer.Deserialize(reader.GetString(0), FunctionJson.Default.RevisionRecord)!);
        return records;
    }

    /// <summary>Whether the journal exists yet (the first apply creates it).</summary>
    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_sync.journal') IS NOT NULL", connection);
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
