namespace MigrationFunction.Revisions;

/// <summary>What one apply did, kept in S3 beside its SQL and as a row of the target's journal.</summary>
/// <param name="Id">Sortable id: UTC time of the request plus the first 12 characters of the plan hash.</param>
/// <param name="Status"><c>pending</c> before the transaction, <c>applied</c> after the commit.</param>
public sealed record RevisionRecord(
    string Id,
    string Status,
    string PlanHash,
    string SourceHashBefore,
    string TargetHashBefore,
    string? TargetHashAfter,
    IReadOnlyList<string> HazardsAllowed,
    IReadOnlyList<string> Hazards,
    int Statements,
    string RequestId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? AppliedAt);
