using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Functions, procedures, triggers and row-level security policies: code the application runs.</summary>
internal static class RoutinePlanner
{
    public static void Plan(PlanContext context)
    {
        var functions = ListDiff.Compare(context.Source.Functions, context.Target.Functions);
        foreach (var function in functions.Added)
            context.Builder.Add(
                Phase.CreateFunctions,
                function.Identity,
                Touch.Creates(ObjectKey.Function(function.Identity)),
                Body(function)
            );
        foreach (var (source, target) in functions.Changed)
        {
            // CREATE OR REPLACE keeps dependents (triggers, defaults) but cannot change the result type.
            var key = ObjectKey.Function(source.Identity);
            var replaced = source.Result != target.Result;
            if (replaced)
                context.Builder.Add(
                    Phase.DropReplacedFunctions,
                    source.Identity,
                    Touch.Drops(key),
                    $"DROP {RoutineKind(target)} {target.Identity}",
                    Hazard.ChangesBehaviour
                );
            context.Builder.Add(
                Phase.CreateFunctions,
                source.Identity,
                replaced ? Touch.Creates(key) : Touch.Alters(key),
                Body(source),
                Hazard.ChangesBehaviour
            );
        }
        foreach (var function in functions.Removed)
            context.Builder.Add(
                Phase.DropFunctions,
                function.Identity,
                Touch.Drops(ObjectKey.Function(function.Identity)),
                $"DROP {RoutineKind(function)} {function.Identity}",
                Hazard.ChangesBehaviour
            );

        var triggers = ListDiff.Compare(context.Source.Triggers, context.Target.Triggers);
        // A trigger whose only change is its firing state is altered in place; any other change recreates it.
        var stateOnly = triggers.Changed.Where(c => c.Source.Definition == c.Target.Definition).ToList();
        // Unchanged triggers calling a function the plan drops are dropped before it and created again after; those on
        // a table or view the plan recreates (INSTEAD OF triggers go with their view) are created again after it.
        var recreated = triggers
            .Changed.Except(stateOnly)
            .Concat(
                ListDiff
                    .Unchanged(context.Source.Triggers, context.Target.Triggers, t =>
                        context.CallsReplacedFunction(t.Definition)
                        || context.IsRecreated(t.TableIdentity)
                        || context.RecreatedViews.Contains(t.TableIdentity)
                    )
                    .Select(t => (Source: t, Target: t))
            )
            .ToList();
        foreach (
            var trigger in triggers
                .Removed.Concat(recreated.Select(c => c.Target))
                .Where(t => !context.DroppedTables.Contains(t.TableIdentity))
        )
            context.Builder.Add(
                Phase.DropTriggers,
                trigger.Identity,
                $"DROP TRIGGER {trigger.Name} ON {trigger.TableIdentity}",
                Hazard.ChangesBehaviour
            );
        foreach (var trigger in triggers.Added.Concat(recreated.Select(c => c.Source)))
        {
            context.Builder.Add(
                Phase.CreateTriggers,
                trigger.Identity,
                trigger.Definition,
                context.On(trigger.TableIdentity, Hazard.ChangesBehaviour)
            );
            if (trigger.Enabled.Length > 0)
                context.Builder.Add(
                    Phase.CreateTriggers,
                    trigger.Identity,
                    StateSql(trigger),
                    context.On(trigger.TableIdentity, Hazard.ChangesBehaviour)
                );
        }
        foreach (var (source, _) in stateOnly)
            context.Builder.Add(Phase.CreateTriggers, source.Identity, StateSql(source), Hazard.ChangesBehaviour);

        var policies = ListDiff.Compare(context.Source.Policies, context.Target.Policies);
        var rebuiltPolicies = ListDiff.Unchanged(context.Source.Policies, context.Target.Policies, p =>
            context.CallsReplacedFunction(p.CreateSql) || context.IsRecreated($"{p.Schema}.{p.Table}")
        );
        foreach (
            var policy in policies
                .Removed.Concat(policies.Changed.Select(c => c.Target))
                .Concat(rebuiltPolicies)
                .Where(p => !context.DroppedTables.Contains($"{p.Schema}.{p.Table}"))
        )
            context.Builder.Add(
                Phase.DropPolicies,
                policy.Identity,
                $"DROP POLICY {policy.Name} ON {policy.Schema}.{policy.Table}",
                Hazard.ChangesBehaviour
            );
        foreach (var policy in policies.Added.Concat(policies.Changed.Select(c => c.Source)).Concat(rebuiltPolicies))
            context.Builder.Add(
                Phase.CreatePolicies,
                policy.Identity,
                policy.CreateSql,
                context.On($"{policy.Schema}.{policy.Table}", Hazard.ChangesBehaviour)
            );
    }

    private static string StateSql(TriggerDef trigger) =>
        $"ALTER TABLE {trigger.TableIdentity} {(trigger.Enabled.Length > 0 ? trigger.Enabled : "ENABLE")} TRIGGER {trigger.Name}";

    private static string Body(FunctionDef function) => function.Definition.TrimEnd().TrimEnd(';');

    public static string RoutineKind(FunctionDef function) =>
        function.Definition.StartsWith("CREATE OR REPLACE PROCEDURE", StringComparison.Ordinal) ? "PROCEDURE" : "FUNCTION";
}
