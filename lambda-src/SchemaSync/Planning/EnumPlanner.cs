using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Enum types: labels added in place where PostgreSQL can; otherwise the type is replaced and its columns converted.</summary>
internal static class EnumPlanner
{
    public static void Plan(PlanContext context)
    {
        var enums = ListDiff.Compare(context.Source.Enums, context.Target.Enums);
        foreach (var type in enums.Added)
            context.Builder.Add(
                Phase.CreateTypes,
                type.Identity,
                Touch.Creates(ObjectKey.Type(type.Identity)),
                $"CREATE TYPE {type.Identity} AS ENUM ({string.Join(", ", type.Labels.Select(SqlText.QuoteLiteral))})"
            );
        foreach (var type in enums.Removed)
            context.Builder.Add(
                Phase.DropTypes,
                type.Identity,
                Touch.Drops(ObjectKey.Type(type.Identity)),
                $"DROP TYPE {type.Identity}",
                Hazard.DeletesData
            );
        foreach (var (source, target) in enums.Changed)
        {
            if (!context.RecreatedEnums.Contains(source.Identity))
            {
                // New labels go in their place; existing values keep their meaning and order.
                for (var i = 0; i < source.Labels.Count; i++)
                {
                    if (target.Labels.Contains(source.Labels[i]))
                        continue;
                    var position =
                        i + 1 < source.Labels.Count && target.Labels.Contains(source.Labels[i + 1])
                            ? $" BEFORE {SqlText.QuoteLiteral(source.Labels[i + 1])}"
                        : i > 0 ? $" AFTER {SqlText.QuoteLiteral(source.Labels[i - 1])}"
                        : "";
                    context.Builder.Add(
                        Phase.AlterTypes,
                        source.Identity + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                        $"ALTER TYPE {source.Identity} ADD VALUE {SqlText.QuoteLiteral(source.Labels[i])}{position}"
                    );
                }
            }
            else
            {
                RecreateEnum(context, source, target);
            }
        }
    }

    /// <summary>
    /// A new type replaces the old one (labels removed or reordered, or an added label used in the same plan): the
    /// columns are converted through text; rows holding a removed label make the cast fail.
    /// </summary>
    private static void RecreateEnum(PlanContext context, EnumDef type, EnumDef current)
    {
        var replaced = SqlText.QuoteIdent(SqlText.UnquoteIdent(type.Name) + "__replaced");
        var old = $"{type.Schema}.{replaced}";
        var key = type.Identity;
        // Only a removed label loses values (rows holding it make the conversion fail); added or moved ones do not.
        Hazard[] lost = current.Labels.Except(type.Labels).Any() ? [Hazard.DeletesData] : [];
        context.Builder.Add(Phase.AlterTypes, key, $"ALTER TYPE {type.Identity} RENAME TO {replaced}", lost);
        context.Builder.Add(
            Phase.AlterTypes,
            key,
            $"CREATE TYPE {type.Identity} AS ENUM ({string.Join(", ", type.Labels.Select(SqlText.QuoteLiteral))})"
        );
        foreach (
            var column in context.Target.Columns.Where(c => c.Type == type.Identity && !context.DroppedTables.Contains(c.TableIdentity))
        )
        {
            var alter = $"ALTER TABLE {column.TableIdentity} ALTER COLUMN {column.Name}";
            if (column.Default is not null)
                context.Builder.Add(Phase.AlterTypes, key, $"{alter} DROP DEFAULT");
            context.Builder.Add(
                Phase.AlterTypes,
                key,
                $"{alter} TYPE {type.Identity} USING {column.Name}::text::{type.Identity}",
                [.. lost, Hazard.RewritesTable, Hazard.AcquiresAccessExclusiveLock]
            );
        }
        context.Builder.Add(Phase.AlterTypes, key, $"DROP TYPE {old}");
        // Defaults come back with the column changes (AlterColumns) since the source column's default is compared anew.
        foreach (var column in context.Source.Columns.Where(c => c.Type == type.Identity && c.Default is not null))
            context.Builder.Add(
                Phase.AlterColumns,
                column.Identity,
                $"ALTER TABLE {column.TableIdentity} ALTER COLUMN {column.Name} SET DEFAULT {column.Default}"
            );
    }

    /// <summary>Whether <paramref name="source"/>'s labels are <paramref name="target"/>'s with labels added (ADD VALUE), nothing removed
    /// or moved.</summary>
    public static bool CanAddLabels(EnumDef target, EnumDef source) => IsSubsequence(target.Labels, source.Labels);

    private static bool IsSubsequence(IReadOnlyList<string> shorter, IReadOnlyList<string> longer)
    {
        var j = 0;
        foreach (var label in longer)
        {
            if (j < shorter.Count && shorter[j] == label)
                j++;
        }
        return j == shorter.Count;
    }
}
