using System.Diagnostics;
using Infra.TestSupport;
using Npgsql;
using SchemaSync.Applying;
using SchemaSync.Connections;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>
/// A client that stops taking part while it holds PROD's locks (SessionBounds). To the server a frozen client is a
/// session that sends nothing: here the apply's own transaction goes silent after its statements (a BeforeCommit hook
/// that waits), holding the ACCESS EXCLUSIVE lock of a new column. The server ends the session after
/// idle_in_transaction_session_timeout, so a reader queued on the table gets its rows within that bound, and the target
/// is as it was.
/// </summary>
[Collection(PostgresServers.CollectionName)]
public sealed class StalledClientTests(PostgresServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_client_silent_inside_the_apply_transaction_loses_its_locks_within_the_bound()
    {
        var server = servers.Of(Majors.Production);
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, note text);",
            "CREATE TABLE app.t (id int); INSERT INTO app.t VALUES (1);"
        );
        var source = await pair.InspectSourceAsync();
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), new PlanOptions());
        // The test's shorter bound travels as a caller's startup option, as SessionBounds sends the engine's own.
        var target = new NpgsqlConnectionStringBuilder(SessionBounds.Apply(pair.TargetConnection));
        target.Options += $" -c idle_in_transaction_session_timeout={(long)Bound.TotalMilliseconds}";
        await using var dataSource = NpgsqlDataSource.Create(target.ConnectionString);

        var silent = new TaskCompletionSource();
        var apply = PlanApplier.ApplyAsync(
            dataSource,
            source,
            plan,
            new ApplyOptions
            {
                AllowedHazards = plan.Hazards,
                BeforeCommit = async (_, _, _) =>
                {
                    silent.SetResult();
                    await Task.Delay(Bound + TimeSpan.FromSeconds(2));
                },
            }
        );
        await silent.Task;

        var reader = Stopwatch.StartNew();
        Assert.Equal(1L, pair.QueryTarget<long>("SET lock_timeout = '30s'; SELECT count(*) FROM app.t"));
        Assert.True(reader.Elapsed < Bound + TimeSpan.FromSeconds(3), $"a reader waited {reader.Elapsed} behind a silent client's lock");

        var result = await apply;
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Contains("the connection to the target ended during the apply", result.Message, StringComparison.Ordinal);
        Assert.Equal(
            0L,
            pair.QueryTarget<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.t'::regclass AND attname = 'note'")
        );
    }

    /// <summary>
    /// The CLI itself, frozen with SIGSTOP while its apply holds a lock. Deterministic: the apply's ALTER of app.b waits
    /// for this test's lock (its ALTER of app.a already holds app.a's), so the process is stopped at a known point; when
    /// the test lets go, the statement finishes on the server and the session waits, idle in its transaction, for a
    /// client that cannot answer. A stopped process still answers TCP keepalives: only the idle bound can end it.
    /// </summary>
    [Fact]
    public async Task A_stopped_cli_process_loses_its_locks_within_the_idle_bound_and_the_target_is_unchanged()
    {
        var pair = new DatabasePair(
            servers.Of(Majors.Production),
            "CREATE TABLE app.a (id int, x int); CREATE TABLE app.b (id int, y int);",
            "CREATE TABLE app.a (id int); CREATE TABLE app.b (id int); INSERT INTO app.a VALUES (1);"
        );
        var target = new NpgsqlConnectionStringBuilder(pair.TargetConnection)
        {
            Options = $"-c idle_in_transaction_session_timeout={(long)Bound.TotalMilliseconds}",
        };
        await using var holder = new NpgsqlConnection(pair.TargetConnection);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockB = new NpgsqlCommand("LOCK TABLE app.b IN ACCESS SHARE MODE", holder, hold))
            await lockB.ExecuteNonQueryAsync();

        using var cli = Process.Start(
            new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "schema-sync.dll"),
                    "apply",
                    "--source",
                    pair.SourceConnection,
                    "--target",
                    target.ConnectionString,
                    "--allow-hazard",
                    "AcquiresAccessExclusiveLock",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }
        )!;
        var stderr = cli.StandardError.ReadToEndAsync();
        try
        {
            // The apply waits for app.b (app.a's lock already taken): stop the process there.
            await WaitForAsync(pair, "wait_event_type = 'Lock'", TimeSpan.FromSeconds(30));
            Signal("STOP", cli.Id);
            await hold.CommitAsync();
            await WaitForAsync(pair, "state = 'idle in transaction'", TimeSpan.FromSeconds(10));
            // The stopped client's session holds app.a: a reader must wait for the bound to end it.
            Assert.Equal(
                1L,
                pair.QueryTarget<long>(
                    "SELECT count(*) FROM pg_locks WHERE relation = 'app.a'::regclass AND mode = 'AccessExclusiveLock' AND granted"
                )
            );

            var reader = Stopwatch.StartNew();
            Assert.Equal(1L, pair.QueryTarget<long>("SET lock_timeout = '30s'; SELECT count(*) FROM app.a"));
            Assert.True(
                reader.Elapsed < Bound + TimeSpan.FromSeconds(3),
                $"a reader waited {reader.Elapsed} behind a stopped client's lock"
            );
        }
        finally
        {
            Signal("CONT", cli.Id);
        }
        await cli.WaitForExitAsync();
        Assert.True(cli.ExitCode == 1, $"exit {cli.ExitCode}: {await stderr}");
        Assert.Contains("the connection to the target ended during the apply", await stderr, StringComparison.Ordinal);
        Assert.Equal(
            0L,
            pair.QueryTarget<long>(
                "SELECT count(*) FROM pg_attribute WHERE attrelid IN ('app.a'::regclass, 'app.b'::regclass) AND attname IN ('x', 'y')"
            )
        );
    }

    // The CLI's session on the target (the only schema_sync session there but the test's own, which is excluded).
    private static async Task WaitForAsync(DatabasePair pair, string condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (
            pair.QueryTarget<long>(
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND {condition}"
            ) == 0
        )
        {
            Assert.True(clock.Elapsed < limit, $"no session on the target with {condition} within {limit}");
            await Task.Delay(50);
        }
    }

    private static void Signal(string signal, int pid)
    {
        var result = ProcessRunner.Run("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, $"kill -{signal} {pid}: {result.Stderr}");
    }

    public static TheoryData<string, string> Bounds() =>
        new()
        {
            { "a connection without a bound of its own gets the engine's", "1min" },
            { "a connection with its own bound keeps it", "7s" },
        };

    [Theory]
    [MemberData(nameof(Bounds))]
    public async Task Every_apply_transaction_runs_bounded(string connection, string expected)
    {
        var pair = new DatabasePair(
            servers.Of(Majors.Production),
            "CREATE TABLE app.t (id int, note text);",
            "CREATE TABLE app.t (id int);"
        );
        var source = await pair.InspectSourceAsync();
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), new PlanOptions());
        var target = new NpgsqlConnectionStringBuilder(pair.TargetConnection);
        if (expected == "7s")
            target.Options = "-c idle_in_transaction_session_timeout=7000";
        await using var dataSource = NpgsqlDataSource.Create(target.ConnectionString);

        string? seen = null;
        var result = await PlanApplier.ApplyAsync(
            dataSource,
            source,
            plan,
            new ApplyOptions
            {
                AllowedHazards = plan.Hazards,
                BeforeCommit = async (c, t, ct) =>
                {
                    await using var command = new NpgsqlCommand("SELECT current_setting('idle_in_transaction_session_timeout')", c, t);
                    seen = (string?)await command.ExecuteScalarAsync(ct);
                },
            }
        );

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.True(expected == seen, $"{connection}: idle_in_transaction_session_timeout was {seen}, not {expected}");
    }

    [Fact]
    public async Task The_engines_connections_carry_the_bounds_and_a_callers_own_setting_wins()
    {
        var pair = new DatabasePair(servers.Of(Majors.Production), "", "");
        async Task<string> Show(string connectionString, string setting)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        var bounded = SessionBounds.Apply(pair.TargetConnection);
        Assert.Equal("1min", await Show(bounded, "idle_in_transaction_session_timeout"));
        Assert.Equal("10s", await Show(bounded, "client_connection_check_interval"));
        // Over a Unix-domain socket too (no TCP keepalives there; the server's settings still travel).
        var socket = new NpgsqlConnectionStringBuilder(pair.TargetConnection) { Host = pair.Server.SocketDirectory };
        Assert.Equal("1min", await Show(SessionBounds.Apply(socket.ConnectionString), "idle_in_transaction_session_timeout"));
        var own = new NpgsqlConnectionStringBuilder(pair.TargetConnection) { Options = "-c idle_in_transaction_session_timeout=5000" };
        Assert.Equal("5s", await Show(SessionBounds.Apply(own.ConnectionString), "idle_in_transaction_session_timeout"));
    }
}
