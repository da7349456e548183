using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Collects one generator's statements with their phase, sort key and touch; <see cref="Build"/> merges every generator's and
/// orders them.</summary>
internal sealed class PlanBuilder(int generatorRank = 0)
{
    private readonly List<(Phase Phase, string SortKey, int Rank, int Sequence, Touch? Touch, PlannedStatement Statement)> _items = [];
    private readonly List<string> _unsupported = [];

    public void Add(Phase phase, string sortKey, string sql, params Hazard[] hazards) => Add(phase, sortKey, null, sql, hazards);

    /// <summary>Adds a statement that creates, alters or drops <see cref="Touch.Key"/>: the catalog's dependencies of that object order
    /// it.</summary>
    public void Add(Phase phase, string sortKey, Touch? touch, string sql, params Hazard[] hazards) =>
        _items.Add(
            (
                phase,
                sortKey,
                generatorRank,
                _items.Count,
                touch,
                new PlannedStatement(sql, [.. hazards.Distinct().Order()], phase != Phase.Concurrent)
            )
        );

    public void Unsupported(string reason) => _unsupported.Add(reason);

    /// <summary>
    /// Orders every generator's statements by <see cref="StatementOrder"/>: dependency edges first, then phase, sort
    /// key (ordinal), the generator's fixed rank, and its own order of addition. Nothing depends on the order the
    /// generators ran in.
    /// </summary>
    /// <param name="sourceHash">The source model's hash, being computed beside the planning.</param>
    /// <param name="targetHash">The target model's hash, likewise.</param>
    public static Plan Build(
        IEnumerable<PlanBuilder> builders,
        DatabaseModel source,
        DatabaseModel target,
        Task<string> sourceHash,
        Task<string> targetHash
    )
    {
        var all = builders.ToList();
        var items = all.SelectMany(b => b._items)
            .OrderBy(i => i.Phase)
            .ThenBy(i => i.SortKey, StringComparer.Ordinal)
            .ThenBy(i => i.Rank)
            .ThenBy(i => i.Sequence)
            .ToList();
        // Ordering asks only what the touched objects depend on: the rest of each model's edges are left out.
        var touched = items.Where(i => i.Touch is not null).Select(i => i.Touch!.Value.Key).ToHashSet(StringComparer.Ordinal);
        var order = StatementOrder.Sort([.. items.Select(i => i.Touch)], EdgesOf(source, touched), EdgesOf(target, touched));
        return new(
            sourceHash.GetAwaiter().GetResult(),
            targetHash.GetAwaiter().GetResult(),
            [.. order.Select(i => items[i].Statement)],
            [.. all.SelectMany(b => b._unsupported).Order(StringComparer.Ordinal)]
        );
    }

    private static IEnumerable<DependencyDef> EdgesOf(DatabaseModel model, IReadOnlySet<string> touched) =>
        model.Dependencies.Where(d => touched.Contains(d.Dependent)).Concat(PartDependencies.Of(model, touched));
}
