using System.Text;
using System.Text.Json;
using MigrationFunction.Revisions;
using Npgsql;
using SchemaSync.Applying;
using SchemaSync.Inspection;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace MigrationFunction.Handling;

/// <summary>
/// The Lambda entry point (<c>MigrationFunction::MigrationFunction.Handling.Handler::Handle</c>): a Stream in, a
/// Stream out, so no Amazon.Lambda.* package is needed. Actions: plan (stores nothing), apply (the reviewed plan
/// only, with the engine's safety; the revision is recorded in S3 and in the target's journal), status.
/// </summary>
public sealed class Handler
{
    private readonly Lazy<FunctionServices> _services;
    private readonly bool _planOnly;

    /// <summary>Lambda's constructor: services from the environment, built on first use so a bad setting becomes a 500 response.</summary>
    public Handler() : this(FunctionServices.FromEnvironment)
    {
    }

    /// <summary>With explicit services (tests).</summary>
    public Handler(Func<FunctionServices> services) : this(services, planOnly: false)
    {
    }

    /// <summary>With explicit services; <paramref name="planOnly"/> refuses apply and writes nothing (<see cref="PlanOnlyHandler"/>).</summary>
    internal Handler(Func<FunctionServices> services, bool planOnly)
    {
        _services = new Lazy<FunctionServices>(services);
        _planOnly = planOnly;
    }

