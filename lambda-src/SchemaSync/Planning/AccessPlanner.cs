using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// What the plan may not do as the connected role, and kinds the engine does not manage. Runs before the generators:
/// a change to an object someone else owns, or a new object in a schema the role may not create in, is reported as
/// unsupported (so apply refuses it) instead of becoming SQL that fails with a permission error; a difference in an
/// unmanaged kind is reported instead of being left.
/// </summary>
internal static class AccessPlanner
{
    public static void Plan(PlanContext context)
    {
        var (source, target) = (context.Source, context.Target);
        var access = target.Access.ToDictionary(a => a.Name, StringComparer.Ordinal);

        foreach (var (kind, name, owner) in ChangedOrRemoved(source, target).Distinct())
        {
            if (access.TryGetValue(owner, out var rule) && !rule.Owned)
                context.Builder.Unsupported(
                    $"{kind} {name}: owned by {rule.Owner}, and the connected role may not alter or drop what it does not own; change "
                        + "the owner to the schema-sync user (ALTER ... OWNER TO) or exclude it"
                );
        }
        var newSchemas = ListDiff.Compare(source.Schemas, target.Schemas).Added.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, name, schema) in Added(source, target).Distinct())
        {
            if (!newSchemas.Contains(schema) && access.TryGetValue(schema, out var rule) && !rule.MayCreateIn)
                context.Builder.Unsupported(
                    $"{kind} {name}: the connected role may not create objects in schema {schema} (it lacks CREATE there); grant it "
                        + "or move the object"
                );
        }

        var unmanaged = ListDiff.Compare(source.Unmanaged, target.Unmanaged);
        foreach (
            var item in unmanaged
                .Added.Concat(unmanaged.Removed)
                .Concat(unmanaged.Changed.Select(c => c.Source))
                .OrderBy(i => i.Identity, StringComparer.Ordinal)
        )
            context.Builder.Unsupported(
                $"{item.Kind} {item.Name}: schema sync does not manage this kind of object and it differs; change it by hand in both "
                    + "databases"
            );
    }

    /// <summary>Each changed or removed object of the target, with the object whose owner decides (a column's table, ...).</summary>
    private static IEnumerable<(string Kind, string Name, string Owner)> ChangedOrRemoved(DatabaseModel source, DatabaseModel target)
    {
        static IEnumerable<T> Touched<T>(IEnumerable<T> from, IEnumerable<T> to)
            where T : ISchemaObject
        {
            var diff = ListDiff.Compare(from, to);
            return diff.Removed.Concat(diff.Changed.Select(c => c.Target));
        }
        foreach (var o in Touched(source.Tables, target.Tables))
            yield return ("table", o.Identity, o.Identity);
        foreach (var o in Touched(source.Columns, target.Columns))
            yield return ("column", o.Identity, o.TableIdentity);
        foreach (var o in Touched(source.Constraints, target.Constraints))
            yield return ("constraint", o.Identity, o.TableIdentity);
        foreach (var o in Touched(source.Indexes, target.Indexes))
            yield return ("index", o.Identity, o.TableIdentity);
        foreach (var o in Touched(source.Triggers, target.Triggers))
            yield return ("trigger", o.Identity, o.TableIdentity);
        foreach (var o in Touched(source.Policies, target.Policies))
            yield return ("policy", o.Identity, $"{o.Schema}.{o.Table}");
        foreach (var o in Touched(source.Views, target.Views))
            yield return ("view", o.Identity, o.Identity);
        foreach (var o in Touched(source.Sequences, target.Sequences))
            yield return ("sequence", o.Identity, o.Identity);
        foreach (var o in Touched(source.Enums, target.Enums))
            yield return ("type", o.Identity, o.Identity);
        foreach (var o in Touched(source.Domains, target.Domains))
            yield return ("domain", o.Identity, o.Identity);
        foreach (var o in Touched(source.CompositeTypes, target.CompositeTypes))
            yield return ("type", o.Identity, o.Identity);
        foreach (var o in Touched(source.Functions, target.Functions))
            yield return ("function", o.Identity, o.Identity);
        foreach (var o in Touched(source.Collations, target.Collations))
            yield return ("collation", o.Identity, o.Identity);
        foreach (var o in Touched(source.Schemas, target.Schemas))
            yield return ("schema", o.Identity, o.Identity);
    }

    /// <summary>Each object the source adds, with the schema it is created in.</summary>
    private static IEnumerable<(string Kind, string Name, string Schema)> Added(DatabaseModel source, DatabaseModel target)
    {
        static IEnumerable<T> New<T>(IEnumerable<T> from, IEnumerable<T> to)
            where T : ISchemaObject => ListDiff.Compare(from, to).Added;
        foreach (var o in New(source.Tables, target.Tables))
            yield return ("table", o.Identity, o.Schema);
        foreach (var o in New(source.Views, target.Views))
            yield return ("view", o.Identity, o.Schema);
        foreach (var o in New(source.Sequences, target.Sequences))
            yield return ("sequence", o.Identity, o.Schema);
        foreach (var o in New(source.Indexes, target.Indexes))
            yield return ("index", o.Identity, o.Schema);
        foreach (var o in New(source.Enums, target.Enums))
            yield return ("type", o.Identity, o.Schema);
        foreach (var o in New(source.Domains, target.Domains))
            yield return ("domain", o.Identity, o.Schema);
        foreach (var o in New(source.CompositeTypes, target.CompositeTypes))
            yield return ("type", o.Identity, o.Schema);
        foreach (var o in New(source.Functions, target.Functions))
            yield return ("function", o.Identity, o.Schema);
        foreach (var o in New(source.Collations, target.Collations))
            yield return ("collation", o.Identity, o.Schema);
    }
}
