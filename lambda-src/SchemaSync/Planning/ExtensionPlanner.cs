using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Extensions: created, moved to another schema, updated to the source's version, dropped.</summary>
internal static class ExtensionPlanner
{
    public static void Plan(PlanContext context)
    {
        var extensions = ListDiff.Compare(context.Source.Extensions, context.Target.Extensions);
        foreach (var extension in extensions.Added)
            context.Builder.Add(
                Phase.CreateExtensions,
                extension.Identity,
                $"CREATE EXTENSION IF NOT EXISTS {extension.Name} WITH SCHEMA {extension.Schema} VERSION "
                    + $"{SqlText.QuoteLiteral(extension.Version)}",
                // New functions, types and operators the application may start to resolve to.
                Hazard.ChangesBehaviour
            );
        foreach (var (source, target) in extensions.Changed)
        {
            if (source.Schema != target.Schema)
                context.Builder.Add(
                    Phase.AlterExtensions,
                    source.Identity,
                    $"ALTER EXTENSION {source.Name} SET SCHEMA {source.Schema}",
                    Hazard.ChangesBehaviour
                );
            if (source.Version != target.Version)
                context.Builder.Add(
                    Phase.AlterExtensions,
                    source.Identity,
                    $"ALTER EXTENSION {source.Name} UPDATE TO {SqlText.QuoteLiteral(source.Version)}",
                    Hazard.ChangesBehaviour
                );
        }
        foreach (var extension in extensions.Removed)
            context.Builder.Add(Phase.DropExtensions, extension.Identity, $"DROP EXTENSION {extension.Name}", Hazard.DeletesData);
    }
}
