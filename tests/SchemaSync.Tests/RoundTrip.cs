using Infra.TestSupport;
using SchemaSync.Applying;
using SchemaSync.Inspection;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>
/// What every synced pair must show after apply, whoever wrote the change (a fixture or a generator): the apply
/// succeeds as the production user, the target then plans to nothing and hashes as the source, pg_dump (on the major
/// Debian's pg_dump reads) sees no difference, and a plan without DeletesData keeps every row.
/// </summary>
internal static class RoundTrip
{
    /// <summary>Applies <paramref name="plan"/> to the pair's target and asserts the target became the source.</summary>
    public static async Task AssertAppliesAsync(
        DatabasePair pair,
        int major,
        DatabaseModel source,
        Plan plan,
        PlanOptions options,
        InspectionOptions inspection,
        bool privileges = false
    )
    {
        var rowsBefore = RowCounts(pair, source);
        var result = await PlanApplier.ApplyAsync(
            pair.TargetConnection,
            source,
            plan,
            new ApplyOptions
            {
                AllowedHazards = Enum.GetValues<Hazard>(),
                Plan = options,
                Inspection = inspection,
            }
        );

        Assert.True(
            result.Outcome == ApplyOutcome.Applied,
            $"{result.Outcome}: {result.Message}\n--- plan ---\n{string.Join(";\n", plan.Statements.Select(s => s.Sql))}"
        );
        var again = Planner.Create(source, await pair.InspectTargetAsync(inspection));
        Assert.True(again.IsEmpty, "after apply the target still differs:\n" + string.Join(";\n", again.Statements.Select(s => s.Sql)));
        Assert.Equal(source.ComputeHash(), (await pair.InspectTargetAsync(inspection)).ComputeHash());
        if (major == DumpJudge.Major)
        {
            var (onlyInSource, onlyInTarget) = DumpJudge.Compare(pair.Server, pair.Source, pair.Target, privileges);
            Assert.True(
                onlyInSource.Count + onlyInTarget.Count == 0,
                $"pg_dump sees a difference the engine left:\n--- only in the source ---\n{string.Join('\n', onlyInSource)}\n--- only "
                    + $"in the target ---\n{string.Join('\n', onlyInTarget)}"
            );
        }
        if (!plan.Hazards.Contains(Hazard.DeletesData))
        {
            var rowsAfter = RowCounts(pair, source);
            Assert.All(rowsBefore, table => Assert.Equal(table.Value, rowsAfter.GetValueOrDefault(table.Key, -1)));
        }
    }

    /// <summary>A refused plan: apply refuses it and leaves the target's schema as it was.</summary>
    public static async Task AssertApplyRefusesAsync(DatabasePair pair, DatabaseModel source, Plan plan, InspectionOptions inspection)
    {
        var before = (await pair.InspectTargetAsync(inspection)).ComputeHash();
        var result = await PlanApplier.ApplyAsync(
            pair.TargetConnection,
            source,
            plan,
            new ApplyOptions { AllowedHazards = Enum.GetValues<Hazard>(), Inspection = inspection }
        );
        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Equal(before, (await pair.InspectTargetAsync(inspection)).ComputeHash());
    }

    /// <summary>Rows per table that exists in both databases: a plan without DeletesData must keep every one.</summary>
    private static Dictionary<string, long> RowCounts(DatabasePair pair, DatabaseModel source)
    {
        var tables = source.Tables.Where(t => t.PartitionKey is null).Select(t => t.Identity).ToHashSet(StringComparer.Ordinal);
        var existing = pair.QueryTarget<string[]>(
            """
            SELECT coalesce(array_agg(quote_ident(n.nspname) || '.' || quote_ident(c.relname)), '{}') FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """
        );
        return existing
            .Where(tables.Contains)
            .Order(StringComparer.Ordinal)
            .ToDictionary(t => t, t => pair.QueryTarget<long>($"SELECT count(*) FROM {t}"));
    }
}
