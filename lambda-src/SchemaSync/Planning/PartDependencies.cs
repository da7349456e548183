using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// The dependency edges of a table's parts, derived from the model (the catalog query reads relations, types and
/// functions only): each constraint and index rests on its table (or materialized view), and a foreign key on the
/// table it references and on that table's primary key, unique constraints and unique indexes (any of them may be the
/// one it uses). <see cref="StatementOrder"/> reads them beside the catalog's: a part is created after its table and
/// what the table's columns become, a foreign key after the key it references; a part is dropped before its table is
/// altered or dropped, a foreign key before the key it references and before the table that holds that key.
/// </summary>
internal static class PartDependencies
{
    /// <summary>The edges of the parts among <paramref name="keys"/> (the objects a plan's statements touch): derived only
    /// for those, so a plan over thousands of tables derives none for the parts it leaves alone.</summary>
    public static IEnumerable<DependencyDef> Of(DatabaseModel model, IReadOnlySet<string> keys)
    {
        var constraints = model.Constraints.ById();
        var indexes = model.Indexes.ById();
        ILookup<string, string>? keysOf = null;
        foreach (var key in keys)
        {
            if (Identity(key, ObjectKey.ConstraintPrefix) is { } name && constraints.TryGetValue(name, out var constraint))
            {
                yield return new(key, ObjectKey.Relation(constraint.TableIdentity));
                if (constraint.Type != 'f' || ReferencedTable(constraint) is not { } referenced)
                    continue;
                yield return new(key, ObjectKey.Relation(referenced));
                keysOf ??= UniqueKeysByTable(model);
                foreach (var uniqueKey in keysOf[referenced])
                    yield return new(key, uniqueKey);
            }
            else if (Identity(key, ObjectKey.RelationPrefix) is { } relation && indexes.TryGetValue(relation, out var index))
                yield return new(key, ObjectKey.Relation(index.TableIdentity));
        }
    }

    private static string? Identity(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null;

    /// <summary>Each table's primary key, unique constraints and unique indexes: what a foreign key to it may use.</summary>
    private static ILookup<string, string> UniqueKeysByTable(DatabaseModel model) =>
        model
            .Constraints.Where(c => c.Type is 'p' or 'u')
            .Select(c => (Table: c.TableIdentity, Key: ObjectKey.Constraint(c.Identity)))
            .Concat(model.Indexes.Where(IsUnique).Select(i => (Table: i.TableIdentity, Key: ObjectKey.Relation(i.Identity))))
            .ToLookup(k => k.Table, k => k.Key, StringComparer.Ordinal);

    internal static bool IsUnique(IndexDef index) => index.Definition.StartsWith("CREATE UNIQUE INDEX ", StringComparison.Ordinal);

    /// <summary>The table a foreign key references, as its deparsed definition names it (qualified: the catalog is read with
    /// search_path pg_catalog): <c>FOREIGN KEY (a) REFERENCES app.t(id)</c>. A quoted name may hold a parenthesis.</summary>
    internal static string? ReferencedTable(ConstraintDef key)
    {
        const string references = " REFERENCES ";
        var start = key.Definition.IndexOf(references, StringComparison.Ordinal);
        if (start < 0)
            return null;
        start += references.Length;
        var quoted = false;
        for (var i = start; i < key.Definition.Length; i++)
        {
            if (key.Definition[i] == '"')
                quoted = !quoted;
            else if (key.Definition[i] == '(' && !quoted)
                return key.Definition[start..i];
        }
        return null;
    }
}
