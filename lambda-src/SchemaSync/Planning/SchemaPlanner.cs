using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Schemas: created first, dropped last (with what is left in them, which the plan drops before).</summary>
internal static class SchemaPlanner
{
    public static void Plan(PlanContext context)
    {
        var schemas = ListDiff.Compare(context.Source.Schemas, context.Target.Schemas);
        foreach (var schema in schemas.Added)
            context.Builder.Add(Phase.CreateSchemas, schema.Identity, $"CREATE SCHEMA {schema.Name}");
        foreach (var schema in schemas.Removed)
            context.Builder.Add(Phase.DropSchemas, schema.Identity, $"DROP SCHEMA {schema.Name}", Hazard.DeletesData);
    }
}
