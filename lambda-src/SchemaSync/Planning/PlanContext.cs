using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// What every per-kind generator reads: both models, the options, facts derived from the two models once, up front,
/// and the builder the generator writes to. Nothing here is shared mutable state: each generator gets its own builder
/// (<see cref="ForGenerator"/>), and the facts are computed before any generator runs, so the order generators run in
/// cannot change the plan.
/// </summary>
internal sealed class PlanContext
{
    public PlanContext(DatabaseModel source, DatabaseModel target, PlanOptions options)
    {
        Source = source;
        Target = target;
        Options = options;
        var tables = ListDiff.Compare(source.Tables, target.Tables);
        Repartitioned = tables
            .Changed.Where(c =>
                c.Target.PartitionOf is null
                && c.Source.PartitionOf is null
                && (c.Target.PartitionKey is null) != (c.Source.PartitionKey is null)
            )
            .Select(c => c.Source.Identity)
            .ToHashSet(StringComparer.Ordinal);
        // A table becoming partitioned, or plain, is created anew (its rows are copied in): it counts as new.
        NewTables = tables.Added.Select(t => t.Identity).Concat(Repartitioned).ToHashSet(StringComparer.Ordinal);
        PartitionMoves = tables
            .Changed.Where(c =>
                c.Source.PartitionKey == c.Target.PartitionKey
                && (c.Source.PartitionOf, c.Source.PartitionBound) != (c.Target.PartitionOf, c.Target.PartitionBound)
                && !Repartitioned.Contains(c.Source.PartitionOf ?? "")
                && !Repartitioned.Contains(c.Target.PartitionOf ?? "")
            )
            .Select(c => c.Source.Identity)
            .ToHashSet(StringComparer.Ordinal);
        DroppedTables = tables.Removed.Select(t => t.Identity).ToHashSet(StringComparer.Ordinal);
        RecreatedEnums = ListDiff
            .Compare(source.Enums, target.Enums)
            .Changed.Where(c => !EnumPlanner.CanAddLabels(c.Target, c.Source) || UsesAddedLabel(c.Target, c.Source))
            .Select(c => c.Source.Identity)
            .ToHashSet(StringComparer.Ordinal);
        var functions = ListDiff.Compare(source.Functions, target.Functions);
        ReplacedFunctions = functions
            .Removed.Concat(functions.Changed.Where(c => c.Source.Result != c.Target.Result).Select(c => c.Target))
            .Select(f => f.Identity)
            .ToHashSet(StringComparer.Ordinal);
        OwnColumns = (OwnColumnsOf(source), OwnColumnsOf(target));
        RewrittenTables = FindRewrittenTables();
        SerialToIdentity = SerialBecomingIdentity(target, source)
            .ToDictionary(kv => kv.Key, kv => kv.Value.Identity, StringComparer.Ordinal);
        IdentityToSerial = SerialBecomingIdentity(source, target);
        (ViewsToDrop, RecreatedViews) = FindViewsToRecreate();
    }

    public DatabaseModel Source { get; }

    public DatabaseModel Target { get; }

    public PlanOptions Options { get; }

    /// <summary>Where this generator's statements go; null on the facts-only context the planner keeps.</summary>
    public PlanBuilder Builder { get; private set; } = null!;

    /// <summary>
    /// Plain tables that become partitioned, and partitioned ones that become plain: created anew under their name (the
    /// old one renamed aside), rows copied, the old one dropped (with its partitions); their constraints, indexes,
    /// triggers, policies and comments are created on the new one.
    /// </summary>
    public IReadOnlySet<string> Repartitioned { get; }

    /// <summary>Tables that do not exist in the target yet, or are created anew (<see cref="Repartitioned"/>): statements creating their
    /// parts carry no hazard.</summary>
    public IReadOnlySet<string> NewTables { get; }

    /// <summary>Functions the plan drops (removed, or dropped and created again because their result type changes).</summary>
    public IReadOnlySet<string> ReplacedFunctions { get; }

    /// <summary>
    /// Whether a deparsed definition (default, check, index, policy, trigger) calls a function the plan drops: it must
    /// be dropped before the function and created again after. Deparsed calls are schema-qualified: <c>app.f(</c>.
    /// </summary>
    public bool CallsReplacedFunction(string? definition) =>
        definition is not null
        && ReplacedFunctions.Any(f => definition.Contains(f[..(f.IndexOf('(', StringComparison.Ordinal) + 1)], StringComparison.Ordinal));

