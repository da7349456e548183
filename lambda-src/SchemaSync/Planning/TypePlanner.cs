using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Schemas, extensions, enum/domain/composite types and sequences.</summary>
internal static class TypePlanner
{
    public static void Plan(PlanContext context)
    {
        var schemas = ListDiff.Compare(context.Source.Schemas, context.Target.Schemas);
        foreach (var schema in schemas.Added)
            context.Builder.Add(Phase.CreateSchemas, schema.Identity, $"CREATE SCHEMA {schema.Name}");
        foreach (var schema in schemas.Removed)
            context.Builder.Add(Phase.DropSchemas, schema.Identity, $"DROP SCHEMA {schema.Name}", Hazard.DeletesData);

        var extensions = ListDiff.Compare(context.Source.Extensions, context.Target.Extensions);
        foreach (var extension in extensions.Added)
            context.Builder.Add(
                Phase.CreateExtensions,
                extension.Identity,
                $"CREATE EXTENSION IF NOT EXISTS {extension.Name} WITH SCHEMA {extension.Schema} VERSION "
                    + $"{SqlText.QuoteLiteral(extension.Version)}",
                // New functions, types and operators the application may start to resolve to.
                Hazard.ChangesBehaviour
            );
        foreach (var (source, target) in extensions.Changed)
        {
            if (source.Schema != target.Schema)
                context.Builder.Add(
                    Phase.AlterExtensions,
                    source.Identity,
                    $"ALTER EXTENSION {source.Name} SET SCHEMA {source.Schema}",
                    Hazard.ChangesBehaviour
                );
            if (source.Version != target.Version)
                context.Builder.Add(
                    Phase.AlterExtensions,
                    source.Identity,
                    $"ALTER EXTENSION {source.Name} UPDATE TO {SqlText.QuoteLiteral(source.Version)}",
                    Hazard.ChangesBehaviour
                );
        }
        foreach (var extension in extensions.Removed)
            context.Builder.Add(Phase.DropExtensions, extension.Identity, $"DROP EXTENSION {extension.Name}", Hazard.DeletesData);

        PlanEnums(context);
        var domains = ListDiff.Compare(context.Source.Domains, context.Target.Domains);
        // A domain whose base type stays is altered in place, columns using it or not; a new base type replaces it.
        var altered = domains
            .Changed.Where(c => (c.Source.BaseType, c.Source.Collation) == (c.Target.BaseType, c.Target.Collation))
            .ToList();
        foreach (var (source, target) in altered)
            AlterDomain(context, source, target);
        PlanReplaceableTypes(context, domains with { Changed = [.. domains.Changed.Except(altered)] }, "DOMAIN", d => d.CreateSql);
        var composites = ListDiff.Compare(context.Source.CompositeTypes, context.Target.CompositeTypes);
        // Attributes added at the end or dropped: ALTER TYPE works while columns use the type; other changes replace it.
        var alterable = composites.Changed.Where(c => AttributeChanges(c.Source, c.Target) is not null).ToList();
        foreach (var (source, target) in alterable)
            AlterComposite(context, source, AttributeChanges(source, target)!.Value);
        PlanReplaceableTypes(context, composites with { Changed = [.. composites.Changed.Except(alterable)] }, "TYPE", t =>
            $"CREATE TYPE {t.Identity} AS ({string.Join(", ", t.Attributes)})"
        );
        PlanSequences(context);
        PlanCollations(context);
    }

    /// <summary>
    /// Collations: created before the types, columns and indexes that use them, dropped after. One that changes is
    /// dropped and created again, which PostgreSQL refuses while a column, domain or index uses it: then refused.
    /// </summary>
    private static void PlanCollations(PlanContext context)
    {
        var collations = ListDiff.Compare(context.Source.Collations, context.Target.Collations);
        void Create(CollationDef collation) =>
            context.Builder.Add(
                Phase.CreateCollations,
                collation.Identity,
                Touch.Creates(ObjectKey.Collation(collation.Identity)),
                $"CREATE COLLATION {collation.Identity} ({collation.Options})"
            );
        void Drop(Phase phase, CollationDef collation) =>
            context.Builder.Add(
                phase,
                collation.Identity,
                Touch.Drops(ObjectKey.Collation(collation.Identity)),
                $"DROP COLLATION {collation.Identity}"
            );
        foreach (var collation in collations.Added)
            Create(collation);
        foreach (var collation in collations.Removed)
            Drop(Phase.DropCollations, collation);
        foreach (var (source, target) in collations.Changed)
        {
            var key = ObjectKey.Collation(source.Identity);
            // Columns and domains are in the catalog's dependencies; indexes name it in their definition.
            var users = context
                .Target.Dependencies.Where(d => d.Referenced == key)
                .Select(d => d.Dependent)
                .Concat(
                    context
                        .Target.Indexes.Where(i => i.Definition.Contains($"COLLATE {source.Identity}", StringComparison.Ordinal))
                        .Select(i => $"index {i.Identity}")
                )
                .Order(StringComparer.Ordinal)
                .ToList();
            if (users.Count > 0)
            {
                context.Builder.Unsupported(
                    $"collation {source.Identity}: changes ({target.Options} -> {source.Options}) but is in use "
                        + $"({string.Join(", ", users)}); create a new collation and move them to it"
                );
                continue;
            }
            Drop(Phase.CreateCollations, target);
            Create(source);
        }
    }

