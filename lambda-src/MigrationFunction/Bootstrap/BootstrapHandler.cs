using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Contract;
using MigrationFunction.Auth;
using MigrationFunction.Database;
using MigrationFunction.Revisions;
using Npgsql;

namespace MigrationFunction.Bootstrap;

/// <summary>
/// The deploy-time step that creates an environment's IAM-authenticated database users
/// (<c>MigrationFunction::MigrationFunction.Bootstrap.BootstrapHandler::Handle</c>), as a CloudFormation custom
/// resource: it signs in as the master user with an IAM token (no password exists) over verified TLS, runs the
/// idempotent user script on Create and Update, and keeps the users on Delete. A separate function with its own role
/// from the migration function.
/// </summary>
public sealed partial class BootstrapHandler
{
    /// <summary>Used when the deadline variable is missing: well inside the construct's two-minute timeout.</summary>
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan[] UploadRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly Func<DatabaseEndpoint, NpgsqlDataSource> _connect;
    private readonly HttpClient _http;
    private readonly TimeSpan _deadline;

    /// <summary>Lambda's constructor: IAM tokens from the role, the shipped CA bundle, the deadline the construct sets.</summary>
    public BootstrapHandler()
        : this(
            endpoint =>
                DatabaseConnector.Create(
                    endpoint,
                    new RdsIamTokenSource(Environment.GetEnvironmentVariable("AWS_REGION") ?? "", AwsCredentials.FromEnvironment),
                    CaBundle.Locate()
                ),
            new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
            int.TryParse(Environment.GetEnvironmentVariable(FunctionEnvironment.ResponseDeadlineSeconds), out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultDeadline
        ) { }

    /// <summary>With explicit parts (tests).</summary>
    /// <param name="deadline">How long the work may take before CloudFormation is answered FAILED regardless.</param>
    public BootstrapHandler(Func<DatabaseEndpoint, NpgsqlDataSource> connect, HttpClient http, TimeSpan deadline)
    {
        _connect = connect;
        _http = http;
        _deadline = deadline;
    }

    /// <summary>The user script for <paramref name="databaseName"/>.</summary>
    public static string Script(string databaseName)
    {
        if (!Identifier().IsMatch(databaseName))
            throw new ArgumentException($"DatabaseName: '{databaseName}' is not a plain identifier", nameof(databaseName));
        return Infra.Contract.BootstrapSql.For(databaseName);
    }

    /// <summary>
    /// Handles one custom-resource event and always answers CloudFormation (else the stack waits an hour): any
    /// exception, and work still running at the deadline, end in FAILED with the reason; the answer is retried.
    /// </summary>
    public async Task<Stream> Handle(Stream input)
    {
        var request = await JsonSerializer.DeserializeAsync(input, FunctionJson.Default.CustomResourceEvent).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty custom-resource event");
        var properties = request.ResourceProperties ?? [];
        var physicalId = request.PhysicalResourceId
            ?? $"database-users-{properties.GetValueOrDefault(BootstrapProperties.DatabaseName, "unknown")}";
        CustomResourceResponse Answer(string status, string reason) =>
            new(status, reason, physicalId, request.StackId ?? "", request.RequestId ?? "", request.LogicalResourceId ?? "");

        CustomResourceResponse response;
        var late = $"the database did not answer within {_deadline.TotalSeconds:0} s";
        using var deadline = new CancellationTokenSource(_deadline);
        var work = RunAsync(request.RequestType, properties, deadline.Token);
        try
        {
            // The token cancels what honours it; WhenAny also ends a connection that ignores cancellation.
            if (await Task.WhenAny(work, Task.Delay(_deadline)).ConfigureAwait(false) != work)
                throw new TimeoutException(late);
            response = Answer("SUCCESS", await work.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            var reason = e is TimeoutException or OperationCanceledException ? late : $"{e.GetType().Name}: {e.Message}";
            response = Answer("FAILED", reason.Length > 1000 ? reason[..1000] : reason);
        }

        if (request.ResponseURL is { } url)
            await UploadAsync(new Uri(url), response).ConfigureAwait(false);
        return new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(response, FunctionJson.Default.CustomResourceResponse));
    }

    private async Task<string> RunAsync(string? requestType, Dictionary<string, string> properties, CancellationToken cancellationToken)
    {
        // Users own the application's schema and data: they stay when the resource goes.
        if (requestType == "Delete")
            return "users kept";
        var endpoint = new DatabaseEndpoint(
            Required(properties, BootstrapProperties.Host),
            int.Parse(Required(properties, BootstrapProperties.Port), System.Globalization.CultureInfo.InvariantCulture),
            Required(properties, BootstrapProperties.DatabaseName),
            Required(properties, BootstrapProperties.MasterUser)
        );
        await using var dataSource = _connect(endpoint);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Script(endpoint.Database), connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return $"users {string.Join(", ", "app", "schema_sync", "schema_plan")} ready in {endpoint.Database}";
    }

    /// <summary>PUTs the answer to CloudFormation's presigned URL, retried: an answer lost is an hour-long wait.</summary>
    private async Task UploadAsync(Uri url, CustomResourceResponse response)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(response, FunctionJson.Default.CustomResourceResponse);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                // The presigned URL was signed with an empty content type.
                content.Headers.ContentType = null;
                using var put = await _http.PutAsync(url, content).ConfigureAwait(false);
                put.EnsureSuccessStatusCode();
                return;
            }
            catch (Exception e) when (attempt < UploadRetryDelays.Length && e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(UploadRetryDelays[attempt]).ConfigureAwait(false);
            }
        }
    }

    private static string Required(Dictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"resource property {key} is missing");

    [GeneratedRegex(FunctionContract.DatabaseNamePattern)]
    private static partial Regex Identifier();
}
