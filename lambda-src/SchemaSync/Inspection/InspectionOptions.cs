namespace SchemaSync.Inspection;

/// <summary>What the inspector leaves out of the model: never diffed, never dropped.</summary>
public sealed record InspectionOptions
{
    /// <summary>The schema holding this engine's own journal.</summary>
    public const string JournalSchema = "schema_sync";

    /// <summary>Schemas to ignore entirely (unquoted names).</summary>
    /// <remarks>Default: the journal schema.</remarks>
    public IReadOnlyList<string> ExcludedSchemas { get; init; } = [JournalSchema];

    /// <summary>Tables to ignore, as <c>schema.table</c> (unquoted), for example Alembic's bookkeeping table.</summary>
    /// <remarks>
    /// Default: Alembic's version table in this project's app schema (<c>app.alembic_version</c>: Alembic creates it in
    /// the first schema of the migrating user's search_path, which is <c>app</c>) and in <c>public</c> (a stock
    /// search_path). Copied into PROD it would tell Alembic that PROD has DEV's revision.
    /// </remarks>
    public IReadOnlyList<string> ExcludedTables { get; init; } = ["app.alembic_version", "public.alembic_version"];

    /// <summary>Inspect (and so diff and apply) grants and default privileges too. Roles must exist in both databases.</summary>
    /// <remarks>Default: false: privileges are managed by the deploy's user bootstrap, not copied from DEV.</remarks>
    public bool IncludePrivileges { get; init; }

    /// <summary>The role whose rights decide what the plan may change (ownership, CREATE on schemas).</summary>
    /// <remarks>Default: null, the connected role. A plan-only reader names the applying role here.</remarks>
    public string? ApplyingRole { get; init; }
}
