using System.Text.Json;
using Infra.TestSupport;
using Npgsql;

namespace MigrationFunction.Tests.Handling;

[Collection(TlsPostgresCollection.Name)]
public sealed class HandlerTests(TlsPostgres postgres) : IDisposable
{
    private const string Dev =
        "CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL, price numeric); CREATE INDEX items_name ON app.items (name);";
    private const string Prod =
        "CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL); INSERT INTO app.items VALUES (1, 'kept');";
    private readonly S3Server _s3 = new();

    public void Dispose() => _s3.Dispose();

    private static string ApplyRequest(string hash, params string[] hazards) =>
        JsonSerializer.Serialize(
            new
            {
                action = "apply",
                expectedPlanHash = hash,
                allowHazards = hazards,
                requestedBy = "octocat (run 42)",
            }
        );

    [Fact]
    public async Task Plans_then_applies_the_reviewed_plan_and_keeps_the_revision_in_s3_and_the_journal()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);

        var plan = await harness.InvokeAsync("""{"action":"plan"}""");
        Assert.Equal(200, plan.GetProperty("statusCode").GetInt32());
        var hash = plan.GetProperty("planHash").GetString()!;
        Assert.Equal(2, plan.GetProperty("statements").GetArrayLength());
        Assert.Empty(await harness.Store.ListAsync(harness.Prefix, default));

        var applied = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));

        Assert.True(applied.GetProperty("statusCode").GetInt32() == 200, applied.ToString());
        var revision = applied.GetProperty("revision").GetString()!;
        Assert.StartsWith($"s3://revisions/{harness.Prefix}", revision, StringComparison.Ordinal);
        var key = revision["s3://revisions/".Length..];
        var record = JsonDocument.Parse((await harness.Store.GetAsync($"{key}/record.json", default))!).RootElement;
        Assert.Equal("applied", record.GetProperty("status").GetString());
        Assert.Equal(hash, record.GetProperty("planHash").GetString());
        Assert.NotEqual(record.GetProperty("targetHashBefore").GetString(), record.GetProperty("targetHashAfter").GetString());
        Assert.Contains("octocat (run 42)", record.GetProperty("requestId").GetString(), StringComparison.Ordinal);
        Assert.Contains(
            "ALTER TABLE app.items ADD COLUMN price numeric;",
            (await harness.Store.GetAsync($"{key}/plan.sql", default))!,
            StringComparison.Ordinal
        );
        Assert.Equal(hash, harness.QueryProd<string>("SELECT plan_hash FROM schema_sync.journal"));
        Assert.Equal("kept", harness.QueryProd<string>("SELECT name FROM app.items WHERE id = 1"));
        Assert.Equal(0, (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("statements").GetArrayLength());
        var status = await harness.InvokeAsync("""{"action":"status"}""");
        Assert.Equal(hash, status.GetProperty("revisions")[0].GetProperty("planHash").GetString());
        Assert.Contains("\"level\":\"info\"", harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diffs_and_applies_grants_only_when_the_request_asks_for_privileges()
    {
        var harness = new FunctionHarness(
            postgres,
            _s3,
            "CREATE TABLE app.items (id int PRIMARY KEY, name text); GRANT TRUNCATE ON app.items TO app;",
            "CREATE TABLE app.items (id int PRIMARY KEY, name text);"
        );

        var without = await harness.InvokeAsync("""{"action":"plan"}""");
        var with = await harness.InvokeAsync("""{"action":"plan","privileges":true}""");

        Assert.Equal(0, without.GetProperty("statements").GetArrayLength());
        var statements = with.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("sql").GetString()).ToList();
        Assert.Contains("GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON TABLE app.items TO app", statements);
        var hash = with.GetProperty("planHash").GetString()!;
        var applied = await harness.InvokeAsync(
            JsonSerializer.Serialize(
                new
                {
                    action = "apply",
                    expectedPlanHash = hash,
                    allowHazards = new[] { "ChangesBehaviour" },
                    privileges = true,
                    requestedBy = "octocat",
                }
            )
        );
        Assert.True(applied.GetProperty("statusCode").GetInt32() == 200, applied.ToString());
        Assert.True(harness.QueryProd<bool>("SELECT has_table_privilege('app', 'app.items', 'TRUNCATE')"));
        Assert.Equal(0, (await harness.InvokeAsync("""{"action":"plan","privileges":true}""")).GetProperty("statements").GetArrayLength());
    }

    [Fact]
    public async Task Status_reads_the_stored_records_status_and_rewrites_only_one_that_lags_the_journal()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        var key = (await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild")))
            .GetProperty("revision")
            .GetString()!["s3://revisions/".Length..];
        var stored = (await harness.Store.GetAsync($"{key}/record.json", default))!;

        // The same record written by another tool (indented): still applied, nothing to rewrite.
        var indented = JsonSerializer.Serialize(JsonDocument.Parse(stored).RootElement, new JsonSerializerOptions { WriteIndented = true });
        await harness.Store.PutAsync($"{key}/record.json", "application/json", indented, default);
        Assert.Equal("1 revision(s)", (await harness.InvokeAsync("""{"action":"status"}""")).GetProperty("message").GetString());

        // Still pending in S3 (the post-commit write failed): the applying function's status rewrites it from the journal.
        await harness.Store.PutAsync(
            $"{key}/record.json",
            "application/json",
            stored.Replace("\"status\":\"applied\"", "\"status\":\"pending\"", StringComparison.Ordinal),
            default
        );
        Assert.Equal(
            "1 revision(s); rewrote 1 S3 record(s) from the journal",
            (await harness.InvokeAsync("""{"action":"status"}""")).GetProperty("message").GetString()
        );
        Assert.Equal(
            "applied",
            JsonDocument.Parse((await harness.Store.GetAsync($"{key}/record.json", default))!).RootElement.GetProperty("status").GetString()
        );
    }

    [Theory]
    [InlineData("{not json", "malformed JSON request")]
    [InlineData("""{"action":"drop-everything"}""", "action: 'drop-everything' is not one of plan, apply, status")]
    [InlineData("""{"action":"apply"}""", "expectedPlanHash: apply needs the hash of the reviewed plan")]
    [InlineData("""{"action":"apply","expectedPlanHash":"x","allowHazards":["Everything"]}""", "allowHazards: 'Everything' is not one of")]
    [InlineData("""{"action":"plan","alowHazards":[]}""", "malformed JSON request")]
    [InlineData(
        """{"action":"plan","renames":{"app.gone":"items2"}}""",
        "rename hint 'app.gone=items2': no table, column or enum value 'app.gone' in the target"
    )]
    [InlineData(
        """{"action":"plan","renames":{"app.items.name":"title"}}""",
        "rename hint 'app.items.name=title': the source has no column app.items.title to rename to"
    )]
    public async Task Answers_400_naming_the_problem_and_applies_nothing(string request, string expected)
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);

        var response = await harness.InvokeAsync(request);

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Contains(expected, response.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(harness.QueryProd<object?>("SELECT to_regclass('schema_sync.journal')::text") as string);
    }

    [Fact]
    public async Task Refuses_in_the_plan_a_removed_label_rows_still_hold_and_a_type_change_with_no_cast()
    {
        // Both checks ask PROD on one connection: the label check reads rows, the cast check asks the server.
        var harness = new FunctionHarness(
            postgres,
            _s3,
            "CREATE TYPE app.mood AS ENUM ('ok'); CREATE TABLE app.t (m app.mood, at timestamptz);",
            "CREATE TYPE app.mood AS ENUM ('ok', 'sad'); CREATE TABLE app.t (m app.mood, at bigint); INSERT INTO app.t VALUES ('sad', 1);"
        );

        var plan = await harness.InvokeAsync("""{"action":"plan"}""");

        Assert.True(plan.GetProperty("statusCode").GetInt32() == 200, plan.ToString());
        var unsupported = plan.GetProperty("unsupported").EnumerateArray().Select(u => u.GetString()!).ToList();
        Assert.Contains(unsupported, u =>
            u.StartsWith("enum app.mood: label 'sad' is removed but rows of app.t.m still hold it", StringComparison.Ordinal)
        );
        Assert.Contains(unsupported, u =>
            u.StartsWith("column app.t.at: PostgreSQL has no cast from bigint to timestamp with time zone", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Plans_as_a_read_only_user_in_the_plan_only_function_and_refuses_apply_with_403()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var reader = harness.PlanOnlyUser();

        var plan = await harness.InvokePlanOnlyAsync(reader, """{"action":"plan"}""");
        Assert.True(plan.GetProperty("statusCode").GetInt32() == 200, plan.ToString());
        var hash = plan.GetProperty("planHash").GetString()!;
        Assert.Equal(hash, (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString());

        var apply = await harness.InvokePlanOnlyAsync(reader, ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));

        Assert.Equal(403, apply.GetProperty("statusCode").GetInt32());
        Assert.Contains("plan-only function", apply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await harness.Store.ListAsync(harness.Prefix, default));
        Assert.Equal(
            0L,
            harness.QueryProd<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.items'::regclass AND attname = 'price'")
        );
    }

    [Fact]
    public async Task Reports_lagging_s3_records_in_the_plan_only_status_without_writing_them()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var reader = harness.PlanOnlyUser();
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        var applied = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));
        var key = applied.GetProperty("revision").GetString()!["s3://revisions/".Length..] + "/record.json";
        await harness.Store.PutAsync(key, "application/json", "{\"status\":\"pending\"}", default);

        var status = await harness.InvokePlanOnlyAsync(reader, """{"action":"status"}""");

        Assert.True(status.GetProperty("statusCode").GetInt32() == 200, status.ToString());
        Assert.Contains("1 S3 record(s) lag the journal", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("{\"status\":\"pending\"}", await harness.Store.GetAsync(key, default));
    }

    [Fact]
    public async Task Refuses_a_plan_hash_other_than_the_reviewed_one()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);

        var response = await harness.InvokeAsync(ApplyRequest(new string('0', 64), "AcquiresAccessExclusiveLock", "IndexBuild"));

        Assert.Equal(409, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("not the reviewed", response.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await harness.Store.ListAsync(harness.Prefix, default));
        Assert.Equal(
            0L,
            harness.QueryProd<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.items'::regclass AND attname = 'price'")
        );
    }

    [Fact]
    public async Task Refuses_hazards_not_allowed_before_anything_is_written()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;

        var response = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock"));

        Assert.Equal(422, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("[IndexBuild] CREATE INDEX items_name", response.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await harness.Store.ListAsync(harness.Prefix, default));
    }

    [Fact]
    public async Task Applies_nothing_when_s3_is_unreachable()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        _s3.Stop();

        var response = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));

        Assert.Equal(503, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("nothing was applied", response.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            0L,
            harness.QueryProd<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.items'::regclass AND attname = 'price'")
        );
    }

    [Fact]
    public async Task Keeps_the_journal_when_s3_fails_after_the_commit_and_status_restores_the_record()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        var realStore = harness.Store;
        harness.Store = new FailingAfter(realStore, successfulPuts: 2);

        var response = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));

        Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("applied and journaled", response.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(hash, harness.QueryProd<string>("SELECT plan_hash FROM schema_sync.journal"));
        var key = response.GetProperty("revision").GetString()!["s3://revisions/".Length..] + "/record.json";
        Assert.Contains("\"status\":\"pending\"", (await realStore.GetAsync(key, default))!, StringComparison.Ordinal);

        harness.Store = realStore;
        var status = await harness.InvokeAsync("""{"action":"status"}""");

        Assert.Contains("rewrote 1 S3 record(s) from the journal", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"status\":\"applied\"", (await realStore.GetAsync(key, default))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rolls_back_when_the_connection_drops_mid_apply()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        // Another session holds the table, so the apply waits on its lock; then its connection is cut.
        await using var blocker = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString(harness.Prod))
            {
                Host = postgres.Server.SocketDirectory,
            }.ConnectionString
        );
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE app.items IN ACCESS EXCLUSIVE MODE", blocker, hold))
            await lockTable.ExecuteNonQueryAsync();

        var apply = harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));
        // From a third session outside any transaction: pg_stat_activity is a snapshot per transaction.
        await using var watcher = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString(harness.Prod))
            {
                Host = postgres.Server.SocketDirectory,
            }.ConnectionString
        );
        await watcher.OpenAsync();
        await using (
            var cut = new NpgsqlCommand(
                $"""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = '{harness.Prod}' AND application_name = 'schema-sync' AND wait_event_type = 'Lock'
                """,
                watcher
            )
        )
        {
            var terminated = 0L;
            for (var attempt = 0; attempt < 100 && terminated == 0; attempt++)
            {
                terminated = (long)(await cut.ExecuteScalarAsync())!;
                if (terminated == 0)
                    await Task.Delay(50);
            }
            Assert.Equal(1L, terminated);
        }
        var response = await apply;
        await hold.RollbackAsync();

        Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
        // The revision's record ends as failed, saying why; never left pending.
        Assert.Equal(["failed"], await StatusesAsync(harness));
        Assert.Equal(
            0L,
            harness.QueryProd<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.items'::regclass AND attname = 'price'")
        );
        Assert.Null(harness.QueryProd<object?>("SELECT to_regclass('schema_sync.journal')::text") as string);
        Assert.Equal("kept", harness.QueryProd<string>("SELECT name FROM app.items WHERE id = 1"));
    }

    [Fact]
    public async Task Lets_exactly_one_of_two_concurrent_applies_change_the_target()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;

        var responses = await Task.WhenAll(
            harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild")),
            harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"))
        );

        // One applies; the other finds the lock held (409, its record ends refused) or, planning after the commit, the
        // plan already applied (200, nothing applied again).
        var winner = Assert.Single(responses, r =>
            r.TryGetProperty("message", out var m) && m.GetString()!.StartsWith("applied", StringComparison.Ordinal)
        );
        var other = Assert.Single(responses, r => !r.Equals(winner));
        Assert.True(
            other.GetProperty("statusCode").GetInt32() == 409
                || other.GetProperty("message").GetString()!.StartsWith("already applied", StringComparison.Ordinal),
            other.ToString()
        );
        Assert.Equal(1L, harness.QueryProd<long>("SELECT count(*) FROM schema_sync.journal"));
        Assert.DoesNotContain("pending", await StatusesAsync(harness));
    }

    [Fact]
    public async Task Answers_a_retry_of_a_committed_apply_with_its_revision_and_applies_nothing_again()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        var first = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));
        Assert.Equal(200, first.GetProperty("statusCode").GetInt32());

        var retry = await harness.InvokeAsync(ApplyRequest(hash, "AcquiresAccessExclusiveLock", "IndexBuild"));

        Assert.True(retry.GetProperty("statusCode").GetInt32() == 200, retry.ToString());
        Assert.StartsWith("already applied as revision ", retry.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.GetProperty("revision").GetString(), retry.GetProperty("revision").GetString());
        Assert.Equal(1L, harness.QueryProd<long>("SELECT count(*) FROM schema_sync.journal"));
        Assert.Equal(["applied"], await StatusesAsync(harness));
    }

    /// <summary>The status of every revision record the store holds.</summary>
    private static async Task<List<string>> StatusesAsync(FunctionHarness harness)
    {
        var statuses = new List<string>();
        foreach (
            var key in (await harness.Store.ListAsync(harness.Prefix, default)).Where(k =>
                k.EndsWith("/record.json", StringComparison.Ordinal)
            )
        )
            statuses.Add(JsonDocument.Parse((await harness.Store.GetAsync(key, default))!).RootElement.GetProperty("status").GetString()!);
        return statuses;
    }

    /// <summary>Stands in for S3 failing after some successful writes.</summary>
    private sealed class FailingAfter(Revisions.IRevisionStore inner, int successfulPuts) : Revisions.IRevisionStore
    {
        private int _puts;

        public string UriOf(string key) => inner.UriOf(key);

        public Task PutAsync(string key, string contentType, string body, CancellationToken cancellationToken) =>
            ++_puts > successfulPuts
                ? throw new HttpRequestException("S3 stand-in: connection reset")
                : inner.PutAsync(key, contentType, body, cancellationToken);

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
            inner.ListAsync(prefix, cancellationToken);
    }
}
