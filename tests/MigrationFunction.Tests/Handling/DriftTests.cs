using System.Text;
using System.Text.Json;
using Infra.TestSupport;
using MigrationFunction.Handling.Actions;

namespace MigrationFunction.Tests.Handling;

/// <summary>The drift check: PROD compared with the catalog its latest applied revision kept, as the plan-only function's
/// read-only user.</summary>
[Collection(TlsPostgresCollection.Name)]
public sealed class DriftTests(TlsPostgres postgres) : IDisposable
{
    private const string Dev =
        "CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL, price numeric); CREATE INDEX items_name ON app.items (name);";
    private const string Prod = "CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL);";
    private readonly S3Server _s3 = new();

    public void Dispose() => _s3.Dispose();

    private static async Task<string> ApplyAsync(FunctionHarness harness)
    {
        var hash = (await harness.InvokeAsync("""{"action":"plan"}""")).GetProperty("planHash").GetString()!;
        var request = JsonSerializer.Serialize(
            new
            {
                action = "apply",
                expectedPlanHash = hash,
                allowHazards = new[] { "AcquiresAccessExclusiveLock", "IndexBuild" },
            }
        );
        var applied = await harness.InvokeAsync(request);
        Assert.True(applied.GetProperty("statusCode").GetInt32() == 200, applied.ToString());
        return applied.GetProperty("revision").GetString()!["s3://revisions/".Length..];
    }

    private static async Task<string> DriftAsync(FunctionHarness harness, string user)
    {
        await using var output = await harness
            .PlanOnlyHandler(user)
            .Handle(new MemoryStream(Encoding.UTF8.GetBytes("""{"action":"drift"}""")));
        return JsonDocument.Parse(output).RootElement.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task Finds_nothing_before_the_first_apply_and_nothing_right_after_one()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var reader = harness.PlanOnlyUser();

        Assert.StartsWith("no applied revision yet", await DriftAsync(harness, reader), StringComparison.Ordinal);
        var key = await ApplyAsync(harness);

        Assert.StartsWith("no drift", await DriftAsync(harness, reader), StringComparison.Ordinal);
        var snapshot = JsonDocument.Parse((await harness.Store.GetAsync($"{key}/catalog.json", default))!).RootElement;
        Assert.Contains(snapshot.EnumerateObject(), entry => entry.Name.StartsWith("Indexes ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fails_the_invocation_naming_every_object_changed_by_hand()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var reader = harness.PlanOnlyUser();
        await ApplyAsync(harness);

        // By hand, as the owner would: an index added, one dropped, a column changed, a table added.
        harness.RunAsUser(
            harness.Prod,
            "CREATE INDEX items_price_by_hand ON app.items (price); DROP INDEX app.items_name; "
                + "ALTER TABLE app.items ALTER COLUMN name DROP NOT NULL; CREATE TABLE app.notes (body text);"
        );

        var drift = await Assert.ThrowsAsync<SchemaDriftException>(() => DriftAsync(harness, reader));

        Assert.Contains("items_price_by_hand (added)", drift.Message, StringComparison.Ordinal);
        Assert.Contains("items_name (dropped)", drift.Message, StringComparison.Ordinal);
        Assert.Contains("name (changed)", drift.Message, StringComparison.Ordinal);
        Assert.Contains("notes (added)", drift.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("price (", drift.Message, StringComparison.Ordinal);
        Assert.Contains("\"statusCode\":409", harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_only_that_the_catalog_changed_for_a_revision_kept_without_a_snapshot()
    {
        var harness = new FunctionHarness(postgres, _s3, Dev, Prod);
        var reader = harness.PlanOnlyUser();
        var key = await ApplyAsync(harness);
        // A revision applied before snapshots were kept: its record has the hash after apply, and no catalog.json.
        harness.Store = new WithoutSnapshots(harness.Store);

        Assert.StartsWith("no drift", await DriftAsync(harness, reader), StringComparison.Ordinal);
        harness.RunAsUser(harness.Prod, "CREATE TABLE app.notes (body text);");
        var drift = await Assert.ThrowsAsync<SchemaDriftException>(() => DriftAsync(harness, reader));
        Assert.Contains(key["revisions/".Length..].Split('/')[^1], drift.Message, StringComparison.Ordinal);
        Assert.Contains("the catalog's hash", drift.Message, StringComparison.Ordinal);
    }

    /// <summary>The real store, with every catalog.json gone (revisions from before snapshots were kept).</summary>
    private sealed class WithoutSnapshots(MigrationFunction.Revisions.IRevisionStore store) : MigrationFunction.Revisions.IRevisionStore
    {
        public string UriOf(string key) => store.UriOf(key);

        public Task PutAsync(string key, string contentType, string body, CancellationToken cancellationToken) =>
            store.PutAsync(key, contentType, body, cancellationToken);

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
            key.EndsWith("/catalog.json", StringComparison.Ordinal)
                ? Task.FromResult<string?>(null)
                : store.GetAsync(key, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
            store.ListAsync(prefix, cancellationToken);
    }
}
