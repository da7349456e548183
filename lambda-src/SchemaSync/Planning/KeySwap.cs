using System.Text.RegularExpressions;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// No window without a key (--concurrent-indexes): a primary key or unique constraint that changes on a plain table is
/// not dropped and added inside the transaction (the ADD builds its index under an ACCESS EXCLUSIVE lock). After the
/// commit its new index is built CONCURRENTLY under a temporary name, then one brief ALTER TABLE drops the old
/// constraint and adds the new one USING that index (PostgreSQL renames the index to the constraint's name). Until
/// then the old key serves; if the build fails, its invalid index is dropped and the old key still serves.
/// </summary>
/// <remarks>
/// A primary key's new columns are already NOT NULL when the swap runs (the transaction sets them), so adding it USING
/// the index scans nothing. Left in the transaction: a primary key whose old columns the transaction drops or makes
/// nullable (PostgreSQL refuses either while the old key holds them), keys of a table a foreign key references (one
/// may rest on them: PostgreSQL refuses to drop such a key), keys with more than plain columns (INCLUDE, NULLS NOT
/// DISTINCT, DEFERRABLE, storage options), and keys of tables the plan rebuilds or rewrites.
/// </remarks>
internal static partial class KeySwap
{
    public static bool Fits(PlanContext context, ConstraintDef source, ConstraintDef target) =>
        source.Type == target.Type
        && PlainKey().Match(source.Definition) is { Success: true } key
        && key.Groups["kind"].Value == (source.Type == 'p' ? "PRIMARY KEY" : "UNIQUE")
        && (source.Type == 'u' || OldColumnsStayNotNull(context, target))
        && ConstraintIndexPlanner.IsPlainTable(context, source.TableIdentity)
        && !context.NewTables.Contains(source.TableIdentity)
        && !context.RewrittenTables.Contains(source.TableIdentity)
        && !context.DroppedTables.Contains(source.TableIdentity)
        && !context
            .Source.Constraints.Concat(context.Target.Constraints)
            .Any(k => k.Type == 'f' && ConstraintIndexPlanner.References(k, source.TableIdentity));

    public static void Add(PlanContext context, ConstraintDef key)
    {
        var temporary = ConstraintIndexPlanner.TemporaryName(key.Name);
        var match = PlainKey().Match(key.Definition);
        context.Builder.Add(
            Phase.Concurrent,
            key.Identity,
            $"CREATE UNIQUE INDEX CONCURRENTLY {temporary} ON {key.TableIdentity} USING btree ({match.Groups["columns"].Value})",
            Hazard.IndexBuild
        );
        context.Builder.Add(
            Phase.Concurrent,
            key.Identity,
            $"ALTER TABLE {key.TableIdentity} DROP CONSTRAINT {key.Name}, "
                + $"ADD CONSTRAINT {key.Name} {match.Groups["kind"].Value} USING INDEX {temporary}",
            Hazard.IndexDropped,
            Hazard.AcquiresAccessExclusiveLock
        );
    }

    /// <summary>Whether every column of the target's (old) primary key is still there, NOT NULL, in the source: the
    /// transaction neither drops nor relaxes a column the old key holds until the swap.</summary>
    private static bool OldColumnsStayNotNull(PlanContext context, ConstraintDef target)
    {
        var columns = context.Source.Columns.ById();
        return Columns(PlainKey().Match(target.Definition).Groups["columns"].Value)
            .All(name => columns.TryGetValue($"{target.TableIdentity}.{name}", out var column) && column.NotNull);
    }

    /// <summary>The quoted column names of a key's column list (a quoted name may hold ", ").</summary>
    private static IEnumerable<string> Columns(string list) => ColumnName().Matches(list).Select(m => m.Value);

    // pg_get_constraintdef of a key on plain columns: PRIMARY KEY (id) or UNIQUE (a, "b c").
    [GeneratedRegex("""^(?<kind>PRIMARY KEY|UNIQUE) \((?<columns>[^()]+)\)$""")]
    private static partial Regex PlainKey();

    [GeneratedRegex("""(?:"(?:[^"]|"")*"|[^",\s]+)""")]
    private static partial Regex ColumnName();
}
