using SchemaSync.Planning;

namespace MigrationFunction.Revisions;

/// <summary>Where a revision is: recorded before the transaction, or committed.</summary>
public enum RevisionStatus
{
    /// <summary>Recorded in S3 before the transaction; the apply may not have committed.</summary>
    Pending,

    /// <summary>Committed (the journal row is in the same transaction).</summary>
    Applied,

    /// <summary>Not started, nothing changed: the engine refused at apply time (a drifted target, another apply busy).</summary>
    Refused,

    /// <summary>Did not commit (a statement failed, the verification failed, the connection ended): the target is as it was.</summary>
    Failed,
}

/// <summary>What one apply did, kept in S3 beside its SQL and as a row of the target's journal.</summary>
/// <param name="Id">Sortable id: UTC time of the request plus the first 12 characters of the plan hash.</param>
/// <param name="Status"><c>pending</c> before the transaction; then <c>applied</c> after the commit, or <c>refused</c> or
/// <c>failed</c> when nothing committed (never left pending).</param>
/// <param name="Error">Why a refused or failed apply did not commit.</param>
public sealed record RevisionRecord(
    string Id,
    RevisionStatus Status,
    string PlanHash,
    string SourceHashBefore,
    string TargetHashBefore,
    string? TargetHashAfter,
    IReadOnlyList<Hazard> HazardsAllowed,
    IReadOnlyList<Hazard> Hazards,
    int Statements,
    string RequestId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? AppliedAt,
    string? Error = null
);
