using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// Applies rename hints (<c>schema.table=new</c>, <c>schema.table.column=new</c>, <c>schema.enum.label=new</c>) to
/// the target model and plans the RENAME statements, so renamed objects keep their data instead of being dropped.
/// </summary>
internal static class RenameHints
{
    public static DatabaseModel Apply(DatabaseModel target, IReadOnlyDictionary<string, string> renames, PlanBuilder builder)
    {
        var model = target;
        // Columns and enum values first, under their table's current name; then tables. Statements run in this order.
        var ordered = renames.OrderByDescending(r => r.Key.Count(c => c == '.')).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        for (var n = 0; n < ordered.Count; n++)
        {
            var (from, to) = ordered[n];
            var key = n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            var parts = from.Split('.');
            var newName = SqlText.QuoteIdent(to);
            if (parts.Length == 2 && model.Tables.FirstOrDefault(t => t.Identity == Quote(parts)) is { } table)
            {
                builder.Add(Phase.Renames, key, $"ALTER TABLE {table.Identity} RENAME TO {newName}");
                model = RenameTable(model, table, newName);
            }
            else if (parts.Length == 3 && model.Columns.FirstOrDefault(c => c.Identity == Quote(parts)) is { } column)
            {
                builder.Add(Phase.Renames, key, $"ALTER TABLE {column.TableIdentity} RENAME COLUMN {column.Name} TO {newName}");
                model = model with { Columns = Replace(model.Columns, column, column with { Name = newName }) };
            }
            else if (parts.Length == 3 && model.Enums.FirstOrDefault(e => e.Identity == Quote(parts[..2])) is { } type && type.Labels.Contains(parts[2]))
            {
                builder.Add(Phase.Renames, key, $"ALTER TYPE {type.Identity} RENAME VALUE {SqlText.QuoteLiteral(parts[2])} TO {SqlText.QuoteLiteral(to)}");
                model = model with { Enums = Replace(model.Enums, type, type with { Labels = new ValueList<string>(type.Labels.Select(l => l == parts[2] ? to : l)) }) };
            }
            else
            {
                throw new ArgumentException($"rename hint '{from}={to}': no table, column or enum value '{from}' in the target", nameof(renames));
            }
        }
        return model.Sorted();
    }

    private static string Quote(IEnumerable<string> parts) => string.Join('.', parts.Select(SqlText.QuoteIdent));

    private static DatabaseModel RenameTable(DatabaseModel model, TableDef table, string newName)
    {
        bool Of(string schema, string name) => schema == table.Schema && name == table.Name;
        return model with
        {
            Tables = Replace(model.Tables, table, table with { Name = newName }),
            Columns = new(model.Columns.Select(c => Of(c.Schema, c.Table) ? c with { Table = newName } : c)),
            Constraints = new(model.Constraints.Select(c => Of(c.Schema, c.Table) ? c with { Table = newName } : c)),
            Indexes = new(model.Indexes.Select(i => Of(i.Schema, i.Table) ? i with { Table = newName } : i)),
            Triggers = new(model.Triggers.Select(t => Of(t.Schema, t.Table) ? t with { Table = newName } : t)),
            Policies = new(model.Policies.Select(p => Of(p.Schema, p.Table) ? p with { Table = newName } : p)),
        };
    }

    private static ValueList<T> Replace<T>(IEnumerable<T> items, T old, T replacement) where T : class =>
        new(items.Select(i => ReferenceEquals(i, old) ? replacement : i));
}
