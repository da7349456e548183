using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// Orders a plan's statements topologically on dependency edges, with the phase order as the fixed tie-break among
/// statements no edge orders. The edges come from what each statement touches and from the catalog's dependencies
/// (<see cref="DatabaseModel.Dependencies"/>) and those of tables' parts (<see cref="PartDependencies"/>):
/// <list type="bullet">
/// <item>a statement creating or altering Y runs after every statement creating or altering what Y depends on in the source;</item>
/// <item>a statement dropping Y runs before every statement dropping or altering what Y depends on in the target;</item>
/// <item>a statement dropping X runs before one creating X again;</item>
/// <item>a statement altering X (a sequence's OWNED BY on table X) runs after the one creating X.</item>
/// </list>
/// So a domain whose check calls a new function comes after that function although types otherwise come first, a
/// function taking a table's row type is dropped before the table, a foreign key is added after the key it references
/// and dropped before it, and a materialized view's index is dropped before the view. PostgreSQL's catalog can hold a cycle only among
/// objects created together (a table's check calling a function on the table's own row type); the edge that would
/// close it is left out, so every statement is kept and the edges found first (in phase order) decide.
/// </summary>
internal static class StatementOrder
{
    /// <summary>The order to run <paramref name="touches"/> in, as indexes; the list is in tie-break (phase) order.</summary>
    public static IReadOnlyList<int> Sort(
        IReadOnlyList<Touch?> touches,
        IEnumerable<DependencyDef> source,
        IEnumerable<DependencyDef> target
    )
    {
        var successors = Enumerable.Range(0, touches.Count).Select(_ => new List<int>()).ToArray();
        var predecessors = new int[touches.Count];
        void Edge(int before, int after)
        {
            // An edge that would close a cycle is left out: the edges found first (in phase order) stand.
            if (before == after || Reaches(successors, after, before))
                return;
            successors[before].Add(after);
            predecessors[after]++;
        }

        var adders = Index(touches, TouchKind.Creates, TouchKind.Alters);
        var removers = Index(touches, TouchKind.Drops, TouchKind.Alters);
        var creators = Index(touches, TouchKind.Creates);
        var sourceNeeds = source.ToLookup(d => d.Dependent, d => d.Referenced, StringComparer.Ordinal);
        var targetNeeds = target.ToLookup(d => d.Dependent, d => d.Referenced, StringComparer.Ordinal);
        for (var i = 0; i < touches.Count; i++)
        {
            if (touches[i] is not { } touch)
                continue;
            if (touch.Kind is TouchKind.Creates or TouchKind.Alters)
            {
                foreach (var before in sourceNeeds[touch.Key].SelectMany(k => adders[k]))
                    Edge(before, i);
                // A part added to an object (a table's constraint or index) comes after the object's creation.
                if (touch.Kind is TouchKind.Alters)
                {
                    foreach (var before in creators[touch.Key])
                        Edge(before, i);
                }
            }
            else
            {
                foreach (var after in targetNeeds[touch.Key].SelectMany(k => removers[k]).Concat(creators[touch.Key]))
                    Edge(i, after);
            }
        }

        // Kahn's algorithm, always taking the ready statement first in phase order.
        var ready = new SortedSet<int>(Enumerable.Range(0, touches.Count).Where(i => predecessors[i] == 0));
        var order = new List<int>(touches.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(next);
            foreach (var after in successors[next])
            {
                if (--predecessors[after] == 0)
                    ready.Add(after);
            }
        }
        return order;
    }

    private static bool Reaches(List<int>[] successors, int from, int to)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>([from]);
        while (stack.TryPop(out var node))
        {
            if (node == to)
                return true;
            foreach (var next in successors[node].Where(seen.Add))
                stack.Push(next);
        }
        return false;
    }

    private static ILookup<string, int> Index(IReadOnlyList<Touch?> touches, params TouchKind[] kinds) =>
        Enumerable
            .Range(0, touches.Count)
            .Where(i => touches[i] is { } t && kinds.Contains(t.Kind))
            .ToLookup(i => touches[i]!.Value.Key, StringComparer.Ordinal);
}
