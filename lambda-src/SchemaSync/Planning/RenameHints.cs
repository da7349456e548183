using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// Applies rename hints (<c>schema.table=new</c>, <c>schema.table.column=new</c>, <c>schema.enum.label=new</c>) to
/// the target model and plans the RENAME statements, so renamed objects keep their data instead of being dropped.
/// </summary>
internal static class RenameHints
{
    /// <exception cref="PlanInputException">When a hint's old name is not in the target or its new name is not in the source.</exception>
    public static DatabaseModel Apply(
        DatabaseModel source,
        DatabaseModel target,
        IReadOnlyDictionary<string, string> renames,
        PlanBuilder builder
    )
    {
        // Without hints the target stays as inspected (already sorted): sorting 3,000 tables' objects costs 40 ms.
        if (renames.Count == 0)
            return target;
        var model = target;
        // What each hint must find in the source once every rename is applied (a column's table may be renamed by a later hint).
        var expected = new List<(string Hint, string Kind, Func<string> Identity)>();
        var tableRenames = new Dictionary<string, string>(StringComparer.Ordinal);
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
                tableRenames[table.Identity] = $"{table.Schema}.{newName}";
                expected.Add(($"{from}={to}", "table", () => $"{table.Schema}.{newName}"));
                model = RenameTable(model, table, newName);
            }
            else if (parts.Length == 3 && model.Columns.FirstOrDefault(c => c.Identity == Quote(parts)) is { } column)
            {
                builder.Add(Phase.Renames, key, $"ALTER TABLE {column.TableIdentity} RENAME COLUMN {column.Name} TO {newName}");
                var columnTable = column.TableIdentity;
                expected.Add(($"{from}={to}", "column", () => $"{tableRenames.GetValueOrDefault(columnTable, columnTable)}.{newName}"));
                model = model with { Columns = Replace(model.Columns, column, column with { Name = newName }) };
            }
            else if (
                parts.Length == 3
                && model.Enums.FirstOrDefault(e => e.Identity == Quote(parts[..2])) is { } type
                && type.Labels.Contains(parts[2])
            )
            {
                builder.Add(
                    Phase.Renames,
                    key,
                    $"ALTER TYPE {type.Identity} RENAME VALUE {SqlText.QuoteLiteral(parts[2])} TO {SqlText.QuoteLiteral(to)}"
                );
                expected.Add(($"{from}={to}", "enum value", () => $"{type.Identity}.{SqlText.QuoteIdent(to)}"));
                model = model with
                {
                    Enums = Replace(
                        model.Enums,
                        type,
                        type with
                        {
                            Labels = new ValueList<string>(type.Labels.Select(l => l == parts[2] ? to : l)),
                        }
                    ),
                };
            }
            else
            {
                throw new PlanInputException($"rename hint '{from}={to}': no table, column or enum value '{from}' in the target");
            }
        }
        var inSource = source
            .Tables.Select(t => ("table", t.Identity))
            .Concat(source.Columns.Select(c => ("column", c.Identity)))
            .Concat(source.Enums.SelectMany(e => e.Labels.Select(l => ("enum value", $"{e.Identity}.{SqlText.QuoteIdent(l)}"))))
            .ToHashSet();
        foreach (var (hint, kind, identity) in expected)
        {
            if (!inSource.Contains((kind, identity())))
                throw new PlanInputException($"rename hint '{hint}': the source has no {kind} {identity()} to rename to");
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

    private static ValueList<T> Replace<T>(IEnumerable<T> items, T old, T replacement)
        where T : class => new(items.Select(i => ReferenceEquals(i, old) ? replacement : i));
}
