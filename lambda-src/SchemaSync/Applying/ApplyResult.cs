using SchemaSync.Planning;

namespace SchemaSync.Applying;

/// <summary>How an apply ended.</summary>
public enum ApplyOutcome
{
    /// <summary>Every statement ran and the target now equals the source.</summary>
    Applied,

    /// <summary>Nothing to do: the schemas were already equal.</summary>
    NoChanges,

    /// <summary>Refused before touching the target: a hazard not allowed, or a change that cannot be made safely.</summary>
    Refused,

    /// <summary>The target's schema is no longer the one the plan was made from; nothing was changed.</summary>
    TargetDrifted,

    /// <summary>Another apply holds the lock; nothing was changed.</summary>
    Busy,

    /// <summary>A statement failed or verification found differences; the transaction was rolled back.</summary>
    Failed,

    /// <summary>The transaction committed, but a statement run after it (CREATE INDEX CONCURRENTLY) failed.</summary>
    PartiallyApplied,
}

/// <summary>The outcome of an apply, and exactly which statements took effect.</summary>
/// <param name="TargetAfter">The target's schema as inspected after the commit (null when nothing committed): the snapshot a
/// later drift check compares the target with.</param>
public sealed record ApplyResult(
    ApplyOutcome Outcome,
    string Message,
    IReadOnlyList<PlannedStatement> Applied,
    string? TargetHashAfter,
    Model.DatabaseModel? TargetAfter = null
)
{
    /// <summary>Whether the target's schema changed at all.</summary>
    public bool Changed => Applied.Count > 0;
}
