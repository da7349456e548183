using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Tables and partitions, and their columns.</summary>
internal static class TablePlanner
{
    public static void Plan(PlanContext context)
    {
        var tables = ListDiff.Compare(context.Source.Tables, context.Target.Tables);
        // The columns CREATE TABLE writes: of the tables created, or created anew.
        var sourceColumns = context
            .Source.Columns.Where(c => context.NewTables.Contains(c.TableIdentity))
            .ToLookup(c => c.TableIdentity, StringComparer.Ordinal);

        RefuseInheritanceChanges(context);
        foreach (var table in tables.Added)
        {
            var phase = table.PartitionOf is null ? Phase.CreateTables : Phase.CreatePartitions;
            context.Builder.Add(
                phase,
                table.Identity,
                Touch.Creates(ObjectKey.Relation(table.Identity)),
                CreateTableSql(table, sourceColumns[table.Identity])
            );
            AddRowSecurity(context, table, null);
            AddReplicaIdentity(context, table, null);
        }
        foreach (var table in tables.Removed)
        {
            // Partitions go with their parent (removed, or renamed aside to become plain); dropping them too would fail.
            if (
                table.PartitionOf is not null
                && (tables.Removed.Any(t => t.Identity == table.PartitionOf) || context.Repartitioned.Contains(table.PartitionOf))
            )
                continue;
            // A partition of a table that stays goes early: a partitioned index the plan creates (ON ONLY the parent)
            // becomes valid only when every partition then present has attached an index of its own.
            var phase = table.PartitionOf is null ? Phase.DropTables : Phase.DropIndexes;
            context.Builder.Add(
                phase,
                table.Identity,
                Touch.Drops(ObjectKey.Relation(table.Identity)),
                $"DROP TABLE {table.Identity}",
                Hazard.DeletesData
            );
        }
        foreach (var (source, target) in tables.Changed)
        {
            if (context.PartitionMoves.Contains(source.Identity))
            {
                MovePartition(context, source, target);
            }
            else if (context.Repartitioned.Contains(source.Identity))
            {
                Repartition(context, source, sourceColumns[source.Identity]);
                continue;
            }
            else if (
                (source.PartitionKey, source.PartitionOf, source.PartitionBound)
                != (target.PartitionKey, target.PartitionOf, target.PartitionBound)
            )
            {
                context.Builder.Unsupported(
                    $"table {source.Identity}: partitioning changes ({Describe(target)} -> {Describe(source)}); move the data to a "
                        + "new table by hand"
                );
                continue;
            }
            if (source.Unlogged != target.Unlogged)
            {
                context.Builder.Add(
                    Phase.AlterTables,
                    source.Identity,
                    $"ALTER TABLE {source.Identity} SET {(source.Unlogged ? "UNLOGGED" : "LOGGED")}",
                    Hazard.RewritesTable,
                    Hazard.AcquiresAccessExclusiveLock
                );
            }
            AddRowSecurity(context, source, target);
            AddReplicaIdentity(context, source, target);
            AddOptions(context, source, target);
        }

        PlanColumns(context, sourceColumns);
    }

    /// <summary>
    /// Table inheritance (<c>INHERITS</c>) is not managed: a parent's column reaches its children, a child's own
    /// constraints mix with inherited ones, and ALTERs on either cascade. Any difference on a table in such a hierarchy
    /// (in either database) is refused, naming the hierarchy, rather than planned half-right.
    /// </summary>
    private static void RefuseInheritanceChanges(PlanContext context)
    {
        var hierarchy = context
            .Source.Tables.Concat(context.Target.Tables)
            .Where(t => t.Inherits is not null)
            .SelectMany(t => t.Inherits!.Split(", ").Append(t.Identity))
            .ToHashSet(StringComparer.Ordinal);
        if (hierarchy.Count == 0)
            return;
        var names = string.Join(", ", hierarchy.Order(StringComparer.Ordinal));
        foreach (var table in hierarchy.Order(StringComparer.Ordinal).Where(t => Differs(context, t)))
            context.Builder.Unsupported(
                $"table {table}: changes in a table inheritance hierarchy ({names}); schema sync does not manage INHERITS: change "
                    + "these tables by hand in both databases"
            );
    }

