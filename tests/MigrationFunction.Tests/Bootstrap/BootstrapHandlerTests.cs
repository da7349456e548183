using System.Net;
using System.Text;
using System.Text.Json;
using Infra.TestSupport;
using MigrationFunction.Bootstrap;
using MigrationFunction.Database;
using Npgsql;

namespace MigrationFunction.Tests.Bootstrap;

/// <summary>
/// The deploy-time user bootstrap as CloudFormation drives it: a custom-resource event in, the result PUT to the
/// response URL. A loopback HTTP listener stands in for CloudFormation's presigned S3 URL; the master user is a
/// CREATEROLE non-superuser that owns the database (as on RDS) and signs in with a password that stands in for its
/// IAM token, over verified TLS.
/// </summary>
[Collection(TlsPostgresCollection.Name)]
public sealed class BootstrapHandlerTests : IDisposable
{
    private const string Master = "bootstrap_master";
    private const string Token = "master-token";
    private readonly TlsPostgres _postgres;
    private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _responseUrl;
    private readonly string _database;

    public BootstrapHandlerTests(TlsPostgres postgres)
    {
        _postgres = postgres;
        postgres.Server.Execute(
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam NOLOGIN; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Master}')
                  THEN CREATE ROLE {Master} LOGIN CREATEROLE PASSWORD '{Token}'; END IF;
            END $$;
            """
        );
        _database = postgres.Server.CreateDatabase("boot", owner: Master);
        _listener.Start();
        _responseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/cfn-response/";
    }

    public void Dispose() => _listener.Stop();

    /// <summary>Accepts one HTTP request on loopback, answers <paramref name="status"/>, returns its method and body.</summary>
    private async Task<(string Method, string Body)> ReceiveOneAsync(int status = 200)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
                break;
            buffer.Add(one[0]);
        }
        var head = Encoding.ASCII.GetString([.. buffer]);
        var length = head.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length)
            read += await stream.ReadAsync(body.AsMemory(read));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        return (head.Split(' ')[0], Encoding.UTF8.GetString(body));
    }

    private sealed class FixedToken(string token) : ITokenSource
    {
        public string TokenFor(DatabaseEndpoint endpoint) => token;
    }

    private Task<(JsonElement Returned, JsonElement Put)> InvokeAsync(string requestType, Dictionary<string, string> properties) =>
        InvokeAsync(
            requestType,
            properties,
            new BootstrapHandler(
                e => DatabaseConnector.Create(e, new FixedToken(Token), _postgres.Tls.CaFile),
                new HttpClient(),
                TimeSpan.FromSeconds(30)
            )
        );

    private async Task<(JsonElement Returned, JsonElement Put)> InvokeAsync(
        string requestType,
        Dictionary<string, string> properties,
        BootstrapHandler handler,
        params int[] failedUploads
    )
    {
        var request = JsonSerializer.Serialize(
            new
            {
                RequestType = requestType,
                ResponseURL = _responseUrl + "signed",
                StackId = "arn:aws:cloudformation:eu-west-1:123456789012:stack/infra-dev/1",
                RequestId = "r-1",
                LogicalResourceId = "DatabaseUsers",
                ResourceType = "Custom::DatabaseUsers",
                ServiceToken = "arn:aws:lambda:...",
                ResourceProperties = properties,
            }
        );
        var invocation = handler.Handle(new MemoryStream(Encoding.UTF8.GetBytes(request)));
        foreach (var status in failedUploads)
            Assert.Equal("PUT", (await ReceiveOneAsync(status)).Method);
        var (method, body) = await ReceiveOneAsync();
        Assert.Equal("PUT", method);
        await using var returned = await invocation;
        return ((await JsonDocument.ParseAsync(returned)).RootElement.Clone(), JsonDocument.Parse(body).RootElement.Clone());
    }

    private Dictionary<string, string> Properties() =>
        new()
        {
            ["ServiceToken"] = "arn:aws:lambda:...",
            ["Host"] = "localhost",
            ["Port"] = _postgres.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DatabaseName"] = _database,
            ["MasterUser"] = Master,
        };

    private bool Query(string sql)
    {
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(_postgres.Server.ConnectionString(_database))
            {
                Host = _postgres.Server.SocketDirectory,
            }.ConnectionString
        );
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (bool)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Creates_the_users_on_create_and_again_on_update_and_reports_success()
    {
        var (returned, put) = await InvokeAsync("Create", Properties());
        var (_, again) = await InvokeAsync("Update", Properties());

        Assert.Equal("SUCCESS", put.GetProperty("Status").GetString());
        Assert.Equal("SUCCESS", again.GetProperty("Status").GetString());
        Assert.Equal($"database-users-{_database}", put.GetProperty("PhysicalResourceId").GetString());
        Assert.Equal("r-1", put.GetProperty("RequestId").GetString());
        Assert.Equal(put.GetRawText(), returned.GetRawText());
        Assert.True(Query("SELECT pg_has_role('app', 'rds_iam', 'MEMBER') AND pg_has_role('schema_sync', 'rds_iam', 'MEMBER')"));
        Assert.True(Query("SELECT nspowner::regrole::text = 'schema_sync' FROM pg_namespace WHERE nspname = 'app'"));
    }

    [Fact]
    public async Task Keeps_the_users_on_delete()
    {
        await InvokeAsync("Create", Properties());

        var (_, put) = await InvokeAsync("Delete", Properties());

        Assert.Equal("SUCCESS", put.GetProperty("Status").GetString());
        Assert.True(Query("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app')"));
    }

    [Fact]
    public async Task Reports_failure_to_cloudformation_instead_of_leaving_the_stack_waiting()
    {
        var properties = Properties();
        properties.Remove("MasterUser");

        var (_, put) = await InvokeAsync("Create", properties);

        Assert.Equal("FAILED", put.GetProperty("Status").GetString());
        Assert.Contains("resource property MasterUser is missing", put.GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_failed_for_an_exception_of_any_type()
    {
        var handler = new BootstrapHandler(
            _ => throw new NotSupportedException("an unexpected kind of failure"),
            new HttpClient(),
            TimeSpan.FromSeconds(30)
        );

        var (_, put) = await InvokeAsync("Create", Properties(), handler);

        Assert.Equal("FAILED", put.GetProperty("Status").GetString());
        Assert.Equal("NotSupportedException: an unexpected kind of failure", put.GetProperty("Reason").GetString());
    }

    [Fact]
    public async Task Answers_failed_before_its_deadline_when_the_database_hangs()
    {
        // A server that accepts the connection and never says a word (a half-open network path).
        var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<System.Net.Sockets.TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
                accepted.Add(await silent.AcceptTcpClientAsync());
        });
        var properties = Properties();
        properties["Port"] = ((IPEndPoint)silent.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var handler = new BootstrapHandler(
            e => DatabaseConnector.Create(e, new FixedToken(Token), _postgres.Tls.CaFile),
            new HttpClient(),
            TimeSpan.FromSeconds(2)
        );
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var (_, put) = await InvokeAsync("Create", properties, handler);

            Assert.Equal("FAILED", put.GetProperty("Status").GetString());
            Assert.Equal("the database did not answer within 2 s", put.GetProperty("Reason").GetString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.NotEmpty(accepted);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Retries_the_answer_when_the_upload_fails()
    {
        var handler = new BootstrapHandler(
            e => DatabaseConnector.Create(e, new FixedToken(Token), _postgres.Tls.CaFile),
            new HttpClient(),
            TimeSpan.FromSeconds(30)
        );

        var (returned, put) = await InvokeAsync("Delete", Properties(), handler, 503);

        Assert.Equal("SUCCESS", put.GetProperty("Status").GetString());
        Assert.Equal(put.GetRawText(), returned.GetRawText());
    }

    [Fact]
    public void Ships_the_same_script_the_database_construct_tests()
    {
        Assert.Equal(Infra.Constructs.Database.DatabaseUserBootstrap.Sql("app"), BootstrapHandler.Script("app"));
    }
}
