using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>What every per-kind planner reads: both models, the options, and the builder it writes to.</summary>
internal sealed class PlanContext(DatabaseModel source, DatabaseModel target, PlanOptions options, PlanBuilder builder)
{
    public DatabaseModel Source { get; } = source;

    public DatabaseModel Target { get; } = target;

    public PlanOptions Options { get; } = options;

    public PlanBuilder Builder { get; } = builder;

    /// <summary>Tables that do not exist in the target yet: statements on them carry no hazard (no rows, no readers).</summary>
    public HashSet<string> NewTables { get; } = new(StringComparer.Ordinal);

    /// <summary>Tables whose columns are dropped or retyped: views reading them are dropped first and recreated after.</summary>
    public HashSet<string> RewrittenTables { get; } = new(StringComparer.Ordinal);

    /// <summary>Tables dropped by the plan: their constraints, indexes and triggers go with them.</summary>
    public HashSet<string> DroppedTables { get; } = new(StringComparer.Ordinal);

    /// <summary>Views and materialized views the plan drops and creates again: their indexes must be created again too.</summary>
    public HashSet<string> RecreatedViews { get; } = new(StringComparer.Ordinal);

    /// <summary>Hazards of a statement on <paramref name="table"/>: none when the table is new.</summary>
    public Hazard[] On(string table, params Hazard[] hazards) => NewTables.Contains(table) ? [] : hazards;
}