    /// <summary>Whether the table, or a column, constraint, index, trigger or policy of it, differs between the two models.</summary>
    private static bool Differs(PlanContext context, string table)
    {
        static bool Same<T>(IEnumerable<T> source, IEnumerable<T> target, Func<T, bool> of) =>
            source.Where(of).SequenceEqual(target.Where(of));
        var (s, t) = (context.Source, context.Target);
        return !(
            Same(s.Tables, t.Tables, x => x.Identity == table)
            && Same(s.Columns.Select(c => c with { Position = 0 }), t.Columns.Select(c => c with { Position = 0 }), c =>
                c.TableIdentity == table
            )
            && Same(s.Constraints, t.Constraints, c => c.TableIdentity == table)
            && Same(s.Indexes, t.Indexes, i => i.TableIdentity == table)
            && Same(s.Triggers, t.Triggers, x => x.TableIdentity == table)
            && Same(s.Policies, t.Policies, p => $"{p.Schema}.{p.Table}" == table)
        );
    }

    /// <summary>
    /// A partition leaves its parent (DETACH, before its columns may change) and a table joins its new parent (ATTACH:
    /// its rows are checked against the bound, its indexes attached to the parent's matching ones): a plain table
    /// becomes a partition, a partition becomes plain, or moves to another parent or bound. Its rows stay where they are.
    /// </summary>
    private static void MovePartition(PlanContext context, TableDef source, TableDef target)
    {
        if (target.PartitionOf is { } oldParent)
            context.Builder.Add(
                Phase.AlterTables,
                source.Identity,
                $"ALTER TABLE {oldParent} DETACH PARTITION {source.Identity}",
                Hazard.AcquiresAccessExclusiveLock
            );
        if (source.PartitionOf is { } parent)
            context.Builder.Add(
                Phase.AttachPartitions,
                source.Identity,
                $"ALTER TABLE {parent} ATTACH PARTITION {source.Identity} {source.PartitionBound}",
                Hazard.ValidatesData,
                Hazard.AcquiresAccessExclusiveLock
            );
    }

