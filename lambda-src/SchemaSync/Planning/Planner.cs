using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Turns two models into a <see cref="Plan"/> that makes the target's schema equal the source's.</summary>
public static class Planner
{
    /// <summary>The per-kind generators (<see cref="ObjectKinds"/>), each with a fixed rank (its index) that breaks ties in the
    /// ordering.</summary>
    internal static IReadOnlyList<Action<PlanContext>> Generators => ObjectKinds.Generators;

    /// <summary>Plans the statements that make <paramref name="target"/> equal <paramref name="source"/>. Pure: no database is
    /// touched.</summary>
    /// <exception cref="PlanInputException">When a rename hint names nothing in the target, or a name the source does not have.</exception>
    public static Plan Create(DatabaseModel source, DatabaseModel target, PlanOptions? options = null) =>
        Create(source, target, options, Enumerable.Range(0, Generators.Count));

    /// <summary>
    /// Each backfill must name a NOT NULL column of an existing table that needs values for its rows: one the plan adds
    /// without a default, or one that becomes NOT NULL (its rows holding NULL get the backfill).
    /// </summary>
    private static void RequireBackfillsFit(PlanContext facts)
    {
        if (facts.Options.Backfills.Count == 0)
            return;
        var existing = facts.Target.Columns.ById();
        var wanted = facts
            .Source.Columns.Where(c =>
                existing.TryGetValue(c.Identity, out var now)
                    ? c.NotNull && !now.NotNull
                    : !facts.NewTables.Contains(c.TableIdentity)
                        && c is { NotNull: true, Default: null, Generated: null, IdentityGeneration.Length: 0 }
            )
            .Select(Backfill.Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var key in facts.Options.Backfills.Keys.Order(StringComparer.Ordinal))
        {
            if (!wanted.Contains(key))
                throw new PlanInputException(
                    $"backfill '{key}': the plan adds no NOT NULL column without a default by that name to an existing "
                        + $"table, nor makes one NOT NULL{(wanted.Count > 0 ? $" (it needs values for {Listed(wanted)})" : "")}"
                );
        }
    }

    private static string Listed(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));

    /// <summary>Each conversion must name a column of an existing table whose type the plan changes.</summary>
    private static void RequireConversionsFit(PlanContext facts)
    {
        if (facts.Options.Conversions.Count == 0)
            return;
        var current = facts.Target.Columns.ToDictionary(Backfill.Key, c => c.Type, StringComparer.Ordinal);
        var changing = facts
            .Source.Columns.Where(c => current.TryGetValue(Backfill.Key(c), out var type) && type != c.Type)
            .Select(Backfill.Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var key in facts.Options.Conversions.Keys.Order(StringComparer.Ordinal))
        {
            if (!changing.Contains(key))
                throw new PlanInputException(
                    $"using '{key}': the plan changes the type of no column by that name"
                        + (changing.Count > 0 ? $" (it changes {string.Join(", ", changing.Order(StringComparer.Ordinal))})" : "")
                );
        }
    }

    /// <summary>Plans with the generators run in <paramref name="runOrder"/> (indexes into <see cref="Generators"/>); the plan does not
    /// depend on it.</summary>
    internal static Plan Create(DatabaseModel source, DatabaseModel target, PlanOptions? options, IEnumerable<int> runOrder)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (ObjectKinds.Unplanned.Count > 0)
            throw new InvalidOperationException(
                $"no generator plans the model's {string.Join(", ", ObjectKinds.Unplanned)}: register each kind in ObjectKinds"
            );
        options ??= new PlanOptions();
        // The two hashes serialize both whole models (about 0.09 s each on 3,000 tables): computed beside the planning, or
        // already started by the caller.
        var sourceHash = source.HashAsync();
        var targetHash = target.HashAsync();

        // Renames are applied to the target first, so the rest of the diff sees the renamed objects as unchanged.
        var renames = new PlanBuilder(-1);
        var renamed = RenameHints.Apply(source, target, options.Renames, renames);
        var facts = new PlanContext(source, renamed, options);
        RequireBackfillsFit(facts);
        RequireConversionsFit(facts);
        var builders = new List<PlanBuilder> { renames };
        foreach (var rank in runOrder)
        {
            var builder = new PlanBuilder(rank);
            Generators[rank](facts.ForGenerator(builder));
            builders.Add(builder);
        }
        var plan = PlanBuilder.Build(builders, source, target, sourceHash, targetHash);
        // The schemas differ but no generator wrote anything: never an empty plan that leaves a difference.
        if (plan.Statements.Count == 0 && plan.Unsupported.Count == 0 && renamed.HashAsync().GetAwaiter().GetResult() != plan.SourceHash)
            return plan with
            {
                Unsupported =
                [
                    .. ModelDiff.Differences(source, renamed).Select(d => $"{d}: differs in a way no statement here can change"),
                ],
            };
        return plan;
    }
}
