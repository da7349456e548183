using SchemaSync.Inspection;
using SchemaSync.Planning;

namespace SchemaSync.Applying;

/// <summary>How an apply runs.</summary>
public sealed record ApplyOptions
{
    /// <summary>Hazards the request accepts; a statement with any other hazard makes the whole apply refuse.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyCollection<Hazard> AllowedHazards { get; init; } = [];

    /// <summary>How long a statement waits for a lock before the apply fails (and rolls back) instead of queueing traffic behind
    /// it.</summary>
    /// <remarks>Default: 5 seconds.</remarks>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long any one statement may run.</summary>
    /// <remarks>Default: 10 minutes.</remarks>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>What the inspector leaves out, as when the plan was made.</summary>
    /// <remarks>Default: the journal schema and Alembic's table.</remarks>
    public InspectionOptions Inspection { get; init; } = new();

    /// <summary>
    /// Runs inside the apply transaction after verification, just before the commit: what it writes commits or rolls
    /// back with the schema change (the migration function records its journal row here). If it throws, everything
    /// rolls back.
    /// </summary>
    /// <remarks>Default: nothing.</remarks>
    public Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task>? BeforeCommit { get; init; }

    /// <summary>Options the plan was made with, to re-plan for verification.</summary>
    /// <remarks>Default: no renames, no concurrent indexes.</remarks>
    public PlanOptions Plan { get; init; } = new();
}
