using Npgsql;
using SchemaSync.Inspection;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace MigrationFunction.Handling;

/// <summary>What plan and apply share: inspect both databases read-only, plan, and check the enum labels rows hold.</summary>
internal static class PlanSteps
{
    public static async Task<(DatabaseModel Source, DatabaseModel Target, Plan Plan)> InspectAndPlanAsync(
        FunctionServices services,
        FunctionRequest request,
        bool readsRows,
        CancellationToken cancellationToken
    )
    {
        var options = InspectionOf(services, request);
        var inspected = await Task.WhenAll(
                InspectAsync(services, services.Settings.Source, options, cancellationToken),
                InspectAsync(services, services.Settings.Target, options, cancellationToken)
            )
            .ConfigureAwait(false);
        var plan = Planner.Create(inspected[0], inspected[1], PlanOptionsOf(request));
        // Both checks ask the target, on one connection opened only if either has something to ask.
        await using var checkSource = services.Connect(services.Settings.Target);
        await using var checkConnection = checkSource.CreateConnection();
        // A removed enum label still held by a row would fail the apply: the plan says so first (one bounded query per
        // label). Only the applying function's user may read rows; the plan-only one plans without this check.
        if (readsRows)
            plan = await EnumLabelCheck
                .RefuseLabelsInUseAsync(plan, inspected[0], inspected[1], checkConnection, PlanOptionsOf(request), cancellationToken)
                .ConfigureAwait(false);
        // A type change with no cast would fail the apply: asked of the target's server (no row is read).
        plan = await CastCheck
            .RefuseChangesWithoutCastAsync(plan, inspected[0], inspected[1], checkConnection, PlanOptionsOf(request), cancellationToken)
            .ConfigureAwait(false);
        return (inspected[0], inspected[1], plan);
    }

    // Ownership is judged for the applying user (so the plan-only function plans the same); grants only when asked.
    public static InspectionOptions InspectionOf(FunctionServices services, FunctionRequest request) =>
        new() { ApplyingRole = services.Settings.ApplyUser, IncludePrivileges = request.Privileges };

    public static PlanOptions PlanOptionsOf(FunctionRequest request) =>
        new()
        {
            Renames = request.Renames ?? new Dictionary<string, string>(),
            Backfills = request.Backfills ?? new Dictionary<string, string>(),
            Conversions = request.Conversions ?? new Dictionary<string, string>(),
            ConcurrentIndexes = request.ConcurrentIndexes,
        };

    public static async Task<DatabaseModel> InspectAsync(
        FunctionServices services,
        Database.DatabaseEndpoint endpoint,
        InspectionOptions options,
        CancellationToken cancellationToken
    )
    {
        await using var dataSource = services.Connect(endpoint);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await CatalogInspector.InspectAsync(connection, options, cancellationToken).ConfigureAwait(false);
    }
}
