using System.Text.RegularExpressions;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// No window without a key (--concurrent-indexes): a unique constraint that changes on a plain table is not dropped and
/// added inside the transaction (the ADD builds its index under an ACCESS EXCLUSIVE lock). After the commit its new
/// index is built CONCURRENTLY under a temporary name, then one brief ALTER TABLE drops the old constraint and adds the
/// new one USING that index (PostgreSQL renames the index to the constraint's name). Until then the old key serves;
/// if the build fails, its invalid index is dropped and the old key still serves.
/// </summary>
/// <remarks>
/// Left in the transaction: primary keys (the transaction may change NOT NULL on their columns, which the old key
/// would refuse), keys of a table a foreign key references (one may rest on them: PostgreSQL refuses to drop such a
/// key), keys with more than plain columns (INCLUDE, NULLS NOT DISTINCT, DEFERRABLE, storage options), and keys of
/// tables the plan rebuilds or rewrites.
/// </remarks>
internal static partial class KeySwap
{
    public static bool Fits(PlanContext context, ConstraintDef source, ConstraintDef target) =>
        (source.Type, target.Type) == ('u', 'u')
        && PlainUnique().IsMatch(source.Definition)
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
        var columns = PlainUnique().Match(key.Definition).Groups["columns"].Value;
        context.Builder.Add(
            Phase.Concurrent,
            key.Identity,
            $"CREATE UNIQUE INDEX CONCURRENTLY {temporary} ON {key.TableIdentity} USING btree ({columns})",
            Hazard.IndexBuild
        );
        context.Builder.Add(
            Phase.Concurrent,
            key.Identity,
            $"ALTER TABLE {key.TableIdentity} DROP CONSTRAINT {key.Name}, ADD CONSTRAINT {key.Name} UNIQUE USING INDEX {temporary}",
            Hazard.IndexDropped,
            Hazard.AcquiresAccessExclusiveLock
        );
    }

    // pg_get_constraintdef of a unique constraint on plain columns: UNIQUE (a, "b c").
    [GeneratedRegex("""^UNIQUE \((?<columns>[^()]+)\)$""")]
    private static partial Regex PlainUnique();
}
