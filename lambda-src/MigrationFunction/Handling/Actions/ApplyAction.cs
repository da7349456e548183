using System.Text.Json;
using MigrationFunction.Revisions;
using SchemaSync.Applying;
using SchemaSync.Planning;

namespace MigrationFunction.Handling.Actions;

/// <summary>
/// apply: the reviewed plan only (its hash), with the engine's safety; the revision is recorded in S3 before and after,
/// and in the target's journal in the same transaction as the change.
/// </summary>
internal static class ApplyAction
{
    public static async Task<FunctionResponse> RunAsync(
        FunctionServices services,
        FunctionRequest request,
        string requestId,
        FunctionLog log,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<Hazard> allowed = request.AllowHazards ?? [];
        var (source, _, plan) = await PlanSteps
            .InspectAndPlanAsync(services, request, readsRows: true, cancellationToken)
            .ConfigureAwait(false);
        if (plan.Hash != request.ExpectedPlanHash)
        {
            // A retry of an apply that committed (its answer lost, a re-run job): the journal has its plan hash.
            if (await AppliedBeforeAsync(services, request.ExpectedPlanHash!, cancellationToken).ConfigureAwait(false) is { } done)
                return Responses.Planned(plan, 200) with
                {
                    Message =
                        $"already applied as revision {done.Id} at {done.AppliedAt:O}; nothing was applied again"
                        + (plan.IsEmpty ? "" : $" (the target now differs from the source in {plan.Statements.Count} statement(s))"),
                    Revision = services.Revisions.UriOf(services.Settings.Prefix + done.Id),
                };
            return Responses.Planned(plan, 409) with
            {
                Error =
                    $"the plan is now {plan.Hash}, not the reviewed {request.ExpectedPlanHash}: "
                    + "the schemas changed since review; nothing was applied",
            };
        }
        if (plan.IsEmpty)
            return Responses.Planned(plan, 200) with { Message = "no changes" };
        var refused = PlanApplier.RefusedStatements(plan, [.. allowed]);
        if (plan.Unsupported.Count > 0 || refused.Count > 0)
            return Responses.Refused(plan, refused);

        // Order that loses neither copy: (1) the pending record and SQL go to S3 before anything changes, so an
        // unreachable bucket stops the apply; (2) the journal row commits in the same transaction as the schema change;
        // (3) the applied record goes to S3 after the commit; if that fails, status rewrites it from the journal.
        var now = services.Clock.GetUtcNow();
        var id = $"{now:yyyyMMdd'T'HHmmssfff'Z'}-{plan.Hash[..12]}";
        var key = services.Settings.Prefix + id;
        var pending = new RevisionRecord(
            id,
            RevisionStatus.Pending,
            plan.Hash,
            plan.SourceHash,
            plan.TargetHash,
            null,
            [.. allowed],
            plan.Hazards,
            plan.Statements.Count,
            request.RequestedBy is { } who ? $"{requestId} ({who})" : requestId,
            now,
            null
        );
        var sql = PlanFormatter.Sql(plan);
        try
        {
            await services.Revisions.PutAsync($"{key}/plan.sql", "application/sql", sql, cancellationToken).ConfigureAwait(false);
            await PutRecordAsync(services, key, pending, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            return Responses.Planned(plan, 503) with { Error = $"the revision store is unreachable ({e.Message}); nothing was applied" };
        }
        log.Write("info", "revision pending", 0, plan.Hash);

        RevisionRecord? committed = null;
        await using var target = services.Connect(services.Settings.Target);
        ApplyResult result;
        try
        {
            result = await PlanApplier
                .ApplyAsync(
                    target,
                    source,
                    plan,
                    new ApplyOptions
                    {
                        AllowedHazards = [.. allowed],
                        Plan = PlanSteps.PlanOptionsOf(request),
                        Inspection = PlanSteps.InspectionOf(services, request),
                        BeforeCommit = async (connection, transaction, token) =>
                        {
                            committed = pending with { Status = RevisionStatus.Applied, AppliedAt = services.Clock.GetUtcNow() };
                            await Journal.RecordAsync(connection, transaction, committed, sql, token).ConfigureAwait(false);
                        },
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The engine could not finish (the connection ended under it): an open transaction rolled back with it.
            result = new ApplyResult(
                ApplyOutcome.Failed,
                $"the apply did not finish ({e.Message}); plan again to see where the target stands",
                [],
                null
            );
        }

        var status = Responses.StatusOf(result.Outcome);
        var revision = services.Revisions.UriOf(key);
        if (committed is null || result.Outcome is not (ApplyOutcome.Applied or ApplyOutcome.PartiallyApplied))
        {
            // Nothing committed: the record ends as refused or failed, with why. (A connection lost while COMMIT was in
            // flight is recorded failed; if it did commit, its journal row makes the next status call rewrite it.)
            var ended = pending with
            {
                Status = result.Outcome is ApplyOutcome.Refused or ApplyOutcome.TargetDrifted or ApplyOutcome.Busy
                    ? RevisionStatus.Refused
                    : RevisionStatus.Failed,
                Error = result.Message,
            };
            var recorded = await TryPutRecordAsync(services, key, ended, cancellationToken).ConfigureAwait(false);
            return Responses.Planned(plan, status) with { Error = result.Message + recorded, Revision = revision };
        }

        try
        {
            var applied = committed with { TargetHashAfter = result.TargetHashAfter };
            // The catalog as applied first, then the record that marks the revision applied in S3.
            if (result.TargetAfter is { } after)
                await CatalogSnapshot.PutAsync(services.Revisions, key, after, cancellationToken).ConfigureAwait(false);
            await PutRecordAsync(services, key, applied, cancellationToken).ConfigureAwait(false);
            if (status != 200)
                return Responses.Planned(plan, status) with { Error = result.Message, Revision = revision };
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            return Responses.Planned(plan, 500) with
            {
                Error =
                    $"applied and journaled, but the applied record could not be written to S3 ({e.Message}); "
                    + "the next status call rewrites it from the journal",
                Revision = revision,
            };
        }
        return Responses.Planned(plan, 200) with { Message = result.Message, Revision = revision };
    }

    /// <summary>The journal's record of <paramref name="planHash"/>'s apply on the target, if it was applied.</summary>
    private static async Task<RevisionRecord?> AppliedBeforeAsync(
        FunctionServices services,
        string planHash,
        CancellationToken cancellationToken
    )
    {
        await using var target = services.Connect(services.Settings.Target);
        await using var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Journal.FindAsync(connection, planHash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="record"/>; on a store failure, says so (for the response) instead of throwing.</summary>
    private static async Task<string> TryPutRecordAsync(
        FunctionServices services,
        string key,
        RevisionRecord record,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await PutRecordAsync(services, key, record, cancellationToken).ConfigureAwait(false);
            return "";
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            return $" (and its {record.Status.ToString().ToLowerInvariant()} record could not be written to S3: {e.Message})";
        }
    }

    /// <summary>Writes <paramref name="record"/> as the revision's record.json.</summary>
    public static Task PutRecordAsync(FunctionServices services, string key, RevisionRecord record, CancellationToken cancellationToken) =>
        services.Revisions.PutAsync(
            $"{key}/record.json",
            "application/json",
            JsonSerializer.Serialize(record, FunctionJson.Default.RevisionRecord),
            cancellationToken
        );

    /// <summary>What an unreachable or failing S3 (or S3-compatible) store throws.</summary>
    private static bool IsStoreFailure(Exception e) =>
        e
            is Amazon.Runtime.AmazonServiceException
                or Amazon.Runtime.AmazonClientException
                or HttpRequestException
                or IOException
                or TaskCanceledException;
}
