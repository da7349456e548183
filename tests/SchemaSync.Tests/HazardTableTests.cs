using System.Text.RegularExpressions;
using Infra.TestSupport;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>hazards.json is the one definition: the enum, the README's table, the release workflow and the fixtures agree with
/// it.</summary>
public sealed partial class HazardTableTests
{
    public static TheoryData<string> Hazards() => [.. HazardTable.Rows.Select(r => r.Name)];

    [Fact]
    public void Lists_every_hazard_of_the_engine_once()
    {
        Assert.Equal(
            Enum.GetNames<Hazard>().Order(StringComparer.Ordinal),
            HazardTable.Rows.Select(r => r.Name).Order(StringComparer.Ordinal)
        );
    }

    [Theory]
    [MemberData(nameof(Hazards))]
    public void Row_is_in_the_readme_as_defined_and_carried_by_a_fixture(string hazard)
    {
        var row = HazardTable.Rows.Single(r => r.Name == hazard);
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "lambda-src", "README.md"));
        var line = readme.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{hazard}` |", StringComparison.Ordinal));

        Assert.True(line is not null, $"lambda-src/README.md has no hazard table row for {hazard}");
        var cells = line.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(row.Meaning, cells[2]);
        Assert.Equal(string.Join("; ", row.Statements.Select(s => $"`{s}`")), cells[3]);
        Assert.Equal($"{(row.Release ? "yes" : "no")}: {row.ReleaseReason}", cells[4]);
        Assert.True(row.ReleaseReason.Length > 20, $"{hazard} needs a reason why a release may or may not apply it");
        var fixtures = Directory
            .GetDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures"))
            .Where(d =>
                File.ReadAllText(Path.Combine(d, "hazards.txt"))
                    .Split([' ', '\n', ','], StringSplitOptions.RemoveEmptyEntries)
                    .Contains(hazard)
            );
        Assert.NotEmpty(fixtures);
    }

    [Fact]
    public void Release_allows_exactly_the_release_hazards_read_from_the_definition()
    {
        // release.yml applies through scripts/ci/apply-schema, which reads the list with this jq filter.
        var script = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "scripts", "ci", "lib.sh"));
        var filter = ReleaseFilter().Match(script);
        Assert.True(filter.Success, "scripts/ci/lib.sh no longer reads the release hazards from hazards.json");
        Assert.Contains("HAZARDS=\"$ROOT/contract/hazards.json\"", script, StringComparison.Ordinal);
        var result = ProcessRunner.Run("jq", ["-c", filter.Groups[1].Value, HazardTable.File]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"[{string.Join(',', HazardTable.Rows.Where(r => r.Release).Select(r => $"\"{r.Name}\""))}]", result.Stdout.Trim());
        Assert.DoesNotContain(
            "allowHazards: [\"",
            File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".github", "workflows", "release.yml")),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("DeletesData", "ALTER TABLE app.t DROP COLUMN note", true)]
    [InlineData("DeletesData", "ALTER TABLE app.t ADD COLUMN note text", false)]
    [InlineData("IndexBuild", "CREATE UNIQUE INDEX CONCURRENTLY i ON app.t USING btree (a)", true)]
    [InlineData("LossyConversion", "ALTER TABLE app.t ALTER COLUMN v TYPE integer USING v::integer", true)]
    [InlineData("LossyConversion", "ALTER TABLE app.t ALTER COLUMN v SET NOT NULL", false)]
    public void Matches_statements_by_the_listed_patterns(string hazard, string sql, bool listed)
    {
        Assert.Equal(listed, HazardTable.Lists(hazard, sql));
    }

    // The jq filter in scripts/ci/lib.sh that turns hazards.json into the release's allowHazards.
    [GeneratedRegex(@"release_hazards\(\) \{ jq -c '([^']+)' ""\$HAZARDS""; \}")]
    private static partial Regex ReleaseFilter();
}
