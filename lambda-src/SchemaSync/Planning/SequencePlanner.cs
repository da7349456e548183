using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Sequences: created, altered (keeping their current value), their owner changed, dropped.</summary>
internal static class SequencePlanner
{
    /// <remarks>Giving a sequence its owning column alters the column's table: it follows the table's creation wherever an
    /// edge moves it (StatementOrder).</remarks>
    public static void Plan(PlanContext context)
    {
        var sequences = ListDiff.Compare(context.Source.Sequences, context.Target.Sequences);
        Touch? OwnerTouch(string ownedBy) =>
            context.Source.Columns.ById().TryGetValue(ownedBy, out var owner)
                ? Touch.Alters(ObjectKey.Relation(owner.TableIdentity))
                : null;
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
                    OwnerTouch(sequence.OwnedBy),
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
                    OwnerTouch(source.OwnedBy),
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
}