    /// <summary>Plain tables attached as partitions, partitions detached into plain tables, and partitions moved to another
    /// parent or bound (detached, then attached): their columns are compared as their own, their rows stay.</summary>
    public IReadOnlySet<string> PartitionMoves { get; }

    /// <summary>
    /// The columns a table declares itself (a partition's come from its parent), with a table that is attached or
    /// detached by the plan counted as declaring its columns on both sides: attaching or detaching changes no column.
    /// </summary>
    /// <remarks>Built once per plan, as kept lists, so their diff (the largest one) is computed once too.</remarks>
    public (ValueList<ColumnDef> Source, ValueList<ColumnDef> Target) OwnColumns { get; }

    private ValueList<ColumnDef> OwnColumnsOf(DatabaseModel model) =>
        // Usually no column is inherited and no table changes partitioning: then the model's own list serves, and with it
        // the identity index and diffs kept for that list (a copy would build its own: ~40 ms on 36,000 columns).
        Repartitioned.Count == 0
        && !model.Columns.Any(c => c.Inherited)
            ? model.Columns
            : new(
                model
                    .Columns.Select(c => c.Inherited && PartitionMoves.Contains(c.TableIdentity) ? c with { Inherited = false } : c)
                    .Where(c => !c.Inherited && !Repartitioned.Contains(c.TableIdentity))
            );

    /// <summary>Whether an unchanged part of <paramref name="table"/> (constraint, index, trigger, policy) must be created again: its table
    /// is.</summary>
    public bool IsRecreated(string table) => Repartitioned.Contains(table);

    /// <summary>Tables the plan drops: their columns, constraints, indexes and triggers go with them.</summary>
    public IReadOnlySet<string> DroppedTables { get; }

    /// <summary>
    /// Enum types replaced by a new type: labels removed or reordered, or a label added that the source already uses
    /// (a default, check, index, view...): PostgreSQL refuses to use a value ADD VALUE added in the same transaction.
    /// Their columns are converted, and what mentions the type on those tables is rebuilt around the conversion.
    /// </summary>
    public IReadOnlySet<string> RecreatedEnums { get; }

    /// <summary>Tables whose columns are dropped or retyped: views reading them are dropped first and recreated after.</summary>
    public IReadOnlySet<string> RewrittenTables { get; }

    /// <summary>Target views the plan drops: removed, changed, or using (transitively) what is dropped or retyped, functions
    /// included.</summary>
    public IReadOnlySet<string> ViewsToDrop { get; }

    /// <summary>Views and materialized views the plan drops and creates again: their indexes must be created again too.</summary>
    public IReadOnlySet<string> RecreatedViews { get; }

    /// <summary>
    /// Serial columns that become identity columns (column identity to the target's owned sequence): the column's
    /// planner carries the sequence's current value over to the identity sequence, and that sequence is not dropped
    /// on its own.
    /// </summary>
    public IReadOnlyDictionary<string, string> SerialToIdentity { get; }

    /// <summary>
    /// Identity columns that become serial columns (column identity to the source's new owned sequence): the column's
    /// planner creates that sequence with the identity sequence's current value before dropping the identity.
    /// </summary>
    public IReadOnlyDictionary<string, SequenceDef> IdentityToSerial { get; }

    /// <summary>A context for one generator: the same facts, its own builder.</summary>
    public PlanContext ForGenerator(PlanBuilder builder)
    {
        // A shallow copy: the facts are immutable sets computed once and shared; only the builder differs.
        var context = (PlanContext)MemberwiseClone();
        context.Builder = builder;
        return context;
    }

    /// <summary>Hazards of a statement on <paramref name="table"/>: none when the table is new.</summary>
    public Hazard[] On(string table, params Hazard[] hazards) => NewTables.Contains(table) ? [] : hazards;

