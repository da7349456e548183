using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    private readonly Func<DatabaseEndpoint, NpgsqlDataSource> _connect;
    private readonly HttpClient _http;

    /// <summary>Lambda's constructor: IAM tokens from the role, the shipped CA bundle, region and endpoint from the event.</summary>
    public BootstrapHandler() : this(
        endpoint => DatabaseConnector.Create(endpoint, new RdsIamTokenSource(Environment.GetEnvironmentVariable("AWS_REGION") ?? "", AwsCredentials.FromEnvironment), CaBundle.Locate()),
        new HttpClient())
    {
    }

    /// <summary>With explicit parts (tests).</summary>
    public BootstrapHandler(Func<DatabaseEndpoint, NpgsqlDataSource> connect, HttpClient http)
    {
        _connect = connect;
        _http = http;
    }

    /// <summary>The user script for <paramref name="databaseName"/>.</summary>
    public static string Script(string databaseName)
    {
        if (!Identifier().IsMatch(databaseName))
            throw new ArgumentException($"DatabaseName: '{databaseName}' is not a plain identifier", nameof(databaseName));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MigrationFunction.Bootstrap.create-users.sql")
            ?? throw new InvalidOperationException("the user script is missing from the package");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("{{database}}", databaseName, StringComparison.Ordinal);
    }

    /// <summary>Handles one custom-resource event and always answers CloudFormation (else the stack waits an hour).</summary>
    public async Task<Stream> Handle(Stream input)
    {
        var request = await JsonSerializer.DeserializeAsync(input, FunctionJson.Default.CustomResourceEvent).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty custom-resource event");
        var properties = request.ResourceProperties ?? [];
        var physicalId = request.PhysicalResourceId ?? $"database-users-{properties.GetValueOrDefault("DatabaseName", "unknown")}";
        CustomResourceResponse Answer(string status, string reason) =>
            new(status, reason, physicalId, request.StackId ?? "", request.RequestId ?? "", request.LogicalResourceId ?? "");

        CustomResourceResponse response;
        try
        {
            if (request.RequestType == "Delete")
            {
                // Users own the application's schema and data: they stay when the resource goes.
                response = Answer("SUCCESS", "users kept");
            }
            else
            {
                var endpoint = new DatabaseEndpoint(Required(properties, "Host"), int.Parse(Required(properties, "Port"), System.Globalization.CultureInfo.InvariantCulture), Required(properties, "DatabaseName"), Required(properties, "MasterUser"));
                await using var dataSource = _connect(endpoint);
                await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
                await using var command = new NpgsqlCommand(Script(endpoint.Database), connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                response = Answer("SUCCESS", $"users {string.Join(", ", "app", "schema_sync", "schema_plan")} ready in {endpoint.Database}");
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
        {
            response = Answer("FAILED", e.Message.Length > 1000 ? e.Message[..1000] : e.Message);
        }

        if (request.ResponseURL is { } url)
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(response, FunctionJson.Default.CustomResourceResponse));
            // The presigned URL was signed with an empty content type.
            content.Headers.ContentType = null;
            using var put = await _http.PutAsync(new Uri(url), content).ConfigureAwait(false);
            put.EnsureSuccessStatusCode();
        }
        return new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(response, FunctionJson.Default.CustomResourceResponse));
    }

    private static string Required(Dictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out var value) && value.Length > 0 ? value : throw new ArgumentException($"resource property {key} is missing");

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