    private static void PlanEnums(PlanContext context)
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

    /// <summary>ALTER DOMAIN: default, NOT NULL and checks; a new check is added NOT VALID and validated separately.</summary>
    private static void AlterDomain(PlanContext context, DomainDef source, DomainDef target)
    {
        var alter = $"ALTER DOMAIN {source.Identity}";
        void Add(Phase phase, string sql, params Hazard[] hazards) => context.Builder.Add(phase, source.Identity, sql, hazards);
        // What brings in the source's definitions (a check may call a function the plan creates) is ordered by them.
        void Alter(string sql) =>
            context.Builder.Add(Phase.AlterTypes, source.Identity, Touch.Alters(ObjectKey.Type(source.Identity)), sql);
        var constraints = ListDiff.Compare(source.Constraints.Select(c => new Named(c)), target.Constraints.Select(c => new Named(c)));
        foreach (var constraint in constraints.Removed.Concat(constraints.Changed.Select(c => c.Target)))
            Add(Phase.AlterTypes, $"{alter} DROP CONSTRAINT {constraint.Constraint.Name}");
        if (source.Default != target.Default)
            if (source.Default is null)
                Add(Phase.AlterTypes, $"{alter} DROP DEFAULT");
            else
                Alter($"{alter} SET DEFAULT {source.Default}");
        if (source.NotNull != target.NotNull)
            Add(Phase.AlterTypes, $"{alter} {(source.NotNull ? "SET" : "DROP")} NOT NULL", source.NotNull ? [Hazard.ValidatesData] : []);
        foreach (var constraint in constraints.Added.Concat(constraints.Changed.Select(c => c.Source)))
        {
            // NOT VALID first: the ADD takes its lock only briefly; every column using the domain is scanned in VALIDATE.
            Alter($"{alter} ADD CONSTRAINT {constraint.Constraint.Name} {constraint.Constraint.Definition} NOT VALID");
            Add(Phase.ValidateConstraints, $"{alter} VALIDATE CONSTRAINT {constraint.Constraint.Name}", Hazard.ValidatesData);
        }
    }

    /// <summary>
    /// The attributes to drop and to add when the source is the target with some attributes dropped and others
    /// appended (ADD ATTRIBUTE appends); null when an attribute changes type or the order differs otherwise.
    /// </summary>
    private static (List<string> Dropped, List<string> Added)? AttributeChanges(CompositeTypeDef source, CompositeTypeDef target)
    {
        var sourceNames = source.Attributes.Select(AttributeName).ToList();
        var targetNames = target.Attributes.Select(AttributeName).ToList();
        var dropped = target.Attributes.Where(a => !sourceNames.Contains(AttributeName(a))).ToList();
        var kept = target.Attributes.Except(dropped).ToList();
        if (kept.Count > source.Attributes.Count || !kept.SequenceEqual(source.Attributes.Take(kept.Count)))
            return null;
        var added = source.Attributes.Skip(kept.Count).ToList();
        return added.Any(a => targetNames.Contains(AttributeName(a))) ? null : (dropped, added);
    }

    private static void AlterComposite(PlanContext context, CompositeTypeDef source, (List<string> Dropped, List<string> Added) changes)
    {
        // Dropping an attribute deletes its values in every column of the type; an added one is NULL in them.
        foreach (var attribute in changes.Dropped)
            context.Builder.Add(
                Phase.AlterTypes,
                source.Identity,
                $"ALTER TYPE {source.Identity} DROP ATTRIBUTE {AttributeName(attribute)}",
                Hazard.DeletesData
            );
        foreach (var attribute in changes.Added)
            context.Builder.Add(
                Phase.AlterTypes,
                source.Identity,
                Touch.Alters(ObjectKey.Type(source.Identity)),
                $"ALTER TYPE {source.Identity} ADD ATTRIBUTE {attribute}"
            );
    }

    /// <summary>The (quoted) name of an attribute written <c>name type</c>.</summary>
    private static string AttributeName(string attribute)
    {
        if (!attribute.StartsWith('"'))
            return attribute[..attribute.IndexOf(' ', StringComparison.Ordinal)];
        var end = 1;
        while ((end = attribute.IndexOf('"', end)) + 1 < attribute.Length && attribute[end + 1] == '"')
            end += 2;
        return attribute[..(end + 1)];
    }

