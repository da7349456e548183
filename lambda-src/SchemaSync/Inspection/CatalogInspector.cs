using Npgsql;
using SchemaSync.Model;

namespace SchemaSync.Inspection;

/// <summary>Reads a database's catalog into a <see cref="DatabaseModel"/>: one query per object kind, one round trip.</summary>
public static class CatalogInspector
{
    /// <summary>Inspects the database <paramref name="connection"/> is open on (read-only; the transaction, if any, is the caller's).</summary>
    public static async Task<DatabaseModel> InspectAsync(NpgsqlConnection connection, InspectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new InspectionOptions();

        string[] queries =
        [
            CatalogQueries.Schemas, CatalogQueries.Extensions, CatalogQueries.Enums, CatalogQueries.Domains,
            CatalogQueries.CompositeTypes, CatalogQueries.Sequences, CatalogQueries.Tables, CatalogQueries.Columns,
            CatalogQueries.Constraints, CatalogQueries.Indexes, CatalogQueries.Views, CatalogQueries.Functions,
            CatalogQueries.Triggers, CatalogQueries.Policies, CatalogQueries.Comments, CatalogQueries.Unmanaged, CatalogQueries.Access,
            .. options.IncludePrivileges ? new[] { CatalogQueries.Privileges, CatalogQueries.DefaultPrivileges } : [],
        ];
        await using var batch = new NpgsqlBatch(connection);
        // Qualify every deparsed name: the same object then prints the same way in both databases. The batch runs in
        // one (implicit or the caller's) transaction, so a transaction-local setting covers every query after it.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('search_path', 'pg_catalog', true)"));
        foreach (var sql in queries)
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql.Contains("@schemas", StringComparison.Ordinal))
                command.Parameters.AddWithValue("schemas", options.ExcludedSchemas.ToArray());
            if (sql.Contains("@tables", StringComparison.Ordinal))
                command.Parameters.AddWithValue("tables", options.ExcludedTables.ToArray());
            if (sql.Contains("@role", StringComparison.Ordinal))
                command.Parameters.Add(new NpgsqlParameter("role", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)options.ApplyingRole ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await ReadAsync(reader, _ => 0, cancellationToken).ConfigureAwait(false);
        var model = new DatabaseModel
        {
            Schemas = await NextAsync(reader, r => new SchemaDef(r.GetString(0)), cancellationToken).ConfigureAwait(false),
            Extensions = await NextAsync(reader, r => new ExtensionDef(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken).ConfigureAwait(false),
            Enums = await NextAsync(reader, r => new EnumDef(r.GetString(0), r.GetString(1), new ValueList<string>(r.GetFieldValue<string[]>(2))), cancellationToken).ConfigureAwait(false),
            Domains = await NextAsync(reader, ReadDomain, cancellationToken).ConfigureAwait(false),
            CompositeTypes = await NextAsync(reader, r => new CompositeTypeDef(r.GetString(0), r.GetString(1), new ValueList<string>(r.GetFieldValue<string[]>(2))), cancellationToken).ConfigureAwait(false),
            Sequences = await NextAsync(reader, r => new SequenceDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetBoolean(8), NullableString(r, 9)), cancellationToken).ConfigureAwait(false),
            Tables = await NextAsync(reader, r => new TableDef(r.GetString(0), r.GetString(1), r.GetBoolean(2), NullableString(r, 3), NullableString(r, 4), NullableString(r, 5), r.GetBoolean(6), r.GetBoolean(7), Strings(r, 8), r.GetString(9)), cancellationToken).ConfigureAwait(false),
            Columns = await NextAsync(reader, ReadColumn, cancellationToken).ConfigureAwait(false),
            Constraints = await NextAsync(reader, r => new ConstraintDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.GetBoolean(5)), cancellationToken).ConfigureAwait(false),
            Indexes = await NextAsync(reader, r => new IndexDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4)), cancellationToken).ConfigureAwait(false),
            Views = await NextAsync(reader, r => new ViewDef(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), new ValueList<string>(r.GetFieldValue<string[]>(4).Order(StringComparer.Ordinal)), Strings(r, 5)), cancellationToken).ConfigureAwait(false),
            Functions = await NextAsync(reader, r => new FunctionDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), cancellationToken).ConfigureAwait(false),
            Triggers = await NextAsync(reader, r => new TriggerDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), cancellationToken).ConfigureAwait(false),
            Policies = await NextAsync(reader, ReadPolicy, cancellationToken).ConfigureAwait(false),
            Comments = await NextAsync(reader, r => new CommentDef(r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false),
            Unmanaged = await NextAsync(reader, r => new UnmanagedObjectDef(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken).ConfigureAwait(false),
            Access = await NextAsync(reader, r => new AccessDef(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetBoolean(3)), cancellationToken).ConfigureAwait(false),
        };
        if (options.IncludePrivileges)
        {
            model = model with
            {
                Privileges = await NextAsync(reader, r => new PrivilegeDef(r.GetString(0), r.GetString(1), new ValueList<string>(r.GetFieldValue<string[]>(2))), cancellationToken).ConfigureAwait(false),
                DefaultPrivileges = await NextAsync(reader, r => new DefaultPrivilegeDef(r.GetString(0), NullableString(r, 1), r.GetString(2), r.GetString(3), new ValueList<string>(r.GetFieldValue<string[]>(4))), cancellationToken).ConfigureAwait(false),
            };
        }
        return model.Sorted();
    }

    /// <summary>The exclusions (unquoted names) that match no schema or table of this database, as the CLI options name them.</summary>
    public static async Task<IReadOnlyList<string>> UnmatchedExclusionsAsync(NpgsqlConnection connection, IReadOnlyList<string> schemas, IReadOnlyList<string> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("""
            SELECT '--exclude-schema ' || quote_literal(s) FROM unnest(@schemas::text[]) s WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s)
            UNION ALL
            SELECT '--exclude-table ' || quote_literal(t) FROM unnest(@tables::text[]) t WHERE NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname || '.' || c.relname = t)
            """, connection);
        command.Parameters.AddWithValue("schemas", schemas.ToArray());
        command.Parameters.AddWithValue("tables", tables.ToArray());
        var unmatched = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            unmatched.Add(reader.GetString(0));
        return unmatched;
    }

    private static ColumnDef ReadColumn(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt16(3), r.GetString(4), NullableString(r, 5), r.GetBoolean(6),
        NullableString(r, 7), r.GetString(8), NullableString(r, 9), r.GetBoolean(10), r.GetString(11), Strings(r, 12), r.GetString(13),
        NullableString(r, 14) is { } sequence ? new IdentitySequenceDef(sequence, Strings(r, 15)) : null, r.GetBoolean(16));

    private static ValueList<string> Strings(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<string[]>(ordinal));

    private static DomainDef ReadDomain(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), r.GetBoolean(5),
        new ValueList<DomainConstraintDef>(r.GetFieldValue<string[]>(6).Zip(r.GetFieldValue<string[]>(7), (name, definition) => new DomainConstraintDef(name, definition))));

    private static PolicyDef ReadPolicy(NpgsqlDataReader r)
    {
        var sql = $"CREATE POLICY {r.GetString(2)} ON {r.GetString(0)}.{r.GetString(1)} AS {r.GetString(3)} FOR {r.GetString(4)}"
            + $" TO {string.Join(", ", r.GetFieldValue<string[]>(5))}"
            + (NullableString(r, 6) is { } qual ? $" USING ({qual})" : "")
            + (NullableString(r, 7) is { } check ? $" WITH CHECK ({check})" : "");
        return new PolicyDef(r.GetString(0), r.GetString(1), r.GetString(2), sql);
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<ValueList<T>> ReadAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            items.Add(map(reader));
        return new ValueList<T>(items);
    }

    private static async Task<ValueList<T>> NextAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException("the catalog batch returned fewer result sets than queries");
        return await ReadAsync(reader, map, cancellationToken).ConfigureAwait(false);
    }
}
