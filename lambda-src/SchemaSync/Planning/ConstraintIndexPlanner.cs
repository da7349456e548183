using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Constraints and indexes. A changed one is dropped and recreated: PostgreSQL cannot alter their definitions.</summary>
internal static class ConstraintIndexPlanner
{
    public static void Plan(PlanContext context)
    {
        var constraints = ListDiff.Compare(context.Source.Constraints, context.Target.Constraints);
        // Same table, same definition, another name (a renamed table keeps its old constraint names): rename, keep the index.
        var renamed = constraints
            .Removed.Select(old =>
                (
                    Old: old,
                    New: constraints.Added.FirstOrDefault(a =>
                        (a.TableIdentity, a.Type, a.Definition) == (old.TableIdentity, old.Type, old.Definition)
                    )
                )
            )
            .Where(pair => pair.New is not null)
            .GroupBy(pair => pair.New!.Identity)
            .Select(g => g.First())
            .ToList();
        foreach (var (old, renamedTo) in renamed)
            context.Builder.Add(
                Phase.Renames,
                "~" + old.Identity,
                $"ALTER TABLE {old.TableIdentity} RENAME CONSTRAINT {old.Name} TO {renamedTo!.Name}"
            );
        var renamedOld = renamed.Select(r => r.Old.Identity).ToHashSet(StringComparer.Ordinal);
        var renamedNew = renamed.Select(r => r.New!.Identity).ToHashSet(StringComparer.Ordinal);

        // With --concurrent-indexes a changed unique constraint moves onto a new index built after the commit (KeySwap).
        var swappedKeys = constraints
            .Changed.Where(c => context.Options.ConcurrentIndexes && KeySwap.Fits(context, c.Source, c.Target))
            .Select(c => c.Source)
            .ToList();
        foreach (var key in swappedKeys)
            KeySwap.Add(context, key);
        constraints = constraints with { Changed = [.. constraints.Changed.Where(c => !swappedKeys.Contains(c.Source))] };
        // Unchanged constraints that name a replaced enum type, or call a function the plan drops, are rebuilt around it.
        // A foreign key rests on a unique index (or primary key or unique constraint) of the table it references: one
        // the plan drops or changes takes the table's keys along (dropped before it, added again after the new one).
        var indexes = ListDiff.Compare(context.Source.Indexes, context.Target.Indexes);
        var replacedUnique = indexes
            .Removed.Concat(indexes.Changed.Select(c => c.Target))
            .Where(PartDependencies.IsUnique)
            .Select(i => i.TableIdentity)
            .Concat(
                constraints
                    .Removed.Where(c => !renamedOld.Contains(c.Identity))
                    .Concat(constraints.Changed.Select(c => c.Target))
                    .Where(c => c.Type is 'p' or 'u')
                    .Select(c => c.TableIdentity)
            )
            .ToHashSet(StringComparer.Ordinal);
        var rebuilt = ListDiff.Unchanged(context.Source.Constraints, context.Target.Constraints, c =>
            (
                context.MentionsRecreatedEnum(c.Definition)
                || context.CallsReplacedFunction(c.Definition)
                || context.IsRecreated(c.TableIdentity)
                || (c.Type == 'f' && replacedUnique.Concat(context.Repartitioned).Any(t => References(c, t)))
            ) && !context.DroppedTables.Contains(c.TableIdentity)
        );
        foreach (
            var constraint in constraints
                .Removed.Where(c => !renamedOld.Contains(c.Identity))
                .Concat(constraints.Changed.Select(c => c.Target))
                .Concat(rebuilt)
        )
            DropConstraint(context, constraint);
        foreach (
            var constraint in constraints
                .Added.Where(c => !renamedNew.Contains(c.Identity))
                .Concat(constraints.Changed.Select(c => c.Source))
                .Concat(rebuilt)
        )
            AddConstraint(context, constraint);

        var addedKeys = constraints
            .Added.Concat(constraints.Changed.Select(c => c.Source))
            .Concat(rebuilt)
            .Where(k => k.Type == 'f')
            .ToList();
        PlanIndexes(context, indexes, index => PartDependencies.IsUnique(index) && addedKeys.Any(k => References(k, index.TableIdentity)));
    }

