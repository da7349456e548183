using Infra.TestSupport;
using Npgsql;
using SchemaSync.Applying;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>Faults during apply: in each, the target keeps its schema and its data.</summary>
[Collection(PostgresServers.CollectionName)]
public sealed class ApplySafetyTests(PostgresServers servers)
{
    private readonly PostgresServer server = servers.Of(Majors.Production);

    private static readonly ApplyOptions AllowAll = new() { AllowedHazards = Enum.GetValues<Hazard>() };

    private async Task<(DatabasePair Pair, DatabaseModel Source, Plan Plan)> PlanAsync(string to, string from)
    {
        var pair = new DatabasePair(server, to, from);
        var source = await pair.InspectSourceAsync();
        return (pair, source, Planner.Create(source, await pair.InspectTargetAsync()));
    }

    [Fact]
    public async Task Rolls_back_everything_when_a_statement_fails_half_way()
    {
        // The new table and column are planned before SET NOT NULL, which fails on the existing NULL.
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.t (id int PRIMARY KEY, name text NOT NULL, extra int); CREATE TABLE app.added (id int);",
            "CREATE TABLE app.t (id int PRIMARY KEY, name text); INSERT INTO app.t VALUES (1, NULL);");
        var before = (await pair.InspectTargetAsync()).ComputeHash();

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Contains("rolled back", result.Message, StringComparison.Ordinal);
        Assert.Contains("SET NOT NULL", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Applied);
        Assert.Equal(before, (await pair.InspectTargetAsync()).ComputeHash());
        Assert.Equal(1L, pair.QueryTarget<long>("SELECT count(*) FROM app.t WHERE name IS NULL"));
    }

    [Fact]
    public async Task Refuses_a_target_that_drifted_after_planning()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");
        pair.ExecuteTarget("ALTER TABLE app.t ADD COLUMN sneaky int");
        var drifted = (await pair.InspectTargetAsync()).ComputeHash();

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);

        Assert.Equal(ApplyOutcome.TargetDrifted, result.Outcome);
        Assert.Equal(drifted, (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Fact]
    public async Task Refuses_a_second_apply_while_one_holds_the_lock()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");
        await using var other = new NpgsqlConnection(pair.TargetConnection);
        await other.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({PlanApplier.AdvisoryLockKey})", other))
            await lockCommand.ExecuteScalarAsync();

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);

        Assert.Equal(ApplyOutcome.Busy, result.Outcome);
        Assert.NotEqual(source.ComputeHash(), (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Fact]
    public async Task Serialises_two_concurrent_applies_so_exactly_one_changes_the_target()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");

        var results = await Task.WhenAll(
            PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll),
            PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll));

        Assert.Single(results, r => r.Outcome == ApplyOutcome.Applied);
        Assert.Single(results, r => r.Outcome is ApplyOutcome.Busy or ApplyOutcome.TargetDrifted);
        Assert.Equal(source.ComputeHash(), (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Fact]
    public async Task Refuses_hazards_not_allowed_and_names_the_statements()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int);", "CREATE TABLE app.t (id int, important text);");

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, new ApplyOptions { AllowedHazards = [Hazard.AcquiresAccessExclusiveLock] });

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("[DeletesData] ALTER TABLE app.t DROP COLUMN important", result.Message, StringComparison.Ordinal);
        Assert.Contains(pair.QueryTarget<string>("SELECT string_agg(attname::text, ',') FROM pg_attribute WHERE attrelid = 'app.t'::regclass AND attnum > 0"), "id,important");
    }

    [Fact]
    public async Task Reports_no_changes_for_equal_schemas_whatever_the_column_order()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (a int, b text, c date);", "CREATE TABLE app.t (c date, a int, b text);");

        Assert.True(plan.IsEmpty, string.Join('\n', plan.Statements.Select(s => s.Sql)));
        Assert.Equal(source.ComputeHash(), (await pair.InspectTargetAsync()).ComputeHash());
        Assert.Equal(ApplyOutcome.NoChanges, (await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan)).Outcome);
    }

    [Fact]
    public async Task Never_diffs_or_drops_excluded_objects()
    {
        var (_, _, plan) = await PlanAsync(
            "CREATE TABLE app.t (id int);",
            "CREATE TABLE app.t (id int); CREATE TABLE app.alembic_version (version_num varchar(32)); CREATE TABLE schema_sync.journal (id int);");

        Assert.True(plan.IsEmpty, string.Join('\n', plan.Statements.Select(s => s.Sql)));
    }

    [Fact]
    public async Task Ignores_objects_owned_by_extensions()
    {
        var (pair, _, _) = await PlanAsync("", "");
        pair.ExecuteTarget("CREATE EXTENSION citext");

        var model = await pair.InspectTargetAsync();

        Assert.Single(model.Extensions);
        Assert.DoesNotContain(model.Functions, f => f.Name.Contains("citext", StringComparison.Ordinal));
        Assert.Empty(model.Enums.Concat<ISchemaObject>(model.Domains).Concat(model.CompositeTypes));
    }

    [Fact]
    public async Task Plans_deterministically_byte_for_byte()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.b (id int PRIMARY KEY); CREATE TABLE app.a (id int PRIMARY KEY, b_id int REFERENCES app.b); CREATE INDEX a_b ON app.a (b_id); CREATE VIEW app.v AS SELECT * FROM app.a;",
            "");
        var again = Planner.Create(await pair.InspectSourceAsync(), await pair.InspectTargetAsync());

        Assert.Equal(PlanFormatter.Sql(plan), PlanFormatter.Sql(again));
        Assert.Equal(plan.Hash, again.Hash);
        Assert.Equal(source.ComputeHash(), plan.SourceHash);
    }

    [Fact]
    public async Task Drops_the_invalid_index_a_failed_concurrent_build_leaves_and_says_what_was_applied()
    {
        var pair = new DatabasePair(server,
            "CREATE TABLE app.t (id int, email text, note text); CREATE UNIQUE INDEX t_email ON app.t (email);",
            "CREATE TABLE app.t (id int, email text); INSERT INTO app.t VALUES (1, 'a@x'), (2, 'a@x');");
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = true };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);
        Assert.Contains(plan.Statements, s => !s.Transactional && s.Sql.Contains("CONCURRENTLY", StringComparison.Ordinal));

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        Assert.Equal(ApplyOutcome.PartiallyApplied, result.Outcome);
        Assert.Contains("dropped the invalid index app.t_email", result.Message, StringComparison.Ordinal);
        Assert.Equal(["ALTER TABLE app.t ADD COLUMN note text"], result.Applied.Select(s => s.Sql));
        Assert.Equal(0L, pair.QueryTarget<long>("SELECT count(*) FROM pg_class WHERE relname = 't_email'"));
    }

    [Fact]
    public async Task Says_what_it_cannot_change_safely_and_refuses_to_apply_it()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.m (id int, at date) PARTITION BY RANGE (at);",
            "CREATE TABLE app.m (id int, at date);");

        var reason = Assert.Single(plan.Unsupported);
        Assert.Contains("table app.m: partitioning changes (plain table -> partitioned by RANGE (at))", reason, StringComparison.Ordinal);
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);
        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("cannot be made safely", result.Message, StringComparison.Ordinal);
        Assert.Contains("-- UNSUPPORTED: table app.m", PlanFormatter.Sql(plan), StringComparison.Ordinal);
    }
}