    private bool UsesAddedLabel(EnumDef target, EnumDef source)
    {
        var literals = source.Labels.Except(target.Labels).Select(l => $"{SqlText.QuoteLiteral(l)}::{source.Identity}").ToList();
        IEnumerable<string?> texts =
        [
            .. Source.Columns.Select(c => c.Default),
            .. Source.Constraints.Select(c => c.Definition),
            .. Source.Indexes.Select(i => i.Definition),
            .. Source.Views.Select(v => v.Definition),
            .. Source.Policies.Select(p => p.CreateSql),
            .. Source.Functions.Select(f => f.Definition),
            .. Source.Domains.Select(d => d.CreateSql),
        ];
        return texts.Any(t => t is not null && literals.Any(l => t.Contains(l, StringComparison.Ordinal)));
    }

    /// <summary>Whether a definition mentions a replaced enum type (its constants name the type).</summary>
    public bool MentionsRecreatedEnum(string definition) =>
        RecreatedEnums.Any(t =>
            System.Text.RegularExpressions.Regex.IsMatch(
                definition,
                $@"::{System.Text.RegularExpressions.Regex.Escape(t)}(?![A-Za-z0-9_$""])"
            )
        );

    private HashSet<string> FindRewrittenTables()
    {
        var columns = ListDiff.Compare(OwnColumns.Source, OwnColumns.Target);
        var dropped = columns.Removed.Select(c => c.TableIdentity);
        var retyped = columns
            .Changed.Where(c =>
                (c.Source.Generated, c.Source.GeneratedKind) != (c.Target.Generated, c.Target.GeneratedKind)
                || c.Source.Type != c.Target.Type
                || c.Source.Collation != c.Target.Collation
            )
            .Select(c => c.Source.TableIdentity);
        var enumConverted = Target.Columns.Where(c => RecreatedEnums.Contains(c.Type)).Select(c => c.TableIdentity);
        return dropped
            .Concat(retyped)
            .Concat(enumConverted)
            .Concat(Repartitioned)
            .Where(t => !DroppedTables.Contains(t))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Columns that are serial (a default from a sequence they own) in <paramref name="serialSide"/> and identity
    /// columns in <paramref name="identitySide"/>, with that owned sequence (absent from the identity side).
    /// </summary>
    private static Dictionary<string, SequenceDef> SerialBecomingIdentity(DatabaseModel serialSide, DatabaseModel identitySide)
    {
        // Identity columns are few: found first, so a model of serials alone needs no index of every column.
        var identityColumns = identitySide
            .Columns.Where(c => c is { IdentityGeneration.Length: > 0, IdentitySequence: not null })
            .ToDictionary(c => c.Identity, StringComparer.Ordinal);
        var serials = new Dictionary<string, SequenceDef>(StringComparer.Ordinal);
        if (identityColumns.Count == 0)
            return serials;
        var serialColumns = serialSide.Columns.ById();
        var identitySequences = identitySide.Sequences.Select(s => s.Identity).ToHashSet(StringComparer.Ordinal);
        foreach (var sequence in serialSide.Sequences.Where(s => s.OwnedBy is not null && !identitySequences.Contains(s.Identity)))
        {
            if (
                serialColumns.GetValueOrDefault(sequence.OwnedBy!) is { IdentityGeneration.Length: 0, Default: { } fill } column
                && fill.Contains($"'{sequence.Identity}'", StringComparison.Ordinal)
                && identityColumns.ContainsKey(column.Identity)
            )
                serials[column.Identity] = sequence;
        }
        return serials;
    }

    private (HashSet<string> ToDrop, HashSet<string> Recreated) FindViewsToRecreate()
    {
        var diff = ListDiff.Compare(Source.Views, Target.Views);
        var toDrop = diff.Removed.Concat(diff.Changed.Select(c => c.Target)).Select(v => v.Identity).ToHashSet(StringComparer.Ordinal);
        // Views over rewritten tables or over views being dropped, transitively, in the target.
        // Functions dropped (removed, or replaced because their result type changes) take their views with them.
        var changed = new HashSet<string>(
            RewrittenTables.Concat(DroppedTables).Concat(toDrop).Concat(ReplacedFunctions),
            StringComparer.Ordinal
        );
        bool grew;
        do
        {
            grew = false;
            foreach (var view in Target.Views.Where(v => !toDrop.Contains(v.Identity) && v.DependsOn.Any(changed.Contains)))
            {
                grew |= toDrop.Add(view.Identity);
                changed.Add(view.Identity);
            }
        } while (grew);
        var recreated = Source.Views.Select(v => v.Identity).Where(toDrop.Contains).ToHashSet(StringComparer.Ordinal);
        return (toDrop, recreated);
    }
}