    /// <summary>
    /// A plain table that becomes partitioned, or a partitioned one that becomes plain: renamed aside, created again
    /// under its name (a new partitioned table's partitions are new tables), every row copied into it (a row no
    /// partition takes fails the apply, which rolls back), the old one dropped (with its partitions). A serial's
    /// sequence passes to the new table's column, an identity's counter carries on from the old one's, and foreign keys
    /// that reference the table are dropped before and added again after (ConstraintIndexPlanner).
    /// </summary>
    private static void Repartition(PlanContext context, TableDef source, IEnumerable<ColumnDef> columns)
    {
        var target = context.Target;
        var (asideName, aside) = Aside(source.Identity, source.PartitionKey is null ? "__partitioned" : "__unpartitioned");
        var copied = string.Join(
            ", ",
            columns
                .Where(c => c.Generated is null && !c.Inherited && target.Columns.Any(t => t.Identity == c.Identity))
                .OrderBy(c => c.Position)
                .Select(c => c.Name)
        );
        context.Builder.Add(
            Phase.Renames,
            source.Identity,
            $"ALTER TABLE {source.Identity} RENAME TO {asideName}",
            Hazard.AcquiresAccessExclusiveLock
        );
        context.Builder.Add(
            Phase.CreateTables,
            source.Identity,
            Touch.Creates(ObjectKey.Relation(source.Identity)),
            CreateTableSql(source, columns)
        );
        AddRowSecurity(context, source, null);
        AddReplicaIdentity(context, source, null);
        foreach (var column in columns.Where(c => !c.Inherited))
            AddSettings(context, column, null);
        var identities = columns.Where(c => c.IdentityGeneration.Length > 0 && target.Columns.Any(t => t.Identity == c.Identity)).ToList();
        var overriding = identities.Count > 0 ? " OVERRIDING SYSTEM VALUE" : "";
        context.Builder.Add(
            Phase.AttachPartitions,
            source.Identity,
            $"INSERT INTO {source.Identity} ({copied}){overriding} SELECT {copied} FROM {aside}",
            Hazard.RewritesTable,
            Hazard.ValidatesData
        );
        // The new table's identity counter carries on from the old one's (renamed aside with it, its name is taken again).
        foreach (var identity in target.Columns.Where(c => c.TableIdentity == source.Identity && c.IdentitySequence is not null))
        {
            var (sequenceAsideName, sequenceAside) = Aside(identity.IdentitySequence!.Name, "__old");
            context.Builder.Add(
                Phase.Renames,
                identity.Identity,
                $"ALTER SEQUENCE {identity.IdentitySequence.Name} RENAME TO {sequenceAsideName}"
            );
            var newSequence =
                $"pg_get_serial_sequence({SqlText.QuoteLiteral(source.Identity)}, "
                + $"{SqlText.QuoteLiteral(SqlText.UnquoteIdent(identity.Name))})";
            if (identities.Any(c => c.Name == identity.Name))
                context.Builder.Add(
                    Phase.AttachPartitions,
                    identity.Identity,
                    $"SELECT setval({newSequence}, old.last_value, old.is_called) FROM {sequenceAside} AS old"
                );
        }
        // A serial column that becomes identity as well: its sequence (owned by the old table, dropped with it) steps aside,
        // as its name may be the new identity sequence's, and hands its value to the new counter.
        foreach (var column in columns.Where(c => context.SerialToIdentity.ContainsKey(c.Identity)))
        {
            var serial = context.SerialToIdentity[column.Identity];
            var (serialAsideName, serialAside) = Aside(serial, "__serial");
            context.Builder.Add(Phase.Renames, column.Identity, $"ALTER SEQUENCE {serial} RENAME TO {serialAsideName}");
            var newSequence =
                $"pg_get_serial_sequence({SqlText.QuoteLiteral(source.Identity)}, "
                + $"{SqlText.QuoteLiteral(SqlText.UnquoteIdent(column.Name))})";
            context.Builder.Add(
                Phase.AttachPartitions,
                column.Identity,
                $"SELECT setval({newSequence}, old.last_value, old.is_called) FROM {serialAside} AS old"
            );
        }
        // A serial's sequence is owned by the old table's column: it passes to the new one before the old table is dropped.
        foreach (
            var sequence in context.Source.Sequences.Where(s =>
                s.OwnedBy is { } owner && owner.StartsWith(source.Identity + ".", StringComparison.Ordinal)
            )
        )
            context.Builder.Add(
                Phase.SequenceOwnership,
                sequence.Identity,
                $"ALTER SEQUENCE {sequence.Identity} OWNED BY {sequence.OwnedBy}"
            );
        context.Builder.Add(Phase.DropTables, source.Identity, $"DROP TABLE {aside}");
    }

    private static void PlanColumns(PlanContext context, ILookup<string, ColumnDef> sourceColumns)
    {
        // Inherited columns (of partitions) come from the parent.
        var columns = ListDiff.Compare(context.OwnColumns.Source, context.OwnColumns.Target);
        foreach (var column in columns.Added.Where(c => !context.NewTables.Contains(c.TableIdentity)))
        {
            if (column.NotNull && column.Default is null && column.Generated is null && column.IdentityGeneration.Length == 0)
            {
                AddWithBackfill(context, column);
                continue;
            }
            var hazards = new List<Hazard> { Hazard.AcquiresAccessExclusiveLock };
            // A value computed per row (stored generated, identity, a volatile default) is written into every row;
            // a constant default and a virtual column are only recorded in the catalog.
            if (column.GeneratedKind == "STORED" || column.IdentityGeneration.Length > 0 || column.VolatileDefault)
                hazards.Add(Hazard.RewritesTable);
            context.Builder.Add(
                Phase.AddColumns,
                column.Identity,
                Touch.Alters(ObjectKey.Relation(column.TableIdentity)),
                $"ALTER TABLE {column.TableIdentity} ADD COLUMN {ColumnSql(column)}",
                [.. hazards]
            );
        }
        // Settings CREATE TABLE and ADD COLUMN cannot carry on every major (STORAGE needs 16) follow as ALTERs.
        foreach (var column in columns.Added)
            AddSettings(context, column, null);
        foreach (var column in columns.Removed.Where(c => !context.DroppedTables.Contains(c.TableIdentity)))
        {
            context.Builder.Add(
                Phase.DropColumns,
                column.Identity,
                $"ALTER TABLE {column.TableIdentity} DROP COLUMN {column.Name}",
                Hazard.DeletesData,
                Hazard.AcquiresAccessExclusiveLock
            );
        }
        foreach (var (source, target) in columns.Changed)
            AlterColumn(context, source, target);
        // Unchanged defaults calling a function the plan drops: off before the drop, back after the function is created.
        foreach (
            var column in ListDiff.Unchanged(context.OwnColumns.Source, context.OwnColumns.Target, c =>
                context.CallsReplacedFunction(c.Default)
            )
        )
        {
            context.Builder.Add(
                Phase.DropConstraints,
                column.Identity,
                $"ALTER TABLE {column.TableIdentity} ALTER COLUMN {column.Name} DROP DEFAULT",
                Hazard.AcquiresAccessExclusiveLock
            );
            context.Builder.Add(
                Phase.AlterColumns,
                column.Identity,
                $"ALTER TABLE {column.TableIdentity} ALTER COLUMN {column.Name} SET DEFAULT {column.Default}",
                Hazard.AcquiresAccessExclusiveLock
            );
        }
    }

