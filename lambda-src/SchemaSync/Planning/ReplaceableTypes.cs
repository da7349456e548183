using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// Types replaced whole (a domain or composite type whose change cannot be altered in place): created, dropped, or
/// dropped and created again while no column uses them.
/// </summary>
internal static class ReplaceableTypes
{
    public static void Plan<T>(PlanContext context, ListDiff<T> diff, string keyword, Func<T, string> create)
        where T : ISchemaObject
    {
        foreach (var type in diff.Added)
            context.Builder.Add(Phase.CreateTypes, type.Identity, Touch.Creates(ObjectKey.Type(type.Identity)), create(type));
        foreach (var type in diff.Removed)
            context.Builder.Add(
                Phase.DropTypes,
                type.Identity,
                Touch.Drops(ObjectKey.Type(type.Identity)),
                $"DROP {keyword} {type.Identity}",
                Hazard.DeletesData
            );
        foreach (var (source, _) in diff.Changed)
        {
            if (context.Target.Columns.Any(c => c.Type == source.Identity) || context.Source.Columns.Any(c => c.Type == source.Identity))
            {
                context.Builder.Unsupported(
                    $"{keyword.ToLowerInvariant()} {source.Identity}: changed while columns use it; add a new type, move the columns, "
                        + "then drop the old one"
                );
                continue;
            }
            context.Builder.Add(
                Phase.CreateTypes,
                source.Identity,
                Touch.Drops(ObjectKey.Type(source.Identity)),
                $"DROP {keyword} {source.Identity}"
            );
            context.Builder.Add(Phase.CreateTypes, source.Identity, Touch.Creates(ObjectKey.Type(source.Identity)), create(source));
        }
    }
}
