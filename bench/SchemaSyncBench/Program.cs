using System.Diagnostics;
using System.Globalization;
using Infra.TestSupport;
using Npgsql;
using SchemaSync.Inspection;
using SchemaSync.Model;
using SchemaSyncBench;

// Usage: dotnet SchemaSyncBench.dll <runs> <migra executable or "-"> <fixtures directory or "-"> [schema-sync.dll]
if (args is ["--print-sql", var which, ..])
{
    // For profiling by hand: the generated schemas as SQL (optionally of another size).
    var schema = new GeneratedSchema(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300);
    Console.Write(which == "source" ? schema.Base() + schema.Differences() : schema.Base());
    return;
}
if (args is ["--profile", var sourceConnection, var targetConnection])
{
    // For profiling by hand: where plan's time goes, stage by stage, on two existing databases.
    var clock = Stopwatch.StartNew();
    async Task<DatabaseModel> Inspect(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await CatalogInspector.InspectAsync(connection);
    }
    var desired = await Inspect(sourceConnection);
    Console.WriteLine($"inspect source {clock.ElapsedMilliseconds} ms");
    clock.Restart();
    var current = await Inspect(targetConnection);
    Console.WriteLine($"inspect target {clock.ElapsedMilliseconds} ms");
    for (var i = 0; i < 3; i++)
    {
        clock.Restart();
        var planned = SchemaSync.Planning.Planner.Create(desired, current, new SchemaSync.Planning.PlanOptions());
        Console.WriteLine($"plan {clock.ElapsedMilliseconds} ms, {planned.Statements.Count} statements");
    }
    return;
}
if (args is ["--profile-generated", var size])
{
    // For profiling by hand: a generated pair on PostgreSQL 17 as schema_sync, each catalog query over 50 ms printed, then
    // planning alone (in process, JIT-compiled) three times.
    using var profiled = PostgresServer.OfMajor(17);
    var pairOf = new GeneratedSchema(int.Parse(size, CultureInfo.InvariantCulture));
    var generated = ProductionDatabase.Create(profiled, "profile_source");
    profiled.ExecuteAs(ProductionDatabase.SchemaSyncUser, pairOf.Base() + pairOf.Differences(), generated);
    profiled.Execute("ALTER SYSTEM SET log_min_duration_statement = 50");
    profiled.Execute("ALTER SYSTEM SET session_preload_libraries = 'auto_explain'");
    profiled.Execute("ALTER SYSTEM SET auto_explain.log_min_duration = 1000");
    profiled.Execute("ALTER SYSTEM SET auto_explain.log_analyze = on");
    profiled.Execute("SELECT pg_reload_conf()");
    for (var i = 0; i < 2; i++)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new NpgsqlConnection(ProductionDatabase.SchemaSyncConnection(profiled, generated));
        connection.Open();
        _ = CatalogInspector.InspectAsync(connection).GetAwaiter().GetResult();
        Console.WriteLine($"inspect {clock.ElapsedMilliseconds} ms");
    }
    foreach (var line in File.ReadLines(Path.Combine(profiled.SocketDirectory, "server.log")))
        Console.WriteLine(line.Length > 200 ? line[..200] : line);
    // Then planning alone, on the pair the benchmark plans: inspected once, planned three times.
    var baseOnly = ProductionDatabase.Create(profiled, "profile_target");
    profiled.ExecuteAs(ProductionDatabase.SchemaSyncUser, pairOf.Base(), baseOnly);
    DatabaseModel InspectOf(string db)
    {
        using var connection = new NpgsqlConnection(ProductionDatabase.SchemaSyncConnection(profiled, db));
        connection.Open();
        return CatalogInspector.InspectAsync(connection).GetAwaiter().GetResult();
    }
    var (desiredModel, currentModel) = (InspectOf(generated), InspectOf(baseOnly));
    for (var i = 0; i < 3; i++)
    {
        var clock = Stopwatch.StartNew();
        var planned = SchemaSync.Planning.Planner.Create(desiredModel, currentModel, new SchemaSync.Planning.PlanOptions());
        Console.WriteLine($"plan {clock.ElapsedMilliseconds} ms, {planned.Statements.Count} statements");
    }
    return;
}
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var migra = args.Length > 1 && args[1] != "-" ? args[1] : null;
var fixtures = args.Length > 2 && args[2] != "-" ? args[2] : null;
var cli = args.Length > 3 ? args[3] : Path.Combine(AppContext.BaseDirectory, "schema-sync.dll");

