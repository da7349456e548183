using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Comments: set when added or changed; cleared when removed from an object that stays.</summary>
internal static class CommentPlanner
{
    public static void Plan(PlanContext context)
    {
        var comments = ListDiff.Compare(context.Source.Comments, context.Target.Comments);
        // A table created anew gets its comments (and its columns' and constraints') again.
        var onRecreated = ListDiff.Unchanged(context.Source.Comments, context.Target.Comments, c =>
            context.Repartitioned.Any(t =>
                c.Target == $"TABLE {t}"
                || c.Target.StartsWith($"COLUMN {t}.", StringComparison.Ordinal)
                || c.Target.EndsWith($" ON {t}", StringComparison.Ordinal)
            )
        );
        foreach (var comment in comments.Added.Concat(comments.Changed.Select(c => c.Source)).Concat(onRecreated))
            context.Builder.Add(Phase.Comments, comment.Identity, $"COMMENT ON {comment.Target} IS {SqlText.QuoteLiteral(comment.Text)}");
        if (comments.Removed.Count == 0)
            return;
        var existing = Targets(context.Source);
        foreach (var comment in comments.Removed.Where(c => existing.Contains(c.Target)))
            context.Builder.Add(Phase.Comments, comment.Identity, $"COMMENT ON {comment.Target} IS NULL");
    }

    /// <summary>Every commentable object of a model, written as COMMENT ON names it.</summary>
    private static HashSet<string> Targets(DatabaseModel model)
    {
        IEnumerable<string> targets =
        [
            .. model.Schemas.Select(s => $"SCHEMA {s.Identity}"),
            .. model.Tables.Select(t => $"TABLE {t.Identity}"),
            .. model.Columns.Select(c => $"COLUMN {c.Identity}"),
            .. model.Views.Select(v => $"{(v.Materialized ? "MATERIALIZED VIEW" : "VIEW")} {v.Identity}"),
            .. model.Sequences.Select(s => $"SEQUENCE {s.Identity}"),
            .. model.Indexes.Select(i => $"INDEX {i.Identity}"),
            .. model.Enums.Select(e => $"TYPE {e.Identity}"),
            .. model.CompositeTypes.Select(t => $"TYPE {t.Identity}"),
            .. model.Domains.Select(d => $"DOMAIN {d.Identity}"),
            .. model.Functions.Select(f => $"{RoutinePlanner.RoutineKind(f)} {f.Identity}"),
            .. model.Constraints.Select(c => $"CONSTRAINT {c.Name} ON {c.TableIdentity}"),
        ];
        return targets.ToHashSet(StringComparer.Ordinal);
    }
}
