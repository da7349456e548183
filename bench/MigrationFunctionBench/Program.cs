using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.TestSupport;
using MigrationFunction.Database;
using MigrationFunction.Handling;
using MigrationFunction.Revisions;

// Child mode: one cold process answers one plan request, as a fresh Lambda environment would, and reports the
// milliseconds from process start to the response being ready.
if (args is ["--invoke", var settingsJson])
{
    var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(settingsJson)!;
    var endpoint = (string db) =>
        new DatabaseEndpoint("localhost", int.Parse(settings["port"], CultureInfo.InvariantCulture), db, settings["user"]);
    var handler = new Handler(() =>
        new FunctionServices(
            new FunctionSettings(
                endpoint(settings["source"]),
                endpoint(settings["target"]),
                "eu-west-1",
                "unused",
                "revisions/",
                settings["user"]
            ),
            e => DatabaseConnector.Create(e, new FixedToken(settings["token"]), settings["ca"]),
            new NoStore(),
            TimeProvider.System,
            TextWriter.Null
        )
    );
    await using var response = await handler.Handle(new MemoryStream(Encoding.UTF8.GetBytes("""{"action":"plan"}""")));
    var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
    var body = JsonDocument.Parse(response).RootElement;
    Console.WriteLine(
        $"{elapsed.TotalMilliseconds:F0} {body.GetProperty("statusCode").GetInt32()} {body.GetProperty("statements").GetArrayLength()}"
    );
    return;
}

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var package = args.Length > 1 ? args[1] : null;
using var tls = new TlsFiles("localhost");
using var server = PostgresServer.WithTls(tls);
const string user = "bench_fn";
const string token = "bench-token";
server.Execute($"CREATE ROLE {user} LOGIN PASSWORD '{token}'");
var source = server.CreateDatabase("src", owner: user);
var target = server.CreateDatabase("tgt", owner: user);
const string schema =
    "CREATE TABLE public.customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE); CREATE TABLE public.orders (id bigserial "
    + "PRIMARY KEY, customer_id bigint REFERENCES public.customers, total numeric(12,2));";
server.Execute(
    schema + "CREATE INDEX orders_customer ON public.orders (customer_id); ALTER TABLE public.orders ADD COLUMN note text;",
    source
);
server.Execute(schema, target);
var settingsArgument = JsonSerializer.Serialize(
    new Dictionary<string, string>
    {
        ["port"] = server.Port.ToString(CultureInfo.InvariantCulture),
        ["user"] = user,
        ["token"] = token,
        ["ca"] = tls.CaFile,
        ["source"] = source,
        ["target"] = target,
    }
);
var self = Path.Combine(AppContext.BaseDirectory, "MigrationFunctionBench.dll");
var times = new List<double>();
for (var i = 0; i <= runs; i++)
{
    var result = ProcessRunner.Run("dotnet", [self, "--invoke", settingsArgument]);
    if (result.ExitCode != 0)
        throw new InvalidOperationException(result.Stderr);
    var parts = result.Stdout.Trim().Split(' ');
    if (i > 0) // the first run warms the disk cache
        times.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
    Console.Error.WriteLine($"run {i}: {parts[0]} ms, status {parts[1]}, {parts[2]} statements");
}
times.Sort();
Console.WriteLine(
    "migration function, process start to plan response (small schema, 2 databases over verified TLS): median "
        + $"{times[times.Count / 2]:F0} ms over {runs} cold processes"
);
if (package is not null && Directory.Exists(package))
{
    var files = Directory.GetFiles(package, "*", SearchOption.AllDirectories);
    var zip = Path.Combine(Path.GetTempPath(), $"fn-{Guid.NewGuid():N}.zip");
    System.IO.Compression.ZipFile.CreateFromDirectory(
        package,
        zip,
        System.IO.Compression.CompressionLevel.Optimal,
        includeBaseDirectory: false
    );
    Console.WriteLine(
        $"deployment package: {files.Sum(f => new FileInfo(f).Length) / 1024.0 / 1024:F1} MiB unzipped in {files.Length} files, "
            + $"{new FileInfo(zip).Length / 1024.0 / 1024:F1} MiB zipped"
    );
    File.Delete(zip);
}

internal sealed class FixedToken(string token) : ITokenSource
{
    public string TokenFor(DatabaseEndpoint endpoint) => token;
}

internal sealed class NoStore : IRevisionStore
{
    public string UriOf(string key) => key;

    public Task PutAsync(string key, string contentType, string body, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