    /// <summary>
    /// A NOT NULL column without a default on an existing table: plain ADD COLUMN fails once the table has rows. It is
    /// added with the backfill as a temporary default (existing rows get it; a constant one is stored in the catalog,
    /// no rewrite), then the default is dropped, so the column ends as the source has it.
    /// </summary>
    private static void AddWithBackfill(PlanContext context, ColumnDef column)
    {
        var key = Backfill.Key(column);
        var hazards = new List<Hazard> { Hazard.AcquiresAccessExclusiveLock };
        string value;
        if (context.Options.Backfills.TryGetValue(key, out var given))
        {
            value = given;
            // A volatile expression (a function call) makes PostgreSQL write every row; a literal does not.
            if (!Backfill.IsLiteral(given))
                hazards.Add(Hazard.RewritesTable);
        }
        else if (Backfill.ZeroValue(column.Type) is { } zero)
        {
            value = zero;
            hazards.Add(Hazard.InventsValues);
        }
        else
        {
            context.Builder.Unsupported(
                $"column {column.Identity}: NOT NULL without a default on an existing table, and {column.Type} has no zero value to "
                    + $"fill existing rows with; give one with --backfill {key}=<SQL expression>"
            );
            return;
        }
        context.Builder.Add(
            Phase.AddColumns,
            column.Identity,
            Touch.Alters(ObjectKey.Relation(column.TableIdentity)),
            $"ALTER TABLE {column.TableIdentity} ADD COLUMN {ColumnSql(column with { Default = value })}",
            [.. hazards]
        );
        context.Builder.Add(
            Phase.AddColumns,
            column.Identity,
            $"ALTER TABLE {column.TableIdentity} ALTER COLUMN {column.Name} DROP DEFAULT",
            Hazard.AcquiresAccessExclusiveLock
        );
    }

