using System.Text.Json;
using MigrationFunction.Handling.Actions;
using MigrationFunction.Revisions;
using Npgsql;
using SchemaSync.Planning;

namespace MigrationFunction.Handling;

/// <summary>
/// The Lambda entry point (<c>MigrationFunction::MigrationFunction.Handling.Handler::Handle</c>): a Stream in, a
/// Stream out, so no Amazon.Lambda.* package is needed. It reads the request, checks what the action needs, and hands
/// it to one class per action (<see cref="PlanAction"/>, <see cref="ApplyAction"/>, <see cref="StatusAction"/>,
/// <see cref="DriftAction"/>); every response is written by <see cref="Responses"/>. A drift is the one outcome thrown
/// rather than answered (<see cref="SchemaDriftException"/>), so the schedule's invocation fails.
/// </summary>
public sealed class Handler
{
    private readonly Lazy<FunctionServices> _services;
    private readonly bool _planOnly;

    /// <summary>Lambda's constructor: services from the environment, built on first use so a bad setting becomes a 500 response.</summary>
    public Handler()
        : this(FunctionServices.FromEnvironment) { }

    /// <summary>With explicit services (tests).</summary>
    public Handler(Func<FunctionServices> services)
        : this(services, planOnly: false) { }

    /// <summary>
    /// With explicit services; <paramref name="planOnly"/> refuses apply and writes nothing (<see cref="PlanOnlyHandler"/>).
    /// </summary>
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
        var (request, rejection) = await ReadAsync(input, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
            return rejection;
        if (request!.Action is not { } action)
            return Responses.BadRequest("action: missing; one of plan, apply, status, drift");
        if (_planOnly && action == FunctionAction.Apply)
        {
            return Responses.Failure(
                403,
                "apply is refused: this is the plan-only function; apply through the applying function, "
                    + "which only the production environment may invoke"
            );
        }
        if (action == FunctionAction.Apply && string.IsNullOrWhiteSpace(request.ExpectedPlanHash))
            return Responses.BadRequest("expectedPlanHash: apply needs the hash of the reviewed plan");

        FunctionServices services;
        try
        {
            services = _services.Value;
        }
        catch (InvalidOperationException e)
        {
            return Responses.Failure(500, $"the function is misconfigured: {e.Message}");
        }
        var requestId = request.RequestId ?? Guid.NewGuid().ToString("N");
        var log = new FunctionLog(services.Log, requestId, action.ToString().ToLowerInvariant());
        try
        {
            var running = action switch
            {
                FunctionAction.Plan => PlanAction.RunAsync(services, request, readsRows: !_planOnly, cancellationToken),
                FunctionAction.Apply => ApplyAction.RunAsync(services, request, requestId, log, cancellationToken),
                FunctionAction.Status => StatusAction.RunAsync(services, repair: !_planOnly, cancellationToken),
                FunctionAction.Drift => DriftAction.RunAsync(services, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(input), action, "an action the handler does not know"),
            };
            var response = await running.ConfigureAwait(false);
            var level = response.StatusCode < 400 ? "info" : "error";
            log.Write(level, response.Message ?? response.Error ?? "", response.StatusCode, response.PlanHash);
            if (action == FunctionAction.Drift && response.StatusCode == 409)
                throw new SchemaDriftException(response.Error!);
            return response;
        }
        catch (PlanInputException e)
        {
            log.Write("error", e.Message, 400, null);
            return Responses.BadRequest(e.Message);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or ArgumentException)
        {
            log.Write("error", e.Message, 500, null);
            return Responses.Failure(500, e.Message);
        }
    }

    /// <summary>The request, or the 400 that says what is wrong with it.</summary>
    private static async Task<(FunctionRequest? Request, FunctionResponse? Rejection)> ReadAsync(
        Stream input,
        CancellationToken cancellationToken
    )
    {
        try
        {
            var request = await JsonSerializer
                .DeserializeAsync(input, FunctionJson.Default.FunctionRequest, cancellationToken)
                .ConfigureAwait(false)
                ?? throw new JsonException("the request is null");
            return (request, null);
        }
        catch (ClosedSetException e)
        {
            // A value outside a closed set (action, hazards) names its field, itself and the allowed ones.
            var field = (e.Path ?? "$").TrimStart('$', '.').Split('[')[0];
            return (null, Responses.BadRequest($"{field}: '{e.Value}' is not one of {string.Join(", ", e.Allowed)}"));
        }
        catch (JsonException e)
        {
            return (null, Responses.BadRequest($"malformed JSON request: {e.Message}"));
        }
    }
}
