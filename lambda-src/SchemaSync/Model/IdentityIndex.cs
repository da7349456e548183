using System.Runtime.CompilerServices;

namespace SchemaSync.Model;

/// <summary>
/// A model list's objects by identity, built once per list: the planners look objects up by identity many times over
/// (every diff, every generator), and a list is immutable, so its index lives as long as the list does. Identities are
/// computed strings; building them once instead of per lookup is most of what planning 3,000 tables costs.
/// </summary>
public static class IdentityIndex
{
    /// <summary>The objects of <paramref name="list"/> keyed by <see cref="ISchemaObject.Identity"/> (ordinal).</summary>
    public static IReadOnlyDictionary<string, T> ById<T>(this ValueList<T> list)
        where T : ISchemaObject => Kept<T>.Indexes.GetValue(list, Build);

    /// <summary>Objects keyed by identity, built afresh (for a list that is not kept).</summary>
    public static Dictionary<string, T> Build<T>(IEnumerable<T> objects)
        where T : ISchemaObject => objects.ToDictionary(o => o.Identity, StringComparer.Ordinal);

    private static class Kept<T>
        where T : ISchemaObject
    {
        public static readonly ConditionalWeakTable<ValueList<T>, Dictionary<string, T>> Indexes = new();
    }
}
