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
