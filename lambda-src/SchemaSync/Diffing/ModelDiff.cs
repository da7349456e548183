using SchemaSync.Model;

namespace SchemaSync.Diffing;

/// <summary>Every object that differs between two models, by kind: what a plan must account for.</summary>
public static class ModelDiff
{
    /// <summary>One line per object added, removed or changed, e.g. <c>column app.t.a (changed)</c>, sorted.</summary>
    public static IReadOnlyList<string> Differences(DatabaseModel source, DatabaseModel target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var lines = new List<string>();
        void Kind<T>(string kind, Func<DatabaseModel, ValueList<T>> list)
            where T : ISchemaObject
        {
            var diff = ListDiff.Compare(list(source), list(target));
            lines.AddRange(diff.Added.Select(o => $"{kind} {o.Identity} (only in the source)"));
            lines.AddRange(diff.Removed.Select(o => $"{kind} {o.Identity} (only in the target)"));
            lines.AddRange(diff.Changed.Select(c => $"{kind} {c.Source.Identity} (changed)"));
        }
        Kind("schema", m => m.Schemas);
        Kind("extension", m => m.Extensions);
        Kind("enum", m => m.Enums);
        Kind("domain", m => m.Domains);
        Kind("collation", m => m.Collations);
        Kind("composite type", m => m.CompositeTypes);
        Kind("sequence", m => m.Sequences);
        Kind("table", m => m.Tables);
        Kind("column", m => m.Columns);
        Kind("constraint", m => m.Constraints);
        Kind("index", m => m.Indexes);
        Kind("view", m => m.Views);
        Kind("function", m => m.Functions);
        Kind("trigger", m => m.Triggers);
        Kind("policy", m => m.Policies);
        Kind("comment", m => m.Comments);
        Kind("grant", m => m.Privileges);
        Kind("default privilege", m => m.DefaultPrivileges);
        Kind("unmanaged", m => m.Unmanaged);
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}
