namespace SchemaSync.Planning;

/// <summary>Collects one generator's statements by phase and sort key; <see cref="Build"/> merges every generator's and orders them.</summary>
internal sealed class PlanBuilder(int generatorRank = 0)
{
    private readonly List<(Phase Phase, string SortKey, int Rank, int Sequence, PlannedStatement Statement)> _items = [];
    private readonly List<string> _unsupported = [];

    public void Add(Phase phase, string sortKey, string sql, params Hazard[] hazards) =>
        _items.Add((phase, sortKey, generatorRank, _items.Count, new PlannedStatement(sql, [.. hazards.Distinct().Order()], phase != Phase.Concurrent)));

    public void Unsupported(string reason) => _unsupported.Add(reason);

    /// <summary>
    /// Phase, then sort key (ordinal), then the generator's fixed rank, then its own order of addition for statements
    /// of one object: nothing depends on the order the generators ran in.
    /// </summary>
    public static Plan Build(IEnumerable<PlanBuilder> builders, string sourceHash, string targetHash)
    {
        var all = builders.ToList();
        return new(
            sourceHash,
            targetHash,
            [.. all.SelectMany(b => b._items).OrderBy(i => i.Phase).ThenBy(i => i.SortKey, StringComparer.Ordinal).ThenBy(i => i.Rank).ThenBy(i => i.Sequence).Select(i => i.Statement)],
            [.. all.SelectMany(b => b._unsupported).Order(StringComparer.Ordinal)]);
    }
}