// As production runs it: PostgreSQL 17, databases prepared by the user bootstrap, objects in app, the engine (and
// migra) connected as schema_sync.
using var server = PostgresServer.OfMajor(17);
string Url(string db) => $"postgresql://{ProductionDatabase.SchemaSyncUser}@127.0.0.1:{server.Port}/{db}";
var planSeconds = new Dictionary<int, double>();
foreach (var schema in new[] { new GeneratedSchema(300), new GeneratedSchema(3000) })
{
    var source = ProductionDatabase.Create(server, $"bench_source_{schema.Tables}");
    var target = ProductionDatabase.Create(server, $"bench_target_{schema.Tables}");
    server.ExecuteAs(ProductionDatabase.SchemaSyncUser, schema.Base() + schema.Differences(), source);
    server.ExecuteAs(ProductionDatabase.SchemaSyncUser, schema.Base(), target);
    // As autovacuum leaves a production catalog after a bulk load, and so that it does not start in the middle of the
    // measured runs (thousands of new catalog rows cross its thresholds a minute after they are written).
    server.Execute("VACUUM ANALYZE", source);
    server.Execute("VACUUM ANALYZE", target);
    Console.WriteLine();
    Console.WriteLine(
        $"{schema.Tables} tables x 12 columns, {schema.DifferenceCount} differences; PostgreSQL {server.MajorVersion}, as "
            + ProductionDatabase.SchemaSyncUser
    );

    var inspection = Measure(runs, () =>
    {
        using var connection = new NpgsqlConnection(ProductionDatabase.SchemaSyncConnection(server, source));
        connection.Open();
        _ = CatalogInspector.InspectAsync(connection).GetAwaiter().GetResult();
    });
    var statements = 0;
    var cliStderr = "";
    Action planOnce = () =>
    {
        statements = RunCli(cli, "plan", "--source", Url(source), "--target", Url(target)).Count(l => l.EndsWith(';'));
        cliStderr = LastStderr;
    };
    // With migra, the two tools run in turns (schema-sync, migra, schema-sync, ...): this machine's speed drifts by a
    // fifth over minutes, and a ratio of medians taken minutes apart measured the drift as much as the tools.
    var medians = migra is null
        ? MeasureInTurns(runs, planOnce)
        : MeasureInTurns(runs, planOnce, () => Run(migra, "run", Url(target), Url(source), "--unsafe", "true"));
    var plan = medians[0];
    planSeconds[schema.Tables] = plan;
    Console.WriteLine($"(last run, as the CLI reports it: {cliStderr.Trim()})");
    Console.WriteLine($"schema-sync inspection alone (one database, in-process): median {inspection:F3} s over {runs} runs");
    Console.WriteLine(
        $"schema-sync plan end to end (process start to SQL printed): median {plan:F3} s over {runs} runs, {statements} SQL lines"
    );
    if (migra is not null)
    {
        var migraSeconds = medians[1];
        Console.WriteLine(
            $"@pgkit/migra end to end on the same pair: median {migraSeconds:F3} s over {runs} runs, in turns with schema-sync"
        );
        Console.WriteLine($"ratio schema-sync / migra: {plan / migraSeconds:F3}x (migra / schema-sync {migraSeconds / plan:F2}x)");
    }
}
Console.WriteLine($"growth for ten times the tables: schema-sync x{planSeconds[3000] / planSeconds[300]:F1}");
if (fixtures is not null)
    FixtureComparison.Print(server, fixtures, migra, cli);

static double Measure(int runs, Action action) => MeasureInTurns(runs, action).Single();

// Each action once as a warm-up (disk cache, JIT, catalog cache), then all of them in turns, runs times; the median of each.
static double[] MeasureInTurns(int runs, params Action[] actions)
{
    foreach (var action in actions)
        action();
    var times = actions.Select(_ => new List<double>()).ToArray();
    for (var i = 0; i < runs; i++)
    {
        for (var a = 0; a < actions.Length; a++)
        {
            // The harness's own garbage (models of earlier runs) is collected before the clock starts, not during a run.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            actions[a]();
            times[a].Add(clock.Elapsed.TotalSeconds);
        }
    }
    return [.. times.Select(Median)];
}

static double Median(List<double> times)
{
    times.Sort();
    return times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
}

internal static partial class Program
{
    internal static string LastStderr = "";

    /// <summary>Runs the CLI as given: a native executable (NativeAOT publish) directly, a .dll through dotnet.</summary>
    internal static List<string> RunCli(string cli, params string[] arguments) =>
        cli.EndsWith(".dll", StringComparison.Ordinal) ? Run("dotnet", [cli, .. arguments]) : Run(cli, arguments);

    internal static List<string> Run(string file, params string[] arguments)
    {
        var result = ProcessRunner.Run(file, arguments);
        Program.LastStderr = result.Stderr;
        // migra, like the Python original, exits 2 when it printed changes.
        if (result.ExitCode is not (0 or 2))
            throw new InvalidOperationException($"{file} exited with {result.ExitCode}: {result.Stderr}");
        return [.. result.Stdout.Split('\n')];
    }
}