    private static void AlterColumn(PlanContext context, ColumnDef source, ColumnDef target)
    {
        var table = source.TableIdentity;
        var alter = $"ALTER TABLE {table} ALTER COLUMN {source.Name}";
        void Add(string sql, params Hazard[] hazards) => context.Builder.Add(Phase.AlterColumns, source.Identity, sql, hazards);
        // A new type or default brings in the source's definitions (a domain, a function): ordered after them.
        void Alter(string sql, params Hazard[] hazards) =>
            context.Builder.Add(Phase.AlterColumns, source.Identity, Touch.Alters(ObjectKey.Relation(table)), sql, hazards);

        if ((source.Generated, source.GeneratedKind) != (target.Generated, target.GeneratedKind))
        {
            // A generation expression cannot be altered in place (before PostgreSQL 17): drop and add the column.
            var lost = target.Generated is null ? Hazard.DeletesData : Hazard.RewritesTable;
            context.Builder.Add(
                Phase.DropColumns,
                source.Identity,
                $"ALTER TABLE {table} DROP COLUMN {source.Name}",
                lost,
                Hazard.AcquiresAccessExclusiveLock
            );
            context.Builder.Add(
                Phase.DropColumns,
                source.Identity,
                $"ALTER TABLE {table} ADD COLUMN {ColumnSql(source)}",
                Hazard.RewritesTable,
                Hazard.AcquiresAccessExclusiveLock
            );
            return;
        }

        var typeChanges = source.Type != target.Type || source.Collation != target.Collation;
        var identityChanges = source.IdentityGeneration != target.IdentityGeneration;
        var defaultChanges = source.Default != target.Default;
        if (context.IdentityToSerial.GetValueOrDefault(source.Identity) is { } sequence && target.IdentitySequence is { } identityNow)
        {
            // identity -> serial: the identity sequence steps aside (the new one may take its name) and hands its
            // current value to the new sequence before DROP IDENTITY drops it.
            var (asideName, aside) = Aside(identityNow.Name, "__identity");
            Add($"ALTER SEQUENCE {identityNow.Name} RENAME TO {asideName}");
            Add(SequencePlanner.CreateSequenceSql(sequence));
            Add($"SELECT setval({SqlText.QuoteLiteral(sequence.Identity)}, old.last_value, old.is_called) FROM {aside} AS old");
        }
        if (target.IdentityGeneration.Length > 0 && identityChanges && source.IdentityGeneration.Length == 0)
            Add($"{alter} DROP IDENTITY", Hazard.AcquiresAccessExclusiveLock);
        if (target.Default is not null && (defaultChanges || typeChanges))
            Add($"{alter} DROP DEFAULT", Hazard.AcquiresAccessExclusiveLock);
        if (typeChanges)
        {
            var collate = source.Collation is null ? "" : $" COLLATE {source.Collation}";
            // Enums have no casts to other types but text's: an enum column converts through text.
            var fromEnum = context.Target.Enums.FirstOrDefault(e => e.Identity == target.Type);
            var toEnum = context.Source.Enums.FirstOrDefault(e => e.Identity == source.Type);
            var conversion = (fromEnum, toEnum) switch
            {
                (null, null) => TypeConversion.Classify(target.Type, source.Type),
                // Every label of the old enum is one of the new one's, or the column becomes text: every row converts.
                ({ } old, { } @new) when old.Labels.All(@new.Labels.Contains) => ConversionKind.Rewrite,
                ({ }, null) when source.Type == "text" => ConversionKind.Rewrite,
                _ => ConversionKind.LossyRewrite,
            };
            if (fromEnum is not null && toEnum is not null && conversion != ConversionKind.Rewrite)
            {
                var missing = fromEnum.Labels.Except(toEnum.Labels).Select(SqlText.QuoteLiteral);
                context.Builder.Unsupported(
                    $"column {source.Identity}: moves from enum {target.Type} to {source.Type}, which has no label "
                        + $"{string.Join(", ", missing)}; rows holding it cannot convert: "
                        + $"add the label to {source.Type}, or change those rows first"
                );
                return;
            }
            Hazard[] hazards = conversion switch
            {
                ConversionKind.CatalogOnly => [Hazard.AcquiresAccessExclusiveLock],
                ConversionKind.Rewrite => [Hazard.RewritesTable, Hazard.AcquiresAccessExclusiveLock],
                _ => [Hazard.RewritesTable, Hazard.LossyConversion, Hazard.AcquiresAccessExclusiveLock],
            };
            var value = fromEnum is null && toEnum is null ? source.Name : $"{source.Name}::text";
            var convert = context.Options.Conversions.TryGetValue(Backfill.Key(source), out var given)
                ? $"({given})::{source.Type}"
                : $"{value}::{source.Type}";
            Alter($"{alter} TYPE {source.Type}{collate} USING {convert}", hazards);
        }
        if (source.Default is not null && (defaultChanges || typeChanges))
            Alter($"{alter} SET DEFAULT {source.Default}", Hazard.AcquiresAccessExclusiveLock);
        if (source.NotNull && !target.NotNull)
        {
            // Rows holding NULL would fail SET NOT NULL: they get the column's backfill, or else the source's default
            // (chosen for new rows, not for these: InventsValues). With neither, SET NOT NULL fails on such a row.
            var fill = context.Options.Backfills.GetValueOrDefault(Backfill.Key(source));
            if ((fill ?? source.Default) is { } value)
                Add($"UPDATE {table} SET {source.Name} = {value} WHERE {source.Name} IS NULL", fill is null ? [Hazard.InventsValues] : []);
            Add($"{alter} SET NOT NULL", Hazard.AcquiresAccessExclusiveLock, Hazard.ValidatesData);
        }
        if (!source.NotNull && target.NotNull)
            Add($"{alter} DROP NOT NULL", Hazard.AcquiresAccessExclusiveLock);
        // serial -> identity: the old sequence steps aside (its name may be the identity sequence's), hands its current
        // value to the new one, and goes; the next id continues after the existing rows.
        var serial = context.SerialToIdentity.GetValueOrDefault(source.Identity);
        var serialAside = serial is null ? default : Aside(serial, "__serial");
        if (serial is not null)
            Add($"ALTER SEQUENCE {serial} RENAME TO {serialAside.Name}");
        if (identityChanges && source.IdentityGeneration.Length > 0)
        {
            Add(
                target.IdentityGeneration.Length == 0
                    ? $"{alter} ADD {IdentitySql(source)}"
                    : $"{alter} SET GENERATED {source.IdentityGeneration}",
                Hazard.AcquiresAccessExclusiveLock
            );
        }
        if (serial is not null && source.IdentitySequence is { } identity)
        {
            Add($"SELECT setval({SqlText.QuoteLiteral(identity.Name)}, old.last_value, old.is_called) FROM {serialAside.Qualified} AS old");
            Add($"DROP SEQUENCE {serialAside.Qualified}");
        }
        if (source.IdentitySequence is { } wanted && target.IdentitySequence is { } current && target.IdentityGeneration.Length > 0)
        {
            if (wanted.Name != current.Name)
                Add($"ALTER SEQUENCE {current.Name} RENAME TO {wanted.Name[(wanted.Name.LastIndexOf('.') + 1)..]}");
            var changed = wanted.Options.Where(o => !current.Options.Contains(o)).ToList();
            if (changed.Count > 0)
                Add($"{alter} {string.Join(' ', changed.Select(o => "SET " + o))}", Hazard.AcquiresAccessExclusiveLock);
        }
        AddSettings(context, source, target);
    }