    /// <summary>What a statement on a constraint touches: <see cref="PartDependencies"/> order it after (or, dropped, before) its
    /// table and the key a foreign key references.</summary>
    private static string Key(ConstraintDef constraint) => ObjectKey.Constraint(constraint.Identity);

    /// <summary>An index is a relation of its own (one namespace with its table in <c>pg_class</c>).</summary>
    private static string Key(IndexDef index) => ObjectKey.Relation(index.Identity);

    /// <summary>Whether foreign key <paramref name="key"/> references <paramref name="table"/>.</summary>
    internal static bool References(ConstraintDef key, string table) => PartDependencies.ReferencedTable(key) == table;

    /// <param name="context">The plan's facts and builder.</param>
    /// <param name="diff">The indexes' differences.</param>
    /// <param name="keyRestsOn">Whether a foreign key the plan adds may rest on the index (then it is built before the keys).</param>
    private static void PlanIndexes(PlanContext context, ListDiff<IndexDef> diff, Func<IndexDef, bool> keyRestsOn)
    {
        // An invalid index in the source is a build that never finished there: the desired state is unknown.
        foreach (var invalid in context.Source.Indexes.Where(i => i.Invalid))
            context.Builder.Unsupported(
                $"index {invalid.Identity}: invalid in the source (an interrupted CREATE INDEX CONCURRENTLY); rebuild it there "
                    + $"(REINDEX INDEX CONCURRENTLY {invalid.Identity}) or drop it, then plan again"
            );
        var rebuilt = ListDiff.Unchanged(context.Source.Indexes, context.Target.Indexes, i =>
            (
                context.MentionsRecreatedEnum(i.Definition)
                || context.CallsReplacedFunction(i.Definition)
                || context.IsRecreated(i.TableIdentity)
            ) && !context.DroppedTables.Contains(i.TableIdentity)
        );
        // A partition's index that only gains its attachment (the same index, now under a new partitioned index) is
        // attached as it is, as pg_dump would: no drop, no second build.
        // A moved partition's index needs no statement when its new parent index already exists: DETACH PARTITION lets
        // it go and ATTACH PARTITION attaches it to the parent's matching index.
        bool attachedByMove(IndexDef index) =>
            context.PartitionMoves.Contains(index.TableIdentity) && context.Target.Indexes.Any(i => i.Identity == index.AttachedTo);
        var attachOnly = diff
            .Changed.Where(c => c.Source.AttachedTo is not null && !c.Target.Invalid)
            .Where(c => c.Source with { AttachedTo = null } == c.Target with { AttachedTo = null })
            .Where(c => c.Target.AttachedTo is null || context.PartitionMoves.Contains(c.Source.TableIdentity))
            .Select(c => c.Source)
            .ToList();
        foreach (var index in attachOnly.Where(i => !attachedByMove(i)))
            context.Builder.Add(Phase.AttachIndexes, index.Identity, $"ALTER INDEX {index.AttachedTo} ATTACH PARTITION {index.Identity}");
        diff = diff with { Changed = [.. diff.Changed.Where(c => !attachOnly.Contains(c.Source))] };
        // A changed index built concurrently is swapped, never dropped first: PROD keeps the old one until the new one is
        // valid (SwapIndex). The rest of the changes drop and create as below.
        var swapped = diff
            .Changed.Where(c => context.Options.ConcurrentIndexes && IsSwappable(context, c.Source, c.Target))
            .Select(c => c.Source.Identity)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (source, _) in diff.Changed.Where(c => swapped.Contains(c.Source.Identity)))
            SwapIndex(context, source);
        var indexes = diff with
        {
            Changed = [.. diff.Changed.Where(c => !swapped.Contains(c.Source.Identity)), .. rebuilt.Select(i => (i, i))],
        };
        var replacedParents = indexes
            .Removed.Concat(indexes.Changed.Select(c => c.Target))
            .Select(i => i.Identity)
            .ToHashSet(StringComparer.Ordinal);
        // Indexes of a dropped table or materialized view go with it; a recreated view's come back with it. A
        // partition's index goes with its partitioned table's index (PostgreSQL refuses to drop it alone).
        foreach (var index in indexes.Removed.Concat(indexes.Changed.Select(c => c.Target)))
        {
            if (context.DroppedTables.Contains(index.TableIdentity) || context.ViewsToDrop.Contains(index.TableIdentity))
                continue;
            if (index.AttachedTo is not null)
            {
                if (!replacedParents.Contains(index.AttachedTo))
                    context.Builder.Unsupported(
                        $"index {index.Identity}: attached to {index.AttachedTo}, which stays; PostgreSQL cannot drop or change a "
                            + "partition's index alone"
                    );
                continue;
            }
            context.Builder.Add(
                Phase.DropIndexes,
                index.Identity,
                Touch.Drops(Key(index)),
                $"DROP INDEX {index.Identity}",
                Hazard.IndexDropped,
                Hazard.AcquiresAccessExclusiveLock
            );
        }
        var onRecreatedViews = context.Source.Indexes.Where(i => context.RecreatedViews.Contains(i.TableIdentity));
        var added = indexes
            .Added.Concat(indexes.Changed.Select(c => c.Source))
            .Concat(onRecreatedViews)
            .DistinctBy(i => i.Identity)
            .ToList();
        var addedParents = added.Select(i => i.Identity).ToHashSet(StringComparer.Ordinal);
        foreach (var index in added)
        {
            if (index.AttachedTo is null)
                AddIndex(context, index, keyRestsOn(index));
            else if (addedParents.Contains(index.AttachedTo) || !context.NewTables.Contains(index.TableIdentity))
                AddPartitionIndex(context, index);
            else
                NameAutomaticPartitionIndex(context, index);
        }
    }

    /// <summary>
    /// A partition's index, as pg_dump makes it: built on the partition under the source's name, then attached to the
    /// partitioned table's index (created <c>ON ONLY</c> the parent, so PostgreSQL does not build one of its own).
    /// </summary>
    private static void AddPartitionIndex(PlanContext context, IndexDef index)
    {
        context.Builder.Add(
            Phase.CreateIndexes,
            index.Identity,
            Touch.Creates(Key(index)),
            index.Definition,
            context.On(index.TableIdentity, Hazard.IndexBuild)
        );
        context.Builder.Add(Phase.AttachIndexes, index.Identity, $"ALTER INDEX {index.AttachedTo} ATTACH PARTITION {index.Identity}");
    }

    /// <summary>
    /// A new partition of a table whose index already exists gets that index from PostgreSQL, under a generated name:
    /// give it the source's name (the generated one is only known at apply time, so the statement looks it up).
    /// </summary>
    private static void NameAutomaticPartitionIndex(PlanContext context, IndexDef index)
    {
        var lookup =
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_catalog.pg_inherits h"
            + " JOIN pg_catalog.pg_index i ON i.indexrelid = h.inhrelid JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + $" WHERE h.inhparent = {SqlText.QuoteLiteral(index.AttachedTo!)}::regclass"
            + $" AND i.indrelid = {SqlText.QuoteLiteral(index.TableIdentity)}::regclass";
        context.Builder.Add(
            Phase.AttachIndexes,
            index.Identity,
            $"DO $rename$ DECLARE generated text := ({lookup}); BEGIN IF generated IS DISTINCT FROM "
                + $"{SqlText.QuoteLiteral(index.Identity)} THEN EXECUTE 'ALTER INDEX ' || generated || ' RENAME TO ' || "
                + $"{SqlText.QuoteLiteral(index.Name)}; END IF; END $rename$"
        );
    }

    private static void DropConstraint(PlanContext context, ConstraintDef constraint)
    {
        // A dropped table's constraints go with it, except its foreign keys: they are dropped first, so the tables,
        // keys and unique indexes they rest on can go in any order (DROP TABLE runs after every other drop).
        if (context.DroppedTables.Contains(constraint.TableIdentity) && constraint.Type != 'f')
            return;
        var phase = constraint.Type == 'f' ? Phase.DropForeignKeys : Phase.DropConstraints;
        Hazard[] hazards = constraint.Type is 'p' or 'u' or 'x'
            ? [Hazard.IndexDropped, Hazard.AcquiresAccessExclusiveLock]
            : [Hazard.AcquiresAccessExclusiveLock];
        context.Builder.Add(
            phase,
            constraint.Identity,
            Touch.Drops(Key(constraint)),
            $"ALTER TABLE {constraint.TableIdentity} DROP CONSTRAINT {constraint.Name}",
            hazards
        );
    }

    private static void AddConstraint(PlanContext context, ConstraintDef constraint)
    {
        var table = constraint.TableIdentity;
        var add = $"ALTER TABLE {table} ADD CONSTRAINT {constraint.Name} {constraint.Definition}";
        var phase = constraint.Type == 'f' ? Phase.CreateForeignKeys : Phase.CreateConstraints;
        var alreadyNotValid = constraint.Definition.EndsWith(" NOT VALID", StringComparison.Ordinal);
        // PostgreSQL refuses a NOT VALID foreign key on a partitioned table: it is added valid, scanning every partition
        // under the ADD's lock.
        var partitionedKey = constraint.Type == 'f' && IsPartitionedTable(context, table);
        if (constraint.Type is 'c' or 'f' && !alreadyNotValid && !partitionedKey && !context.NewTables.Contains(table))
        {
            // NOT VALID first: the ADD takes its lock only briefly; the scan happens in VALIDATE under a weaker lock.
            context.Builder.Add(
                phase,
                constraint.Identity,
                Touch.Creates(Key(constraint)),
                add + " NOT VALID",
                Hazard.AcquiresAccessExclusiveLock
            );
            // Altering the constraint it added: ordered after that ADD whatever edges move the ADD.
            context.Builder.Add(
                Phase.ValidateConstraints,
                constraint.Identity,
                Touch.Alters(Key(constraint)),
                $"ALTER TABLE {table} VALIDATE CONSTRAINT {constraint.Name}",
                Hazard.ValidatesData
            );
            return;
        }
        Hazard[] hazards =
            constraint.Type is 'p' or 'u' or 'x'
                ? context.On(table, Hazard.IndexBuild, Hazard.ValidatesData, Hazard.AcquiresAccessExclusiveLock)
            : partitionedKey ? context.On(table, Hazard.ValidatesData, Hazard.AcquiresAccessExclusiveLock)
            : context.On(table, Hazard.AcquiresAccessExclusiveLock);
        context.Builder.Add(phase, constraint.Identity, Touch.Creates(Key(constraint)), add, hazards);
    }

    private static void AddIndex(PlanContext context, IndexDef index, bool keyRestsOnIt)
    {
        if (context.Source.Views.Any(v => v.Identity == index.TableIdentity))
        {
            // An index on a materialized view follows the view's creation.
            var hazards =
                context.RecreatedViews.Contains(index.TableIdentity) || !context.Target.Views.Any(v => v.Identity == index.TableIdentity)
                    ? []
                    : new[] { Hazard.IndexBuild };
            context.Builder.Add(Phase.CreateViewIndexes, index.Identity, Touch.Creates(Key(index)), index.Definition, hazards);
        }
        else if (keyRestsOnIt)
        {
            // A foreign key the plan adds may rest on this unique index: it is built before the keys, in the transaction
            // (never concurrently after the commit, when the key would already have failed).
            Hazard[] hazards = context.NewTables.Contains(index.TableIdentity) ? [] : [Hazard.IndexBuild];
            context.Builder.Add(Phase.CreateConstraints, index.Identity, Touch.Creates(Key(index)), index.Definition, hazards);
        }
        else if (context.NewTables.Contains(index.TableIdentity))
        {
            context.Builder.Add(Phase.CreateIndexes, index.Identity, Touch.Creates(Key(index)), index.Definition);
        }
        else if (context.Options.ConcurrentIndexes && IsPlainTable(context, index.TableIdentity))
        {
            var concurrent = index.Definition.Replace(" INDEX ", " INDEX CONCURRENTLY ", StringComparison.Ordinal);
            context.Builder.Add(Phase.Concurrent, index.Identity, concurrent, Hazard.IndexBuild);
        }
        else
        {
            context.Builder.Add(Phase.CreateIndexes, index.Identity, Touch.Creates(Key(index)), index.Definition, Hazard.IndexBuild);
        }
        // A partitioned table's index is created ON ONLY the parent (as pg_get_indexdef prints it): each partition's
        // index is then built under the source's name and attached (AddPartitionIndex), as pg_dump does.
    }

    /// <summary>
    /// A plain table's index that changes in place (same table, not a partition's, the table not rebuilt): built
    /// concurrently under a temporary name, the old one dropped concurrently once the new one is valid, then renamed.
    /// </summary>
    private static bool IsSwappable(PlanContext context, IndexDef source, IndexDef target) =>
        source.TableIdentity == target.TableIdentity
        && source.AttachedTo is null
        && target.AttachedTo is null
        && !target.Invalid
        && IsPlainTable(context, source.TableIdentity)
        && !context.IsRecreated(source.TableIdentity)
        && !context.DroppedTables.Contains(source.TableIdentity)
        // A foreign key may rest on the old index (PostgreSQL would refuse to drop it): such a change stays in the
        // transaction, where the keys are dropped and added around it.
        && !context.Source.Constraints.Concat(context.Target.Constraints).Any(k => k.Type == 'f' && References(k, source.TableIdentity));

    /// <summary>
    /// The statements of a swap, after the commit: if the build fails, its invalid index is dropped and the old one
    /// still serves; there is no moment without an index.
    /// </summary>
    private static void SwapIndex(PlanContext context, IndexDef index)
    {
        var temporary = TemporaryName(index.Name);
        var build = index.Definition.Replace($" INDEX {index.Name} ON ", $" INDEX CONCURRENTLY {temporary} ON ", StringComparison.Ordinal);
        context.Builder.Add(Phase.Concurrent, index.Identity, build, Hazard.IndexBuild);
        context.Builder.Add(Phase.Concurrent, index.Identity, $"DROP INDEX CONCURRENTLY {index.Identity}");
        context.Builder.Add(Phase.Concurrent, index.Identity, $"ALTER INDEX {index.Schema}.{temporary} RENAME TO {index.Name}");
    }

    /// <summary>The quoted name a changed index (or key's index) is built under beside the old one: the name with a suffix,
    /// cut to PostgreSQL's 63 bytes.</summary>
    internal static string TemporaryName(string quotedName) =>
        SqlText.QuoteIdent(TruncateUtf8(SqlText.UnquoteIdent(quotedName), 63 - SwapSuffix.Length) + SwapSuffix);

    private const string SwapSuffix = "_schema_sync_new";

    private static string TruncateUtf8(string name, int bytes)
    {
        while (System.Text.Encoding.UTF8.GetByteCount(name) > bytes)
            name = name[..^1];
        return name;
    }

    // CONCURRENTLY is refused on partitioned tables and materialized views are rebuilt with their view anyway.
    internal static bool IsPlainTable(PlanContext context, string table) =>
        context.Source.Tables.ById().GetValueOrDefault(table) is { PartitionKey: null };

    private static bool IsPartitionedTable(PlanContext context, string table) =>
        context.Source.Tables.ById().GetValueOrDefault(table) is { PartitionKey: not null };
}
