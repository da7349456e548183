using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// Collations: created before the types, columns and indexes that use them, dropped after. One that changes is dropped
/// and created again, which PostgreSQL refuses while a column, domain or index uses it: then refused.
/// </summary>
internal static class CollationPlanner
{
    public static void Plan(PlanContext context)
    {
        var collations = ListDiff.Compare(context.Source.Collations, context.Target.Collations);
        void Create(CollationDef collation) =>
            context.Builder.Add(
                Phase.CreateCollations,
                collation.Identity,
                Touch.Creates(ObjectKey.Collation(collation.Identity)),
                $"CREATE COLLATION {collation.Identity} ({collation.Options})"
            );
        void Drop(Phase phase, CollationDef collation) =>
            context.Builder.Add(
                phase,
                collation.Identity,
                Touch.Drops(ObjectKey.Collation(collation.Identity)),
                $"DROP COLLATION {collation.Identity}"
            );
        foreach (var collation in collations.Added)
            Create(collation);
        foreach (var collation in collations.Removed)
            Drop(Phase.DropCollations, collation);
        foreach (var (source, target) in collations.Changed)
        {
            var key = ObjectKey.Collation(source.Identity);
            // Columns and domains are in the catalog's dependencies; indexes name it in their definition.
            var users = context
                .Target.Dependencies.Where(d => d.Referenced == key)
                .Select(d => d.Dependent)
                .Concat(
                    context
                        .Target.Indexes.Where(i => i.Definition.Contains($"COLLATE {source.Identity}", StringComparison.Ordinal))
                        .Select(i => $"index {i.Identity}")
                )
                .Order(StringComparer.Ordinal)
                .ToList();
            if (users.Count > 0)
            {
                context.Builder.Unsupported(
                    $"collation {source.Identity}: changes ({target.Options} -> {source.Options}) but is in use "
                        + $"({string.Join(", ", users)}); create a new collation and move them to it"
                );
                continue;
            }
            Drop(Phase.CreateCollations, target);
            Create(source);
        }
    }
}