/// <summary>Runs every fixture through a peer and through this engine: apply the generated SQL, inspect, compare hashes.</summary>
internal static class FixtureComparison
{
    public static void Print(PostgresServer server, string fixtures, string? migra, string cli)
    {
        Console.WriteLine();
        Console.WriteLine("| fixture | schema-sync round trip | @pgkit/migra round trip |");
        Console.WriteLine("|---|---|---|");
        var (ours, theirs) = (0, 0);
        var all = Directory.GetDirectories(fixtures).Order(StringComparer.Ordinal).ToList();
        foreach (var directory in all)
        {
            var name = Path.GetFileName(directory);
            // The fixture's hints, as the fixture test gives them: one "--rename old=new" or "--backfill column=SQL" per line.
            string[] Hints(string file, string flag) =>
                File.Exists(Path.Combine(directory, file))
                    ? File.ReadAllLines(Path.Combine(directory, file)).Where(l => l.Length > 0).SelectMany(l => new[] { flag, l }).ToArray()
                    : [];
            var renames = Hints("renames.txt", "--rename").Concat(Hints("backfills.txt", "--backfill")).ToArray();
            var privileges =
                File.Exists(Path.Combine(directory, "options.txt"))
                && File.ReadAllText(Path.Combine(directory, "options.txt")).Contains("privileges", StringComparison.Ordinal);
            var refusal = Path.Combine(directory, "unsupported.txt");
            var mine = File.Exists(refusal)
                ? Refusal(server, directory, cli, File.ReadAllLines(refusal).Where(l => l.Length > 0).ToList())
                : RoundTrip(
                    server,
                    directory,
                    (from, to) =>
                        string.Join(
                            '\n',
                            Program.RunCli(
                                cli,
                                ["plan", "--source", to, "--target", from, .. renames, .. privileges ? new[] { "--privileges" } : []]
                            )
                        ),
                    privileges
                );
            var peer = migra is null
                ? "not run"
                : RoundTrip(
                    server,
                    directory,
                    (from, to) =>
                        RunSql(migra, ["run", from, to, "--unsafe", "true", .. privileges ? new[] { "--with-privileges", "true" } : []]),
                    privileges
                );
            ours += mine.StartsWith("pass", StringComparison.Ordinal) ? 1 : 0;
            theirs += peer == "pass" ? 1 : 0;
            Console.WriteLine($"| {name} | {mine} | {peer} |");
        }
        Console.WriteLine($"| **total** | **{ours}/{all.Count}** | **{theirs}/{all.Count}** |");
    }

    /// <summary>A change the engine must refuse: the CLI exits 3 (unsupported) naming every expected reason.</summary>
    private static string Refusal(PostgresServer server, string directory, string cli, IReadOnlyList<string> reasons)
    {
        var (from, to) = Prepare(server, directory);
        string[] arguments = ["plan", "--source", Url(server, to), "--target", Url(server, from)];
        var result = cli.EndsWith(".dll", StringComparison.Ordinal)
            ? ProcessRunner.Run("dotnet", [cli, .. arguments])
            : ProcessRunner.Run(cli, arguments);
        var output = result.Stdout + result.Stderr;
        return result.ExitCode == 3 && reasons.All(r => output.Contains(r, StringComparison.Ordinal))
            ? "pass: refused, naming why"
            : $"fail: expected a refusal, exit {result.ExitCode}";
    }

    private static (string From, string To) Prepare(PostgresServer server, string directory)
    {
        if (File.Exists(Path.Combine(directory, "setup.sql")))
            server.Execute(File.ReadAllText(Path.Combine(directory, "setup.sql")));
        var from = ProductionDatabase.Create(server, "cmp_from");
        var to = ProductionDatabase.Create(server, "cmp_to");
        server.ExecuteAs(ProductionDatabase.SchemaSyncUser, File.ReadAllText(Path.Combine(directory, "from.sql")), from);
        server.ExecuteAs(ProductionDatabase.SchemaSyncUser, File.ReadAllText(Path.Combine(directory, "to.sql")), to);
        return (from, to);
    }

    private static string Url(PostgresServer server, string db) =>
        $"postgresql://{ProductionDatabase.SchemaSyncUser}@127.0.0.1:{server.Port}/{db}";

    private static string RoundTrip(PostgresServer server, string directory, Func<string, string, string> generate, bool privileges)
    {
        var (from, to) = Prepare(server, directory);
        string Url(string db) => FixtureComparison.Url(server, db);
        try
        {
            var sql = generate(Url(from), Url(to));
            using (var connection = new NpgsqlConnection(ProductionDatabase.SchemaSyncConnection(server, from)))
            {
                connection.Open();
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
            var options = new InspectionOptions { IncludePrivileges = privileges };
            return
                Inspect(ProductionDatabase.SchemaSyncConnection(server, from), options).ComputeHash()
                == Inspect(ProductionDatabase.SchemaSyncConnection(server, to), options).ComputeHash()
                ? "pass"
                : "fail: schemas still differ";
        }
        catch (Exception e) when (e is PostgresException or InvalidOperationException)
        {
            var message = e is PostgresException p ? $"{p.SqlState} {p.MessageText}" : e.Message.Split('\n')[0];
            return "fail: " + message.Replace('|', '/')[..Math.Min(message.Length, 80)];
        }
    }

    private static DatabaseModel Inspect(string connectionString, InspectionOptions options)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return CatalogInspector.InspectAsync(connection, options).GetAwaiter().GetResult();
    }

    private static string RunSql(string file, string[] arguments) => string.Join('\n', Program.Run(file, arguments));
}