    /// <summary>Handles one invocation.</summary>
    public async Task<Stream> Handle(Stream input)
    {
        var response = await HandleAsync(input, CancellationToken.None).ConfigureAwait(false);
        return new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(response, FunctionJson.Default.FunctionResponse));
    }

    private async Task<FunctionResponse> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        FunctionRequest request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(input, FunctionJson.Default.FunctionRequest, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the request is null");
        }
        catch (JsonException e) when (e.Path is ['$', '.', .. var path] && e.Message.Contains(ClosedSetConverter<FunctionAction>.NotOneOf, StringComparison.Ordinal))
        {
            // A value outside a closed set (action, hazards) names itself and the allowed ones.
            return BadRequest($"{path.Split('[')[0]}: {e.Message.Split(" Path: ")[0]}");
        }
        catch (JsonException e)
        {
            return BadRequest($"malformed JSON request: {e.Message}");
        }
        var hazards = request.AllowHazards ?? [];
        if (request.Action is not { } action)
            return BadRequest("action: missing; one of plan, apply, status");
        if (_planOnly && action == FunctionAction.Apply)
            return Failure(403, "apply is refused: this is the plan-only function; apply through the applying function, which only the production environment may invoke");
        if (action == FunctionAction.Apply && string.IsNullOrWhiteSpace(request.ExpectedPlanHash))
            return BadRequest("expectedPlanHash: apply needs the hash of the reviewed plan");

        FunctionServices services;
        try
        {
            services = _services.Value;
        }
        catch (InvalidOperationException e)
        {
            return Failure(500, $"the function is misconfigured: {e.Message}");
        }
        var requestId = request.RequestId ?? Guid.NewGuid().ToString("N");
        var log = new FunctionLog(services.Log, requestId, action.ToString().ToLowerInvariant());
        try
        {
            var response = action switch
            {
                FunctionAction.Status => await StatusAsync(services, repair: !_planOnly, cancellationToken).ConfigureAwait(false),
                FunctionAction.Plan => await PlanAsync(services, request, readsRows: !_planOnly, cancellationToken).ConfigureAwait(false),
                _ => await ApplyAsync(services, request, hazards, requestId, log, cancellationToken).ConfigureAwait(false),
            };
            log.Write(response.StatusCode < 400 ? "info" : "error", response.Message ?? response.Error ?? "", response.StatusCode, response.PlanHash);
            return response;
        }
        catch (PlanInputException e)
        {
            log.Write("error", e.Message, 400, null);
            return BadRequest(e.Message);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or ArgumentException)
        {
            log.Write("error", e.Message, 500, null);
            return Failure(500, e.Message);
        }
    }

    private static async Task<(DatabaseModel Source, DatabaseModel Target, Plan Plan)> InspectAndPlanAsync(FunctionServices services, FunctionRequest request, bool readsRows, CancellationToken cancellationToken)
    {
        var options = InspectionOf(services, request);
        var inspected = await Task.WhenAll(InspectAsync(services, services.Settings.Source, options, cancellationToken), InspectAsync(services, services.Settings.Target, options, cancellationToken)).ConfigureAwait(false);
        var plan = Planner.Create(inspected[0], inspected[1], PlanOptionsOf(request));
        // A removed enum label still held by a row would fail the apply: the plan says so first (one bounded query per
        // label). Only the applying function's user may read rows; the plan-only one plans without this check.
        if (readsRows)
        {
            await using var dataSource = services.Connect(services.Settings.Target);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            plan = await EnumLabelCheck.RefuseLabelsInUseAsync(plan, inspected[0], inspected[1], connection, PlanOptionsOf(request), cancellationToken).ConfigureAwait(false);
        }
        return (inspected[0], inspected[1], plan);
    }

    // Ownership is judged for the applying user (so the plan-only function plans the same); grants only when asked.
    private static InspectionOptions InspectionOf(FunctionServices services, FunctionRequest request) =>
        new() { ApplyingRole = services.Settings.ApplyUser, IncludePrivileges = request.Privileges };

    private static PlanOptions PlanOptionsOf(FunctionRequest request) => new()
    {
        Renames = request.Renames ?? new Dictionary<string, string>(),
        Backfills = request.Backfills ?? new Dictionary<string, string>(),
        ConcurrentIndexes = request.ConcurrentIndexes,
    };

    private static async Task<DatabaseModel> InspectAsync(FunctionServices services, Database.DatabaseEndpoint endpoint, InspectionOptions options, CancellationToken cancellationToken)
    {
        await using var dataSource = services.Connect(endpoint);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await CatalogInspector.InspectAsync(connection, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<FunctionResponse> PlanAsync(FunctionServices services, FunctionRequest request, bool readsRows, CancellationToken cancellationToken)
    {
        var (_, _, plan) = await InspectAndPlanAsync(services, request, readsRows, cancellationToken).ConfigureAwait(false);
        return Planned(plan, 200) with { Message = plan.IsEmpty ? "no changes" : $"{plan.Statements.Count} statement(s) planned" };
    }

    private static async Task<FunctionResponse> ApplyAsync(FunctionServices services, FunctionRequest request, IReadOnlyList<Hazard> allowed, string requestId, FunctionLog log, CancellationToken cancellationToken)
    {
        var (source, _, plan) = await InspectAndPlanAsync(services, request, readsRows: true, cancellationToken).ConfigureAwait(false);
        if (plan.Hash != request.ExpectedPlanHash)
            return Planned(plan, 409) with { Error = $"the plan is now {plan.Hash}, not the reviewed {request.ExpectedPlanHash}: the schemas changed since review; nothing was applied" };
        if (plan.IsEmpty)
            return Planned(plan, 200) with { Message = "no changes" };
        var refused = PlanApplier.RefusedStatements(plan, [.. allowed]);
        if (plan.Unsupported.Count > 0 || refused.Count > 0)
        {
            var reasons = plan.Unsupported.Concat(refused.Select(r => $"[{string.Join(", ", r.Disallowed)}] {r.Statement.Sql.Split('\n')[0]}"));
            return Planned(plan, 422) with { Error = "refused, nothing was applied: " + string.Join("; ", reasons) };
        }

        // Order that loses neither copy: (1) the pending record and SQL go to S3 before anything changes, so an
        // unreachable bucket stops the apply; (2) the journal row commits in the same transaction as the schema change;
        // (3) the applied record goes to S3 after the commit; if that fails, status rewrites it from the journal.
        var now = services.Clock.GetUtcNow();
        var id = $"{now:yyyyMMdd'T'HHmmssfff'Z'}-{plan.Hash[..12]}";
        var key = services.Settings.Prefix + id;
        var pending = new RevisionRecord(id, RevisionStatus.Pending, plan.Hash, plan.SourceHash, plan.TargetHash, null, [.. allowed],
            plan.Hazards, plan.Statements.Count, request.RequestedBy is { } who ? $"{requestId} ({who})" : requestId, now, null);
        var sql = PlanFormatter.Sql(plan);
        try
        {
            await services.Revisions.PutAsync($"{key}/plan.sql", "application/sql", sql, cancellationToken).ConfigureAwait(false);
            await services.Revisions.PutAsync($"{key}/record.json", "application/json", JsonSerializer.Serialize(pending, FunctionJson.Default.RevisionRecord), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            return Planned(plan, 503) with { Error = $"the revision store is unreachable ({e.Message}); nothing was applied" };
        }
        log.Write("info", "revision pending", 0, plan.Hash);

        RevisionRecord? committed = null;
        await using var target = services.Connect(services.Settings.Target);
        var result = await PlanApplier.ApplyAsync(target, source, plan, new ApplyOptions
        {
            AllowedHazards = [.. allowed],
            Plan = PlanOptionsOf(request),
            Inspection = InspectionOf(services, request),
            BeforeCommit = async (connection, transaction, token) =>
            {
                committed = pending with { Status = RevisionStatus.Applied, AppliedAt = services.Clock.GetUtcNow() };
                await Journal.RecordAsync(connection, transaction, committed, sql, token).ConfigureAwait(false);
            },
        }, cancellationToken).ConfigureAwait(false);

        var status = result.Outcome switch
        {
            ApplyOutcome.Applied or ApplyOutcome.NoChanges => 200,
            ApplyOutcome.Refused => 422,
            ApplyOutcome.TargetDrifted or ApplyOutcome.Busy => 409,
            _ => 500,
        };
        if (status != 200 || committed is null)
            return Planned(plan, status) with { Error = result.Message, Revision = services.Revisions.UriOf(key) };

        var applied = committed with { TargetHashAfter = result.TargetHashAfter };
        try
        {
            await services.Revisions.PutAsync($"{key}/record.json", "application/json", JsonSerializer.Serialize(applied, FunctionJson.Default.RevisionRecord), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            return Planned(plan, 500) with
            {
                Error = $"applied and journaled, but the applied record could not be written to S3 ({e.Message}); the next status call rewrites it from the journal",
                Revision = services.Revisions.UriOf(key),
            };
        }
        return Planned(plan, 200) with { Message = result.Message, Revision = services.Revisions.UriOf(key) };
    }

    private static async Task<FunctionResponse> StatusAsync(FunctionServices services, bool repair, CancellationToken cancellationToken)
    {
        await using var dataSource = services.Connect(services.Settings.Target);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var latest = await Journal.LatestAsync(connection, 10, cancellationToken).ConfigureAwait(false);
        // Reconcile: an applied revision whose S3 record still says pending (the post-commit write failed) is rewritten,
        // by the applying function only (the plan-only function cannot write revisions; it reports them).
        var repaired = 0;
        foreach (var record in latest)
        {
            var key = $"{services.Settings.Prefix}{record.Id}/record.json";
            var stored = await services.Revisions.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (stored is null || !stored.Contains("\"status\":\"applied\"", StringComparison.Ordinal))
            {
                repaired++;
                if (!repair)
                    continue;
                await services.Revisions.PutAsync(key, "application/json", JsonSerializer.Serialize(record, FunctionJson.Default.RevisionRecord), cancellationToken).ConfigureAwait(false);
            }
        }
        return new FunctionResponse
        {
            StatusCode = 200,
            Revisions = latest,
            Message = repaired == 0 ? $"{latest.Count} revision(s)"
                : repair ? $"{latest.Count} revision(s); rewrote {repaired} S3 record(s) from the journal"
                : $"{latest.Count} revision(s); {repaired} S3 record(s) lag the journal (the applying function's status rewrites them)",
        };
    }

    /// <summary>What an unreachable or failing S3 (or S3-compatible) store throws.</summary>
    private static bool IsStoreFailure(Exception e) =>
        e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException or TaskCanceledException;

    private static FunctionResponse Planned(Plan plan, int statusCode) => new()
    {
        StatusCode = statusCode,
        PlanHash = plan.Hash,
        Statements = [.. plan.Statements.Select(s => new ResponseStatement(s.Sql, s.Hazards))],
        Unsupported = plan.Unsupported,
    };

    private static FunctionResponse BadRequest(string error) => Failure(400, error);

    private static FunctionResponse Failure(int statusCode, string error) => new() { StatusCode = statusCode, Error = error };
}
