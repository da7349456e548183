using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// Views and materialized views. A view is dropped and created again when it changes, when a view it reads is
/// recreated, or when a table it reads has a column dropped or retyped (PostgreSQL refuses those changes under a view).
/// </summary>
internal static class ViewPlanner
{
    public static void Plan(PlanContext context)
    {
        var diff = ListDiff.Compare(context.Source.Views, context.Target.Views);
        var toDrop = context.ViewsToDrop;
        var targetViews = context.Target.Views.Where(v => toDrop.Contains(v.Identity)).ToList();
        var dropOrder = DependencyOrder(targetViews);
        for (var i = dropOrder.Count - 1; i >= 0; i--)
        {
            var view = dropOrder[i];
            var rank = (dropOrder.Count - 1 - i).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            // A materialized view holds derived rows only: a recreated one computes them again in the same transaction
            // (nothing is lost; its readers wait for the commit), a removed one's rows are still in its tables.
            context.Builder.Add(
                Phase.DropViews,
                rank,
                Touch.Drops(ObjectKey.Relation(view.Identity)),
                $"DROP {Kind(view)} {view.Identity}",
                view.Materialized ? [Hazard.AcquiresAccessExclusiveLock] : []
            );
        }

        var sourceIds = context.Source.Views.Select(v => v.Identity).ToHashSet(StringComparer.Ordinal);
        var toCreate = context
            .Source.Views.Where(v => diff.Added.Contains(v) || (toDrop.Contains(v.Identity) && sourceIds.Contains(v.Identity)))
            .ToList();
        var createOrder = DependencyOrder(toCreate);
        for (var i = 0; i < createOrder.Count; i++)
        {
            var view = createOrder[i];
            var definition = view.Definition.TrimEnd().TrimEnd(';');
            context.Builder.Add(
                Phase.CreateViews,
                i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                Touch.Creates(ObjectKey.Relation(view.Identity)),
                $"CREATE {Kind(view)} {view.Identity}{With(view)} AS\n{definition}"
            );
        }
    }

    private static string With(ViewDef view) => view.Options.Count == 0 ? "" : $" WITH ({string.Join(", ", view.Options)})";

    private static string Kind(ViewDef view) => view.Materialized ? "MATERIALIZED VIEW" : "VIEW";

    /// <summary>Views before the views that read them; ties broken by identity (ordinal).</summary>
    private static List<ViewDef> DependencyOrder(IReadOnlyCollection<ViewDef> views)
    {
        var byId = views.ToDictionary(v => v.Identity, StringComparer.Ordinal);
        var ordered = new List<ViewDef>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(ViewDef view, HashSet<string> path)
        {
            if (done.Contains(view.Identity) || !path.Add(view.Identity))
                return;
            foreach (var dependency in view.DependsOn.Where(byId.ContainsKey).Order(StringComparer.Ordinal))
                Visit(byId[dependency], path);
            done.Add(view.Identity);
            ordered.Add(view);
        }
        foreach (var view in views.OrderBy(v => v.Identity, StringComparer.Ordinal))
            Visit(view, new HashSet<string>(StringComparer.Ordinal));
        return ordered;
    }
}
