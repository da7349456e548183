using SchemaSync.Planning;

namespace MigrationFunction.Handling;

/// <summary>What a request asks for.</summary>
public enum FunctionAction
{
    /// <summary>Plan and return the plan (stores nothing).</summary>
    Plan,

    /// <summary>Apply the reviewed plan (its hash must match).</summary>
    Apply,

    /// <summary>The latest applied revisions.</summary>
    Status,

    /// <summary>Whether the target changed since the latest applied revision (by hand): 409 saying what differs.</summary>
    Drift,
}

/// <summary>The function's request (see the design notes' contract).</summary>
public sealed record FunctionRequest
{
    /// <summary><c>plan</c>, <c>apply</c> or <c>status</c>.</summary>
    public FunctionAction? Action { get; init; }

    /// <summary>Hazards apply may carry out (names of <c>SchemaSync.Planning.Hazard</c>).</summary>
    /// <remarks>Default: none. (Nullable: source-generated JSON sets every init-only property, absent ones to null.)</remarks>
    public IReadOnlyList<Hazard>? AllowHazards { get; init; }

    /// <summary>The reviewed plan's hash; apply refuses any other plan.</summary>
    public string? ExpectedPlanHash { get; init; }

    /// <summary>Rename hints, old name to new name.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyDictionary<string, string>? Renames { get; init; }

    /// <summary>Values for existing rows of NOT NULL columns added without a default, or holding NULL in a column that becomes
    /// NOT NULL: <c>schema.table.column</c> to SQL expression.</summary>
    /// <remarks>Default: none (the type's zero value, with the InventsValues hazard).</remarks>
    public IReadOnlyDictionary<string, string>? Backfills { get; init; }

    /// <summary>How to convert columns whose type changes, <c>schema.table.column</c> to SQL expression over the old value.</summary>
    /// <remarks>Default: none (a plain cast; a change without one is refused before apply).</remarks>
    public IReadOnlyDictionary<string, string>? Conversions { get; init; }

    /// <summary>Also diff and apply grants and default privileges (roles must exist in both databases).</summary>
    /// <remarks>Default: false: privileges come from the deploy's user bootstrap.</remarks>
    public bool Privileges { get; init; }

    /// <summary>Build new indexes CONCURRENTLY after the commit.</summary>
    public bool ConcurrentIndexes { get; init; }

    /// <summary>Who asked (for example the GitHub actor and run), for the revision record.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>An id for logs and the revision record.</summary>
    /// <remarks>Default: a new GUID.</remarks>
    public string? RequestId { get; init; }
}