    /// <summary>STORAGE, STATISTICS and COMPRESSION: set where the source differs, reset to the default where it has none.</summary>
    private static void AddSettings(PlanContext context, ColumnDef source, ColumnDef? target)
    {
        static string Key(string setting) => setting[..setting.IndexOf(' ', StringComparison.Ordinal)];
        var wanted = source.Settings.ToDictionary(Key, StringComparer.Ordinal);
        var current = (target?.Settings ?? ValueList<string>.Empty).ToDictionary(Key, StringComparer.Ordinal);
        foreach (var key in wanted.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            var setting = wanted.GetValueOrDefault(key)
                ?? key switch
                {
                    "STORAGE" => $"STORAGE {source.DefaultStorage}",
                    "STATISTICS" => "STATISTICS -1",
                    _ => $"{key} DEFAULT",
                };
            if (setting == current.GetValueOrDefault(key) || (target is null && !wanted.ContainsKey(key)))
                continue;
            // STATISTICS takes SHARE UPDATE EXCLUSIVE (reads and writes go on); STORAGE and COMPRESSION affect only new values.
            Hazard[] hazards = key == "STATISTICS" ? [] : context.On(source.TableIdentity, Hazard.AcquiresAccessExclusiveLock);
            if (target is null && context.NewTables.Contains(source.TableIdentity))
                hazards = [];
            context.Builder.Add(
                Phase.ColumnSettings,
                source.Identity,
                $"ALTER TABLE {source.TableIdentity} ALTER COLUMN {source.Name} SET {setting}",
                hazards
            );
        }
    }

    /// <summary>Storage parameters of an existing table: SET what the source has, RESET what it lacks.</summary>
    private static void AddOptions(PlanContext context, TableDef source, TableDef target)
    {
        static string Key(string option) => option[..option.IndexOf('=', StringComparison.Ordinal)];
        var set = source.Options.Where(o => !target.Options.Contains(o)).ToList();
        var reset = target.Options.Select(Key).Except(source.Options.Select(Key), StringComparer.Ordinal).ToList();
        // SET/RESET of storage parameters takes SHARE UPDATE EXCLUSIVE and changes no row.
        if (set.Count > 0)
            context.Builder.Add(Phase.AlterTables, source.Identity, $"ALTER TABLE {source.Identity} SET ({string.Join(", ", set)})");
        if (reset.Count > 0)
            context.Builder.Add(Phase.AlterTables, source.Identity, $"ALTER TABLE {source.Identity} RESET ({string.Join(", ", reset)})");
    }

