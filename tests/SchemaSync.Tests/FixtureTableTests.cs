using Infra.TestSupport;

namespace SchemaSync.Tests;

/// <summary>
/// lambda-src/README.md's fixture table (printed by scripts/bench-schema-sync) names every fixture once, and its
/// schema-sync column says what the fixture proves: a round trip, or a refusal for the fixtures with unsupported.txt.
/// The migra column is only what the benchmark measured; re-run it when this test names a missing row.
/// </summary>
public sealed class FixtureTableTests
{
    [Fact]
    public void The_readme_table_lists_every_fixture_with_what_schema_sync_does_with_it()
    {
        var fixtures = Directory
            .GetDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures"))
            .ToDictionary(
                d => Path.GetFileName(d)!,
                d => File.Exists(Path.Combine(d, "unsupported.txt")) ? "pass: refused, naming why" : "pass",
                StringComparer.Ordinal
            );
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "lambda-src", "README.md")).Split('\n');
        var rows = readme
            .SkipWhile(l => !l.StartsWith("| fixture | schema-sync round trip", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => !l.StartsWith("| **total**", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1], c => c[2], StringComparer.Ordinal);

        Assert.Equal(fixtures.OrderBy(f => f.Key, StringComparer.Ordinal), rows.OrderBy(r => r.Key, StringComparer.Ordinal));
        var total = readme.Single(l => l.StartsWith("| **total**", StringComparison.Ordinal));
        Assert.StartsWith($"| **total** | **{fixtures.Count}/{fixtures.Count}** |", total, StringComparison.Ordinal);
    }
}