    /// <summary>A domain's check, matched by name.</summary>
    private sealed record Named(DomainConstraintDef Constraint) : ISchemaObject
    {
        public string Identity => Constraint.Name;
    }

    private static void PlanReplaceableTypes<T>(PlanContext context, ListDiff<T> diff, string keyword, Func<T, string> create)
        where T : ISchemaObject
    {
        foreach (var type in diff.Added)
            context.Builder.Add(Phase.CreateTypes, type.Identity, Touch.Creates(ObjectKey.Type(type.Identity)), create(type));
        foreach (var type in diff.Removed)
            context.Builder.Add(
                Phase.DropTypes,
                type.Identity,
                Touch.Drops(ObjectKey.Type(type.Identity)),
                $"DROP {keyword} {type.Identity}",
                Hazard.DeletesData
            );
        foreach (var (source, _) in diff.Changed)
        {
            if (context.Target.Columns.Any(c => c.Type == source.Identity) || context.Source.Columns.Any(c => c.Type == source.Identity))
            {
                context.Builder.Unsupported(
                    $"{keyword.ToLowerInvariant()} {source.Identity}: changed while columns use it; add a new type, move the columns, "
                        + "then drop the old one"
                );
                continue;
            }
            context.Builder.Add(
                Phase.CreateTypes,
                source.Identity,
                Touch.Drops(ObjectKey.Type(source.Identity)),
                $"DROP {keyword} {source.Identity}"
            );
            context.Builder.Add(Phase.CreateTypes, source.Identity, Touch.Creates(ObjectKey.Type(source.Identity)), create(source));
        }
    }

    private static void PlanSequences(PlanContext context)
    {
        var sequences = ListDiff.Compare(context.Source.Sequences, context.Target.Sequences);
        foreach (var sequence in sequences.Added)
        {
            // A serial's new sequence that takes over from an identity is created with its column (it takes the value).
            if (!context.IdentityToSerial.Values.Contains(sequence))
                context.Builder.Add(
                    Phase.CreateSequences,
                    sequence.Identity,
                    Touch.Creates(ObjectKey.Relation(sequence.Identity)),
                    CreateSequenceSql(sequence)
                );
            if (sequence.OwnedBy is not null)
                context.Builder.Add(
                    Phase.SequenceOwnership,
                    sequence.Identity,
                    $"ALTER SEQUENCE {sequence.Identity} OWNED BY {sequence.OwnedBy}"
                );
        }
        foreach (var (source, target) in sequences.Changed)
        {
            // ALTER SEQUENCE keeps the current value: the next number handed out does not change.
            if (source with { OwnedBy = null } != target with { OwnedBy = null })
                context.Builder.Add(
                    Phase.AlterSequences,
                    source.Identity,
                    $"ALTER SEQUENCE {source.Identity} AS {source.DataType}{Options(source)}"
                );
            // The current owner lets go first: a column the plan drops would take the sequence with it.
            if (source.OwnedBy != target.OwnedBy && target.OwnedBy is not null)
                context.Builder.Add(Phase.AlterSequences, source.Identity, $"ALTER SEQUENCE {source.Identity} OWNED BY NONE");
            if (source.OwnedBy != target.OwnedBy && source.OwnedBy is not null)
                context.Builder.Add(
                    Phase.SequenceOwnership,
                    source.Identity,
                    $"ALTER SEQUENCE {source.Identity} OWNED BY {source.OwnedBy}"
                );
        }
        // An owned sequence is dropped with its table or column; IF EXISTS covers both.
        // A serial's sequence that becomes an identity's is handled with its column (its value carries over).
        foreach (var sequence in sequences.Removed.Where(s => !context.SerialToIdentity.Values.Contains(s.Identity)))
            context.Builder.Add(
                Phase.DropSequences,
                sequence.Identity,
                Touch.Drops(ObjectKey.Relation(sequence.Identity)),
                $"DROP SEQUENCE IF EXISTS {sequence.Identity}",
                Hazard.DeletesData
            );
    }

    /// <summary>CREATE SEQUENCE with every option of <paramref name="sequence"/> (not its owner).</summary>
    public static string CreateSequenceSql(SequenceDef sequence) =>
        $"CREATE SEQUENCE {sequence.Identity} AS {sequence.DataType}{Options(sequence)}";

    private static string Options(SequenceDef s) =>
        $" INCREMENT BY {s.Increment} MINVALUE {s.Min} MAXVALUE {s.Max} START WITH {s.Start} CACHE {s.Cache} "
        + $"{(s.Cycle ? "CYCLE" : "NO CYCLE")}";

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
