using SchemaSync.Planning;

namespace SchemaSync.Cli;

/// <summary>
/// What `plan` tells a reviewer after the plan (on stderr; stdout stays the plan): the statements by kind, each hazard
/// with how many statements carry it, its meaning and the option apply needs for it, what is refused, and the hash a
/// reviewed apply names.
/// </summary>
internal static class PlanSummary
{
    public static string Of(Plan plan, Colours colours)
    {
        var lines = new List<string> { "schema-sync: summary" };
        var kinds = plan
            .Statements.GroupBy(s => Kind(s.Sql))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        lines.Add($"  statements: {plan.Statements.Count}{(plan.Statements.Count > 0 ? $" ({string.Join(", ", kinds)})" : "")}");
        foreach (var hazard in plan.Hazards)
        {
            var name = hazard.ToString();
            var count = plan.Statements.Count(s => s.Hazards.Contains(hazard));
            var (meaning, release) = HazardDefinitions.All[name];
            lines.Add($"  {(release ? colours.Yellow(name) : colours.Red(name))} ({count}): {meaning}");
            var verdict = release ? "a release allows it" : "a release refuses it without a reviewer's override";
            lines.Add($"    apply needs --allow-hazard {name}; {verdict}");
        }
        if (plan.Unsupported.Count > 0)
            lines.Add(
                $"  {colours.Red("refused")}: {plan.Unsupported.Count} change(s) this engine will not make (listed in the plan); "
                    + "apply exits 3"
            );
        lines.Add($"  plan hash: {colours.Bold(plan.Hash)} (apply --expected-plan-hash {plan.Hash} applies exactly this plan)");
        return string.Join(Environment.NewLine, lines);
    }

    // The statement's verb and object: "ALTER TABLE", "CREATE INDEX" (UNIQUE, OR REPLACE left out), "UPDATE".
    private static string Kind(string sql)
    {
        var words = sql.Split([' ', '\n'], 6, StringSplitOptions.RemoveEmptyEntries)
            .Where((w, i) => i == 0 || w is not ("UNIQUE" or "OR" or "REPLACE"))
            .ToList();
        return words[0] is "CREATE" or "ALTER" or "DROP" or "COMMENT" && words.Count > 1 ? $"{words[0]} {words[1]}" : words[0];
    }
}
