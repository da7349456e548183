using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Composite types: attributes added at the end or dropped in place; other changes replace the type.</summary>
internal static class CompositeTypePlanner
{
    public static void Plan(PlanContext context)
    {
        var composites = ListDiff.Compare(context.Source.CompositeTypes, context.Target.CompositeTypes);
        // Attributes added at the end or dropped: ALTER TYPE works while columns use the type; other changes replace it.
        var alterable = composites.Changed.Where(c => AttributeChanges(c.Source, c.Target) is not null).ToList();
        foreach (var (source, target) in alterable)
            AlterComposite(context, source, AttributeChanges(source, target)!.Value);
        ReplaceableTypes.Plan(context, composites with { Changed = [.. composites.Changed.Except(alterable)] }, "TYPE", t =>
            $"CREATE TYPE {t.Identity} AS ({string.Join(", ", t.Attributes)})"
        );
    }

    /// <summary>
    /// The attributes to drop and to add when the source is the target with some attributes dropped and others
    /// appended (ADD ATTRIBUTE appends); null when an attribute changes type or the order differs otherwise.
    /// </summary>
    private static (List<string> Dropped, List<string> Added)? AttributeChanges(CompositeTypeDef source, CompositeTypeDef target)
    {
        var sourceNames = source.Attributes.Select(AttributeName).ToList();
        var targetNames = target.Attributes.Select(AttributeName).ToList();
        var dropped = target.Attributes.Where(a => !sourceNames.Contains(AttributeName(a))).ToList();
        var kept = target.Attributes.Except(dropped).ToList();
        if (kept.Count > source.Attributes.Count || !kept.SequenceEqual(source.Attributes.Take(kept.Count)))
            return null;
        var added = source.Attributes.Skip(kept.Count).ToList();
        return added.Any(a => targetNames.Contains(AttributeName(a))) ? null : (dropped, added);
    }

    private static void AlterComposite(PlanContext context, CompositeTypeDef source, (List<string> Dropped, List<string> Added) changes)
    {
        // Dropping an attribute deletes its values in every column of the type; an added one is NULL in them.
        foreach (var attribute in changes.Dropped)
            context.Builder.Add(
                Phase.AlterTypes,
                source.Identity,
                $"ALTER TYPE {source.Identity} DROP ATTRIBUTE {AttributeName(attribute)}",
                Hazard.DeletesData
            );
        foreach (var attribute in changes.Added)
            context.Builder.Add(
                Phase.AlterTypes,
                source.Identity,
                Touch.Alters(ObjectKey.Type(source.Identity)),
                $"ALTER TYPE {source.Identity} ADD ATTRIBUTE {attribute}"
            );
    }

    /// <summary>The (quoted) name of an attribute written <c>name type</c>.</summary>
    private static string AttributeName(string attribute)
    {
        if (!attribute.StartsWith('"'))
            return attribute[..attribute.IndexOf(' ', StringComparison.Ordinal)];
        var end = 1;
        while ((end = attribute.IndexOf('"', end)) + 1 < attribute.Length && attribute[end + 1] == '"')
            end += 2;
        return attribute[..(end + 1)];
    }
}
