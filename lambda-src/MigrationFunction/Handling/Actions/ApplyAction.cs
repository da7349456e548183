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
        var result = await PlanApplier
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

        var status = Responses.StatusOf(result.Outcome);
        var revision = services.Revisions.UriOf(key);
        if (status != 200 || committed is null)
            return Responses.Planned(plan, status) with { Error = result.Message, Revision = revision };

        try
        {
            var applied = committed with { TargetHashAfter = result.TargetHashAfter };
            await PutRecordAsync(services, key, applied, cancellationToken).ConfigureAwait(false);
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
