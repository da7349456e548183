using System.Text;
using System.Text.Json;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>The plan as SQL a person can review and pipe into psql, or as JSON a machine reads.</summary>
public static class PlanFormatter
{
    /// <summary>
    /// SQL: transactional statements inside BEGIN/COMMIT, each preceded by a comment naming its hazards; statements
    /// that cannot run in a transaction after the COMMIT; unsupported changes as comments.
    /// </summary>
    public static string Sql(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        text.Append("-- schema-sync plan ").Append(plan.Hash).Append('\n');
        text.Append("-- source schema ").Append(plan.SourceHash).Append(", target schema ").Append(plan.TargetHash).Append('\n');
        foreach (var reason in plan.Unsupported)
            text.Append("-- UNSUPPORTED: ").Append(reason).Append('\n');
        if (plan.Statements.Count == 0)
            return text.Append("-- no changes\n").ToString();

        text.Append("BEGIN;\nSET LOCAL lock_timeout = '5s';\nSET LOCAL check_function_bodies = off;\n");
        foreach (var statement in plan.Statements.Where(s => s.Transactional))
            Append(text, statement);
        text.Append("COMMIT;\n");
        foreach (var statement in plan.Statements.Where(s => !s.Transactional))
            Append(text, statement);
        return text.ToString();
    }

    // Camel case, and SQL's quotes and comparison signs left readable (the output is for people and jq, not HTML).
    private static readonly PlanJsonContext JsonContext = new(
        new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }
    );

    /// <summary>JSON: hashes, statements with hazards, unsupported changes.</summary>
    public static string Json(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var json = new PlanJson(
            plan.Hash,
            plan.SourceHash,
            plan.TargetHash,
            [.. plan.Hazards.Select(h => h.ToString())],
            [.. plan.Statements.Select(s => new StatementJson(s.Sql, [.. s.Hazards.Select(h => h.ToString())], s.Transactional))],
            plan.Unsupported
        );
        return JsonSerializer.Serialize(json, JsonContext.PlanJson) + "\n";
    }

    private static void Append(StringBuilder text, PlannedStatement statement)
    {
        text.Append('\n');
        if (statement.Hazards.Count > 0)
            text.Append("-- hazards: ").Append(string.Join(", ", statement.Hazards)).Append('\n');
        text.Append(statement.Sql).Append(";\n");
    }
}

/// <summary>The plan's JSON form (what <c>--format json</c> prints).</summary>
internal sealed record PlanJson(
    string PlanHash,
    string SourceHash,
    string TargetHash,
    IReadOnlyList<string> Hazards,
    IReadOnlyList<StatementJson> Statements,
    IReadOnlyList<string> Unsupported
);

/// <summary>One statement in the plan's JSON form.</summary>
internal sealed record StatementJson(string Sql, IReadOnlyList<string> Hazards, bool Transactional);

/// <summary>Source-generated JSON for the plan: no reflection, so the CLI can be compiled ahead of time.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(PlanJson))]
internal sealed partial class PlanJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
