using MigrationFunction.Revisions;

namespace MigrationFunction.Handling;

/// <summary>One statement of a plan in the response.</summary>
public sealed record ResponseStatement(string Sql, IReadOnlyList<SchemaSync.Planning.Hazard> Hazards);

/// <summary>The function's response. CI fails the job on any status other than 2xx.</summary>
public sealed record FunctionResponse
{
    /// <summary>HTTP-style status: 200 done; 400 bad request; 409 conflict (plan hash, drift, busy); 422 refused; 500 failed; 503 revision
    /// store unreachable.</summary>
    public int StatusCode { get; init; }

    /// <summary>The plan's hash (plan and apply).</summary>
    public string? PlanHash { get; init; }

    /// <summary>The plan's statements with their hazards.</summary>
    public IReadOnlyList<ResponseStatement> Statements { get; init; } = [];

    /// <summary>Changes the engine cannot make safely.</summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];

    /// <summary>Where the applied revision is kept.</summary>
    public string? Revision { get; init; }

    /// <summary>The latest applied revisions (status).</summary>
    public IReadOnlyList<RevisionRecord> Revisions { get; init; } = [];

    /// <summary>What went wrong, or null.</summary>
    public string? Error { get; init; }

    /// <summary>A short account of what happened.</summary>
    public string? Message { get; init; }
}