    /// <summary>REPLICA IDENTITY, after indexes exist (USING INDEX names one).</summary>
    private static void AddReplicaIdentity(PlanContext context, TableDef source, TableDef? target)
    {
        if (source.ReplicaIdentity != (target?.ReplicaIdentity ?? TableDef.DefaultReplicaIdentity))
            context.Builder.Add(
                Phase.TableSettings,
                source.Identity,
                $"ALTER TABLE {source.Identity} REPLICA IDENTITY {source.ReplicaIdentity}",
                context.On(source.Identity, Hazard.AcquiresAccessExclusiveLock)
            );
    }

    private static void AddRowSecurity(PlanContext context, TableDef source, TableDef? target)
    {
        if (source.RowSecurity != (target?.RowSecurity ?? false))
            context.Builder.Add(
                Phase.AlterTables,
                source.Identity,
                $"ALTER TABLE {source.Identity} {(source.RowSecurity ? "ENABLE" : "DISABLE")} ROW LEVEL SECURITY",
                context.On(source.Identity, Hazard.ChangesBehaviour)
            );
        if (source.ForceRowSecurity != (target?.ForceRowSecurity ?? false))
            context.Builder.Add(
                Phase.AlterTables,
                source.Identity,
                $"ALTER TABLE {source.Identity} {(source.ForceRowSecurity ? "" : "NO ")}FORCE ROW LEVEL SECURITY",
                context.On(source.Identity, Hazard.ChangesBehaviour)
            );
    }

    private static string CreateTableSql(TableDef table, IEnumerable<ColumnDef> columns)
    {
        var unlogged = table.Unlogged ? "UNLOGGED " : "";
        if (table.PartitionOf is not null)
        {
            var partitionKey = table.PartitionKey is null ? "" : $" PARTITION BY {table.PartitionKey}";
            return $"CREATE {unlogged}TABLE {table.Identity} PARTITION OF {table.PartitionOf} "
                + $"{table.PartitionBound}{partitionKey}{With(table)}";
        }
        var columnList = string.Join(",\n    ", columns.Where(c => !c.Inherited).OrderBy(c => c.Position).Select(ColumnSql));
        var partitionBy = table.PartitionKey is null ? "" : $" PARTITION BY {table.PartitionKey}";
        return $"CREATE {unlogged}TABLE {table.Identity} (\n    {columnList}\n){partitionBy}{With(table)}";
    }

    /// <summary>
    /// The name a relation steps aside to within its schema (<c>app.t_id_seq</c> with <c>__serial</c> gives
    /// <c>t_id_seq__serial</c> for RENAME TO, and <c>app.t_id_seq__serial</c> to use it after).
    /// </summary>
    private static (string Name, string Qualified) Aside(string identity, string suffix)
    {
        var dot = identity.LastIndexOf('.');
        var name = SqlText.QuoteIdent(SqlText.UnquoteIdent(identity[(dot + 1)..]) + suffix);
        return (name, $"{identity[..dot]}.{name}");
    }

    private static string With(TableDef table) => table.Options.Count == 0 ? "" : $" WITH ({string.Join(", ", table.Options)})";

    /// <summary><c>GENERATED ... AS IDENTITY</c> with the source's sequence name and options.</summary>
    private static string IdentitySql(ColumnDef column) =>
        $"GENERATED {column.IdentityGeneration} AS IDENTITY"
        + (column.IdentitySequence is { } sequence ? $" (SEQUENCE NAME {sequence.Name} {string.Join(' ', sequence.Options)})" : "");

    /// <summary>A column as CREATE TABLE and ADD COLUMN write it.</summary>
    public static string ColumnSql(ColumnDef column)
    {
        var sql = $"{column.Name} {column.Type}";
        if (column.Collation is not null)
            sql += $" COLLATE {column.Collation}";
        if (column.Generated is not null)
            sql += $" GENERATED ALWAYS AS ({column.Generated}) {column.GeneratedKind}";
        else if (column.IdentityGeneration.Length > 0)
            sql += " " + IdentitySql(column);
        else if (column.Default is not null)
            sql += $" DEFAULT {column.Default}";
        if (column.NotNull)
            sql += " NOT NULL";
        return sql;
    }

    private static string Describe(TableDef table) =>
        table.PartitionOf is not null ? $"partition of {table.PartitionOf} {table.PartitionBound}"
        : table.PartitionKey is not null ? $"partitioned by {table.PartitionKey}"
        : "plain table";
}
