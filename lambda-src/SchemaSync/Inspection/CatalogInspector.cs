using Npgsql;
using SchemaSync.Model;

namespace SchemaSync.Inspection;

/// <summary>Reads a database's catalog into a <see cref="DatabaseModel"/>: one query per object kind, one round trip.</summary>
public static class CatalogInspector
{
    /// <summary>
    /// Every object kind the model holds: its catalog query, how a row becomes an object, and where the list goes in
    /// the model. Adding a kind adds one line here (and its query in <see cref="CatalogQueries"/>).
    /// </summary>
    private static readonly ObjectKind[] Kinds =
    [
        new ObjectKind<SchemaDef>(CatalogQueries.Schemas, r => new SchemaDef(r.GetString(0)), (m, v) => m with { Schemas = v }),
        new ObjectKind<ExtensionDef>(
            CatalogQueries.Extensions,
            r => new ExtensionDef(r.GetString(0), r.GetString(1), r.GetString(2)),
            (m, v) => m with { Extensions = v }
        ),
        new ObjectKind<EnumDef>(
            CatalogQueries.Enums,
            r => new EnumDef(r.GetString(0), r.GetString(1), Strings(r, 2)),
            (m, v) => m with { Enums = v }
        ),
        new ObjectKind<DomainDef>(CatalogQueries.Domains, ReadDomain, (m, v) => m with { Domains = v }),
        new ObjectKind<CollationDef>(
            CatalogQueries.Collations,
            r => new CollationDef(r.GetString(0), r.GetString(1), r.GetString(2)),
            (m, v) => m with { Collations = v }
        ),
        new ObjectKind<CompositeTypeDef>(
            CatalogQueries.CompositeTypes,
            r => new CompositeTypeDef(r.GetString(0), r.GetString(1), Strings(r, 2)),
            (m, v) => m with { CompositeTypes = v }
        ),
        new ObjectKind<SequenceDef>(
            CatalogQueries.Sequences,
            r => new SequenceDef(
                r.GetString(0),
                r.GetString(1),
                r.GetString(2),
                r.GetInt64(3),
                r.GetInt64(4),
                r.GetInt64(5),
                r.GetInt64(6),
                r.GetInt64(7),
                r.GetBoolean(8),
                NullableString(r, 9)
            ),
            (m, v) => m with { Sequences = v }
        ),
        new ObjectKind<TableDef>(
            CatalogQueries.Tables,
            (r, tables) =>
                tables.Add(
                    r.GetFieldValue<uint>(11),
                    new TableDef(
                        r.GetString(0),
                        r.GetString(1),
                        r.GetBoolean(2),
                        NullableString(r, 3),
                        NullableString(r, 4),
                        NullableString(r, 5),
                        r.GetBoolean(6),
                        r.GetBoolean(7),
                        Strings(r, 8),
                        r.GetString(9),
                        NullableString(r, 10)
                    )
                ),
            (m, v) => m with { Tables = v }
        ),
        // After the tables: a column row names its table by oid, looked up in the tables read.
        new ObjectKind<ColumnDef>(CatalogQueries.Columns, ReadColumn, (m, v) => m with { Columns = v }),
        new ObjectKind<ConstraintDef>(
            CatalogQueries.Constraints,
            r => new ConstraintDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.GetBoolean(5)),
            (m, v) => m with { Constraints = v }
        ),
        new ObjectKind<IndexDef>(
            CatalogQueries.Indexes,
            r => new IndexDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), r.GetBoolean(5)),
            (m, v) => m with { Indexes = v }
        ),
        new ObjectKind<ViewDef>(
            CatalogQueries.Views,
            r => new ViewDef(
                r.GetString(0),
                r.GetString(1),
                r.GetBoolean(2),
                r.GetString(3),
                new ValueList<string>(r.GetFieldValue<string[]>(4).Order(StringComparer.Ordinal)),
                Strings(r, 5)
            ),
            (m, v) => m with { Views = v }
        ),
        new ObjectKind<FunctionDef>(
            CatalogQueries.Functions,
            r => new FunctionDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)),
            (m, v) => m with { Functions = v }
        ),
        new ObjectKind<TriggerDef>(
            CatalogQueries.Triggers,
            r => new TriggerDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)),
            (m, v) => m with { Triggers = v }
        ),
        new ObjectKind<PolicyDef>(CatalogQueries.Policies, ReadPolicy, (m, v) => m with { Policies = v }),
        new ObjectKind<CommentDef>(
            CatalogQueries.Comments,
            r => new CommentDef(r.GetString(0), r.GetString(1)),
            (m, v) => m with { Comments = v }
        ),
        new ObjectKind<UnmanagedObjectDef>(
            CatalogQueries.Unmanaged,
            r => new UnmanagedObjectDef(r.GetString(0), r.GetString(1), r.GetString(2)),
            (m, v) => m with { Unmanaged = v }
        ),
        new ObjectKind<AccessDef>(
            CatalogQueries.Access,
            r => new AccessDef(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetBoolean(3)),
            (m, v) => m with { Access = v }
        ),
        new ObjectKind<DependencyDef>(
            CatalogQueries.Dependencies,
            r => new DependencyDef(r.GetString(0), r.GetString(1)),
            (m, v) => m with { Dependencies = v }
        )
        {
            WithoutNestedLoops = true,
        },
    ];

    /// <summary>The kinds read only when privileges are inspected.</summary>
    private static readonly ObjectKind[] PrivilegeKinds =
    [
        new ObjectKind<PrivilegeDef>(
            CatalogQueries.Privileges,
            r => new PrivilegeDef(r.GetString(0), r.GetString(1), Strings(r, 2)),
            (m, v) => m with { Privileges = v }
        ),
        new ObjectKind<DefaultPrivilegeDef>(
            CatalogQueries.DefaultPrivileges,
            r => new DefaultPrivilegeDef(r.GetString(0), NullableString(r, 1), r.GetString(2), r.GetString(3), Strings(r, 4)),
            (m, v) => m with { DefaultPrivileges = v }
        ),
    ];

    /// <summary>Inspects the database <paramref name="connection"/> is open on (read-only; the transaction, if any, is the
    /// caller's).</summary>
    public static async Task<DatabaseModel> InspectAsync(
        NpgsqlConnection connection,
        InspectionOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new InspectionOptions();

        ObjectKind[] kinds = [.. Kinds, .. options.IncludePrivileges ? PrivilegeKinds : []];
        await using var batch = new NpgsqlBatch(connection);
        // Qualify every deparsed name: the same object then prints the same way in both databases. The batch runs in
        // one (implicit or the caller's) transaction, so a transaction-local setting covers every query after it.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('search_path', 'pg_catalog', true)"));
        // What each later result set holds: a kind's rows, or nothing to read (a setting around a kind).
        var results = new List<ObjectKind?>();
        foreach (var kind in kinds)
        {
            var command = new NpgsqlBatchCommand(kind.Sql);
            if (kind.Sql.Contains("@schemas", StringComparison.Ordinal))
                command.Parameters.AddWithValue("schemas", options.ExcludedSchemas.ToArray());
            if (kind.Sql.Contains("@tables", StringComparison.Ordinal))
                command.Parameters.AddWithValue("tables", options.ExcludedTables.ToArray());
            if (kind.Sql.Contains("@role", StringComparison.Ordinal))
                command.Parameters.Add(
                    new NpgsqlParameter("role", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)options.ApplyingRole ?? DBNull.Value }
                );
            if (kind.WithoutNestedLoops)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(NestedLoopsOff));
                results.Add(null);
            }
            batch.BatchCommands.Add(command);
            results.Add(kind);
            if (kind.WithoutNestedLoops)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(NestedLoopsBack));
                results.Add(null);
            }
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var model = new DatabaseModel();
        var tables = new TablesRead();
        foreach (var kind in results)
        {
            if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                throw new InvalidOperationException("the catalog batch returned fewer result sets than queries");
            if (kind is not null)
                model = await kind.ReadIntoAsync(reader, model, tables, cancellationToken).ConfigureAwait(false);
        }
        return model.Sorted();
    }

    /// <summary>The exclusions (unquoted names) that match no schema or table of this database, as the CLI options name them.</summary>
    public static async Task<IReadOnlyList<string>> UnmatchedExclusionsAsync(
        NpgsqlConnection connection,
        IReadOnlyList<string> schemas,
        IReadOnlyList<string> tables,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            """
            SELECT '--exclude-schema ' || quote_literal(s) FROM unnest(@schemas::text[]) s WHERE NOT EXISTS (SELECT 1
                FROM pg_catalog.pg_namespace WHERE nspname = s)
            UNION ALL
            SELECT '--exclude-table ' || quote_literal(t) FROM unnest(@tables::text[]) t WHERE NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname || '.' || c.relname = t)
            """,
            connection
        );
        command.Parameters.AddWithValue("schemas", schemas.ToArray());
        command.Parameters.AddWithValue("tables", tables.ToArray());
        var unmatched = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            unmatched.Add(reader.GetString(0));
        return unmatched;
    }

    private static ColumnDef ReadColumn(NpgsqlDataReader r, TablesRead tables)
    {
        var table = tables.Of(r.GetFieldValue<uint>(0));
        return new(
            table.Schema,
            table.Name,
            r.GetString(1),
            r.GetInt16(2),
            r.GetString(3),
            NullableString(r, 4),
            r.GetBoolean(5),
            NullableString(r, 6),
            r.GetString(7),
            NullableString(r, 8),
            r.GetBoolean(9),
            r.GetString(10),
            r.IsDBNull(11) ? ValueList<string>.Empty : Strings(r, 11),
            r.GetString(12),
            NullableString(r, 13) is { } sequence ? new IdentitySequenceDef(sequence, Strings(r, 14)) : null,
            r.GetBoolean(15)
        );
    }

    private static ValueList<string> Strings(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<string[]>(ordinal));

    private static DomainDef ReadDomain(NpgsqlDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            NullableString(r, 3),
            NullableString(r, 4),
            r.GetBoolean(5),
            new ValueList<DomainConstraintDef>(
                r.GetFieldValue<string[]>(6)
                    .Zip(r.GetFieldValue<string[]>(7), (name, definition) => new DomainConstraintDef(name, definition))
            )
        );

    private static PolicyDef ReadPolicy(NpgsqlDataReader r)
    {
        var sql =
            $"CREATE POLICY {r.GetString(2)} ON {r.GetString(0)}.{r.GetString(1)} AS {r.GetString(3)} FOR {r.GetString(4)}"
            + $" TO {string.Join(", ", r.GetFieldValue<string[]>(5))}"
            + (NullableString(r, 6) is { } qual ? $" USING ({qual})" : "")
            + (NullableString(r, 7) is { } check ? $" WITH CHECK ({check})" : "");
        return new PolicyDef(r.GetString(0), r.GetString(1), r.GetString(2), sql);
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// Around a query whose joins the planner misjudges (the dependency query's CTEs: nested loops that filtered 39
    /// million rows on 3,000 tables, 4.5 s; 0.16 s with hash joins). The caller's setting is kept aside and given back
    /// (an apply goes on in the same transaction). Only there: for the other queries nested loops are the right plan.
    /// </summary>
    private const string NestedLoopsOff =
        "SELECT set_config('schema_sync.enable_nestloop', current_setting('enable_nestloop'), true), "
        + "set_config('enable_nestloop', 'off', true)";

    private const string NestedLoopsBack = "SELECT set_config('enable_nestloop', current_setting('schema_sync.enable_nestloop'), true)";

    /// <summary>One object kind: its query and how its result set becomes the model's list.</summary>
    private abstract record ObjectKind(string Sql)
    {
        /// <summary>Plan this kind's query without nested loops (<see cref="NestedLoopsOff"/>).</summary>
        public bool WithoutNestedLoops { get; init; }

        public abstract Task<DatabaseModel> ReadIntoAsync(
            NpgsqlDataReader reader,
            DatabaseModel model,
            TablesRead tables,
            CancellationToken cancellationToken
        );
    }

    /// <summary>One object kind; <see cref="Read"/> may use (or, for tables, fill) the tables read so far.</summary>
    private sealed record ObjectKind<T>(
        string Sql,
        Func<NpgsqlDataReader, TablesRead, T> Read,
        Func<DatabaseModel, ValueList<T>, DatabaseModel> Store
    ) : ObjectKind(Sql)
    {
        public ObjectKind(string sql, Func<NpgsqlDataReader, T> read, Func<DatabaseModel, ValueList<T>, DatabaseModel> store)
            : this(sql, (reader, _) => read(reader), store) { }

        public override async Task<DatabaseModel> ReadIntoAsync(
            NpgsqlDataReader reader,
            DatabaseModel model,
            TablesRead tables,
            CancellationToken cancellationToken
        )
        {
            var items = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                items.Add(Read(reader, tables));
            return Store(model, new ValueList<T>(items));
        }
    }

    /// <summary>
    /// The tables read so far, by oid: the column query names each column's table by oid, and its schema and name are
    /// the table row's own strings. Quoting both names again for each of 36,000 columns (3,000 tables) was a sixth of
    /// that query's time, and the reader made two more strings per column.
    /// </summary>
    private sealed class TablesRead
    {
        private readonly Dictionary<uint, TableDef> _byOid = [];

        public TableDef Add(uint oid, TableDef table)
        {
            _byOid.Add(oid, table);
            return table;
        }

        // Both queries filter tables alike and the caller's snapshot holds still (the CLI reads in one REPEATABLE READ
        // transaction); only a table created between two statements of a READ COMMITTED transaction can be missing.
        public TableDef Of(uint oid) =>
            _byOid.TryGetValue(oid, out var table)
                ? table
                : throw new InvalidOperationException(
                    $"the catalog changed while it was read (table oid {oid} has columns but was not read as a table); inspect again"
                );
    }
}
