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

    /// <summary>JSON: hashes, statements with hazards, unsupported changes.</summary>
    public static string Json(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return JsonSerializer.Serialize(new
        {
            planHash = plan.Hash,
            sourceHash = plan.SourceHash,
            targetHash = plan.TargetHash,
            hazards = plan.Hazards.Select(h => h.ToString()),
            statements = plan.Statements.Select(s => new { sql = s.Sql, hazards = s.Hazards.Select(h => h.ToString()), transactional = s.Transactional }),
            unsupported = plan.Unsupported,
        }, CanonicalJson.Options) + "\n";
    }

    private static void Append(StringBuilder text, PlannedStatement statement)
    {
        text.Append('\n');
        if (statement.Hazards.Count > 0)
            text.Append("-- hazards: ").Append(string.Join(", ", statement.Hazards)).Append('\n');
        text.Append(statement.Sql).Append(";\n");
    }
}
