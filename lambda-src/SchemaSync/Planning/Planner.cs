using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Turns two models into a <see cref="Plan"/> that makes the target's schema equal the source's.</summary>
public static class Planner
{
    /// <summary>Plans the statements that make <paramref name="target"/> equal <paramref name="source"/>. Pure: no database is touched.</summary>
    /// <exception cref="PlanInputException">When a rename hint names nothing in the target, or a name the source does not have.</exception>
    public static Plan Create(DatabaseModel source, DatabaseModel target, PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new PlanOptions();
        var builder = new PlanBuilder();

        // Renames are applied to the target first, so the rest of the diff sees the renamed objects as unchanged.
        var renamed = RenameHints.Apply(source, target, options.Renames, builder);
        var context = new PlanContext(source, renamed, options, builder);
        AccessPlanner.Plan(context);
        TypePlanner.Plan(context);
        TablePlanner.Plan(context);
        ViewPlanner.Plan(context);
        ConstraintIndexPlanner.Plan(context);
        RoutinePlanner.Plan(context);
        CommentPlanner.Plan(context);
        PrivilegePlanner.Plan(context);
        var plan = builder.Build(source.ComputeHash(), target.ComputeHash());
        // The schemas differ but no generator wrote anything: never an empty plan that leaves a difference.
        if (plan.Statements.Count == 0 && plan.Unsupported.Count == 0 && renamed.ComputeHash() != plan.SourceHash)
            return plan with { Unsupported = [.. ModelDiff.Differences(source, renamed).Select(d => $"{d}: differs in a way no statement here can change")] };
        return plan;
    }
}
