using Npgsql;
using SchemaSync.Connections;
using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// The one check a plan needs from the target's rows: whether an enum label the plan removes is still held by a row.
/// Without a rename hint, a replaced label looks like one removed and one added; converting a row that holds the
/// removed one fails at apply. This asks first, with one bounded <c>SELECT EXISTS</c> per label and column, and turns
/// a label in use into an unsupported change that names the <c>--rename</c> that would keep the rows.
/// </summary>
public static class EnumLabelCheck
{
    /// <summary>Returns <paramref name="plan"/> with an unsupported entry for each removed label still in use in the target.</summary>
    /// <remarks>The target connection may be passed closed: it is opened when there is something to ask.</remarks>
    public static async Task<Plan> RefuseLabelsInUseAsync(
        Plan plan,
        DatabaseModel source,
        DatabaseModel target,
        NpgsqlConnection targetConnection,
        PlanOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        var renames = options?.Renames ?? new Dictionary<string, string>();
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetConnection);
        var dropped = ListDiff.Compare(source.Tables, target.Tables).Removed.Select(t => t.Identity).ToHashSet(StringComparer.Ordinal);
        var inUse = new List<string>();
        foreach (var (wanted, current) in ListDiff.Compare(source.Enums, target.Enums).Changed)
        {
            // A label with a rename hint keeps its rows (ALTER TYPE ... RENAME VALUE): not removed.
            var hintPrefix = $"{SqlText.UnquoteIdent(current.Schema)}.{SqlText.UnquoteIdent(current.Name)}";
            var removed = current.Labels.Except(wanted.Labels).Where(l => !renames.ContainsKey($"{hintPrefix}.{l}")).ToList();
            var added = wanted.Labels.Except(current.Labels).ToList();
            foreach (var column in target.Columns.Where(c => c.Type == current.Identity && !dropped.Contains(c.TableIdentity)))
            {
                foreach (var label in removed)
                {
                    var sql =
                        $"SELECT EXISTS (SELECT 1 FROM {column.TableIdentity} WHERE {column.Name} = "
                        + $"{SqlText.QuoteLiteral(label)}::{current.Identity})";
                    await targetConnection.OpenWhenClosedAsync(cancellationToken).ConfigureAwait(false);
                    await using var command = new NpgsqlCommand(sql, targetConnection);
                    if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                    {
                        var rename = $"{hintPrefix}.{label}={(added.Count == 1 ? added[0] : "<new label>")}";
                        inUse.Add(
                            $"enum {current.Identity}: label '{label}' is removed but rows of {column.Identity} still hold it; if it "
                                + $"was renamed, say so with --rename {rename} (the rows keep their value), else change those rows first"
                        );
                    }
                }
            }
        }
        return plan.WithUnsupported(inUse);
    }
}
