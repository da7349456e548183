using Infra.TestSupport;
using SchemaSync.Applying;
using SchemaSync.Inspection;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>
/// Every folder under Fixtures/ is a case: from.sql builds the target (current), to.sql the source (desired),
/// hazards.txt lists the hazards the plan must carry (or "none"); optional setup.sql (run as the superuser first:
/// roles), renames.txt (old=new per line), backfills.txt (schema.table.column=SQL per line), options.txt ("concurrent-indexes",
/// "privileges"), check.sql (a query on
/// the target after apply that must return true: data kept), unsupported.txt (a change the engine refuses: the
/// plan's exact reasons, one per line; apply must refuse and leave the target as it was).
/// Each case runs on every supported major, on databases prepared as production prepares them, as the production
/// user: planned, checked, applied, inspected again and must then plan to nothing; on the major Debian's pg_dump
/// reads, pg_dump must also see the two schemas as equal.
/// </summary>
[Collection(PostgresServers.CollectionName)]
public sealed class FixtureTests(PostgresServers servers)
{
    private static readonly string FixturesRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static TheoryData<string, int> Fixtures()
    {
        var data = new TheoryData<string, int>();
        foreach (var directory in Directory.GetDirectories(FixturesRoot).Order(StringComparer.Ordinal))
        {
            foreach (var major in PostgresServers.Supported)
                data.Add(Path.GetFileName(directory), major);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Plans_applies_and_round_trips(string fixture, int major)
    {
        var directory = Path.Combine(FixturesRoot, fixture);
        string Read(string file) => File.Exists(Path.Combine(directory, file)) ? File.ReadAllText(Path.Combine(directory, file)) : "";
        var server = servers.Of(major);
        var pair = new DatabasePair(server, Read("to.sql"), Read("from.sql"), Read("setup.sql"));
        // One "name=value" per line.
        Dictionary<string, string> Pairs(string file) =>
            Read(file)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(p => p[0], p => p[1]);
        var options = new PlanOptions
        {
            Renames = Pairs("renames.txt"),
            Backfills = Pairs("backfills.txt"),
            ConcurrentIndexes = Read("options.txt").Contains("concurrent-indexes", StringComparison.Ordinal),
        };

        var privileges = Read("options.txt").Contains("privileges", StringComparison.Ordinal);
        var inspection = new InspectionOptions { IncludePrivileges = privileges };
        var source = await pair.InspectSourceAsync(inspection);
        var plan = Planner.Create(source, await pair.InspectTargetAsync(inspection), options);

        if (Read("unsupported.txt") is { Length: > 0 } refused)
        {
            await AssertRefusedAsync(pair, source, plan, refused, inspection);
            return;
        }
        var expectedHazards = Read("hazards.txt")
            .Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Where(h => h != "none")
            .Order(StringComparer.Ordinal);
        Assert.True(plan.Unsupported.Count == 0, string.Join('\n', plan.Unsupported));
        Assert.False(plan.IsEmpty, "the fixture's databases should differ");
        Assert.Equal(expectedHazards, plan.Hazards.Select(h => h.ToString()).Order(StringComparer.Ordinal));
        foreach (var statement in plan.Statements)
        {
            foreach (var hazard in statement.Hazards)
                Assert.True(
                    HazardTable.Lists(hazard.ToString(), statement.Sql),
                    $"hazards.json does not list this statement under {hazard}: {statement.Sql.Split('\n')[0]}"
                );
        }
        var target = await pair.InspectTargetAsync(inspection);
        Assert.Equal(plan.Hash, Planner.Create(source, target, options).Hash);
        // The generators' run order decides nothing: shuffled, they give the byte-identical plan.
        var random = new Random(fixture.Length * 31 + major);
        for (var i = 0; i < 3; i++)
        {
            var shuffled = Enumerable.Range(0, Planner.Generators.Count).OrderBy(_ => random.Next()).ToList();
            Assert.True(
                PlanFormatter.Sql(plan) == PlanFormatter.Sql(Planner.Create(source, target, options, shuffled)),
                $"run order {string.Join(',', shuffled)} changed the plan"
            );
        }

        await RoundTrip.AssertAppliesAsync(pair, major, source, plan, options, inspection, privileges);
        if (Read("check.sql") is { Length: > 0 } check)
            Assert.True(pair.QueryTarget<bool>(check), $"check.sql returned false: data was not kept\n{check}");
    }

    /// <summary>A refused change: exactly the expected reasons, and apply refuses without touching the target.</summary>
    private static async Task AssertRefusedAsync(
        DatabasePair pair,
        SchemaSync.Model.DatabaseModel source,
        Plan plan,
        string expected,
        InspectionOptions inspection
    )
    {
        Assert.Equal(expected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), plan.Unsupported);
        await RoundTrip.AssertApplyRefusesAsync(pair, source, plan, inspection);
    }
}
