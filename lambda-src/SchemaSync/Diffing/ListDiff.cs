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
            return Kept<T>.Diffs.GetValue(s, _ => new()).GetValue(t, _ => Diff(s, t));
        return Diff(source, target);
    }

    private static class Kept<T>
        where T : ISchemaObject
    {
        public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<
            ValueList<T>,
            System.Runtime.CompilerServices.ConditionalWeakTable<ValueList<T>, ListDiff<T>>
        > Diffs = new();
    }

    private static ListDiff<T> Diff<T>(IEnumerable<T> source, IEnumerable<T> target)
        where T : ISchemaObject
    {
        var sourceById = source.ToDictionary(o => o.Identity, StringComparer.Ordinal);
        var targetById = target.ToDictionary(o => o.Identity, StringComparer.Ordinal);
        var added = sourceById
            .Values.Where(o => !targetById.ContainsKey(o.Identity))
            .OrderBy(o => o.Identity, StringComparer.Ordinal)
            .ToList();
        var removed = targetById
            .Values.Where(o => !sourceById.ContainsKey(o.Identity))
            .OrderBy(o => o.Identity, StringComparer.Ordinal)
            .ToList();
        var changed = sourceById
            .Values.Where(o => targetById.TryGetValue(o.Identity, out var t) && !EqualityComparer<T>.Default.Equals(o, t))
            .OrderBy(o => o.Identity, StringComparer.Ordinal)
            .Select(o => (o, targetById[o.Identity]))
            .ToList();
        return new ListDiff<T>(added, removed, changed);
    }

    /// <summary>Objects equal in both lists that <paramref name="mustRebuild"/> selects: parts to create again although
    /// unchanged.</summary>
    public static List<T> Unchanged<T>(IEnumerable<T> source, IEnumerable<T> target, Func<T, bool> mustRebuild)
        where T : ISchemaObject
    {
        var inTarget = target.ToHashSet();
        return [.. source.Where(o => inTarget.Contains(o) && mustRebuild(o))];
    }
}
