namespace SchemaSync.Planning;

/// <summary>Collects statements by phase and sort key, then orders them deterministically.</summary>
internal sealed class PlanBuilder
{
    private readonly List<(Phase Phase, string SortKey, int Sequence, PlannedStatement Statement)> _items = [];
    private readonly List<string> _unsupported = [];

    public void Add(Phase phase, string sortKey, string sql, params Hazard[] hazards) =>
        _items.Add((phase, sortKey, _items.Count, new PlannedStatement(sql, [.. hazards.Distinct().Order()], phase != Phase.Concurrent)));

    public void Unsupported(string reason) => _unsupported.Add(reason);

    /// <summary>Phase, then sort key (ordinal), then the order of addition for statements of one object.</summary>
    public Plan Build(string sourceHash, string targetHash) => new(
        sourceHash,
        targetHash,
        [.. _items.OrderBy(i => i.Phase).ThenBy(i => i.SortKey, StringComparer.Ordinal).ThenBy(i => i.Sequence).Select(i => i.Statement)],
        [.. _unsupported.Order(StringComparer.Ordinal)]);
}
