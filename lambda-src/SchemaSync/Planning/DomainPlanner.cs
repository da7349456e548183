using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Domains: altered in place (checks, default, NOT NULL) while the base type stays; replaced otherwise.</summary>
internal static class DomainPlanner
{
    public static void Plan(PlanContext context)
    {
        var domains = ListDiff.Compare(context.Source.Domains, context.Target.Domains);
        // A domain whose base type stays is altered in place, columns using it or not; a new base type replaces it.
        var altered = domains
            .Changed.Where(c => (c.Source.BaseType, c.Source.Collation) == (c.Target.BaseType, c.Target.Collation))
            .ToList();
        foreach (var (source, target) in altered)
            AlterDomain(context, source, target);
        ReplaceableTypes.Plan(context, domains with { Changed = [.. domains.Changed.Except(altered)] }, "DOMAIN", d => d.CreateSql);
    }

    /// <summary>ALTER DOMAIN: default, NOT NULL and checks; a new check is added NOT VALID and validated separately.</summary>
    private static void AlterDomain(PlanContext context, DomainDef source, DomainDef target)
    {
        var alter = $"ALTER DOMAIN {source.Identity}";
        void Add(Phase phase, string sql, params Hazard[] hazards) => context.Builder.Add(phase, source.Identity, sql, hazards);
        // What brings in the source's definitions (a check may call a function the plan creates) is ordered by them.
        void Alter(string sql) =>
            context.Builder.Add(Phase.AlterTypes, source.Identity, Touch.Alters(ObjectKey.Type(source.Identity)), sql);
        var constraints = ListDiff.Compare(source.Constraints.Select(c => new Named(c)), target.Constraints.Select(c => new Named(c)));
        foreach (var constraint in constraints.Removed.Concat(constraints.Changed.Select(c => c.Target)))
            Add(Phase.AlterTypes, $"{alter} DROP CONSTRAINT {constraint.Constraint.Name}");
        if (source.Default != target.Default)
            if (source.Default is null)
                Add(Phase.AlterTypes, $"{alter} DROP DEFAULT");
            else
                Alter($"{alter} SET DEFAULT {source.Default}");
        if (source.NotNull != target.NotNull)
            Add(Phase.AlterTypes, $"{alter} {(source.NotNull ? "SET" : "DROP")} NOT NULL", source.NotNull ? [Hazard.ValidatesData] : []);
        foreach (var constraint in constraints.Added.Concat(constraints.Changed.Select(c => c.Source)))
        {
            // NOT VALID first: the ADD takes its lock only briefly; every column using the domain is scanned in VALIDATE.
            Alter($"{alter} ADD CONSTRAINT {constraint.Constraint.Name} {constraint.Constraint.Definition} NOT VALID");
            Add(Phase.ValidateConstraints, $"{alter} VALIDATE CONSTRAINT {constraint.Constraint.Name}", Hazard.ValidatesData);
        }
    }

    /// <summary>A domain's check, matched by name.</summary>
    private sealed record Named(DomainConstraintDef Constraint) : ISchemaObject
    {
        public string Identity => Constraint.Name;
    }
}
