using SchemaSync.Model;

namespace SchemaSync.Diffing;

/// <summary>What changed in one object kind between source (desired) and target (current), by identity.</summary>
public sealed record ListDiff<T>(IReadOnlyList<T> Added, IReadOnlyList<T> Removed, IReadOnlyList<(T Source, T Target)> Changed)
    where T : ISchemaObject
{
    /// <summary>True when nothing was added, removed or changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;
}

/// <summary>The generic list diff every object kind goes through; results are ordered by identity (ordinal).</summary>
public static class ListDiff
{
    /// <summary>Matches <paramref name="source"/> and <paramref name="target"/> by identity and compares matches by value.</summary>
    public static ListDiff<T> Compare<T>(IEnumerable<T> source, IEnumerable<T> target)
        where T : ISchemaObject
    {
        // The generators diff the same two model lists many times over (every kind's planner, the access checks): a
        // model's lists are immutable, so the diff of a pair is computed once and kept while both lists live.
        if (source is ValueList<T> s && target is ValueList<T> t)
            return Kept<T>.Diffs.GetValue(s, _ => new()).GetValue(t, _ => Diff(s.ById(), t.ById()));
        return Diff(IdentityIndex.Build(source), IdentityIndex.Build(target));
    }

    private static class Kept<T>
        where T : ISchemaObject
    {
        public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<
            ValueList<T>,
            System.Runtime.CompilerServices.ConditionalWeakTable<ValueList<T>, ListDiff<T>>
        > Diffs = new();
    }

    /// <summary>One pass over each side, each identity computed once (by the index).</summary>
    private static ListDiff<T> Diff<T>(IReadOnlyDictionary<string, T> sourceById, IReadOnlyDictionary<string, T> targetById)
        where T : ISchemaObject
    {
        var added = new List<KeyValuePair<string, T>>();
        var changed = new List<(string Identity, T Source, T Target)>();
        foreach (var (identity, source) in sourceById)
        {
            if (!targetById.TryGetValue(identity, out var target))
                added.Add(new(identity, source));
            else if (!EqualityComparer<T>.Default.Equals(source, target))
                changed.Add((identity, source, target));
        }
        var removed = targetById.Where(kv => !sourceById.ContainsKey(kv.Key));
        return new ListDiff<T>(
            [.. added.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value)],
            [.. removed.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value)],
            [.. changed.OrderBy(c => c.Identity, StringComparer.Ordinal).Select(c => (c.Source, c.Target))]
        );
    }

    /// <summary>Objects equal in both lists that <paramref name="mustRebuild"/> selects: parts to create again although
    /// unchanged.</summary>
    public static List<T> Unchanged<T>(IEnumerable<T> source, IEnumerable<T> target, Func<T, bool> mustRebuild)
        where T : ISchemaObject
    {
        // The selection first: it is cheap and rarely true, and an object equal in both lists is selected on both sides.
        var inTarget = target.Where(mustRebuild).ToHashSet();
        return inTarget.Count == 0 ? [] : [.. source.Where(o => mustRebuild(o) && inTarget.Contains(o))];
    }
}
