using SchemaSync.Applying;
using SchemaSync.Planning;

namespace MigrationFunction.Handling;

/// <summary>
/// Every response the function gives is written here: the HTTP-style status each outcome maps to, a plan's body, and
/// the refusal and failure texts, so an outcome reads the same whichever action met it.
/// </summary>
internal static class Responses
{
    public static FunctionResponse BadRequest(string error) => Failure(400, error);

    public static FunctionResponse Failure(int statusCode, string error) => new() { StatusCode = statusCode, Error = error };

    /// <summary>A plan's hash, statements and unsupported changes, under <paramref name="statusCode"/>.</summary>
    public static FunctionResponse Planned(Plan plan, int statusCode) =>
        new()
        {
            StatusCode = statusCode,
            PlanHash = plan.Hash,
            Statements = [.. plan.Statements.Select(s => new ResponseStatement(s.Sql, s.Hazards))],
            Unsupported = plan.Unsupported,
        };

    /// <summary>
    /// A plan refused before anything was written: its unsupported changes and the statements whose hazards were not allowed.
    /// </summary>
    public static FunctionResponse Refused(Plan plan, IEnumerable<(PlannedStatement Statement, IReadOnlyList<Hazard> Disallowed)> refused)
    {
        var reasons = plan.Unsupported.Concat(refused.Select(r => $"[{string.Join(", ", r.Disallowed)}] {r.Statement.Sql.Split('\n')[0]}"));
        return Planned(plan, 422) with { Error = "refused, nothing was applied: " + string.Join("; ", reasons) };
    }

    /// <summary>The status an apply's outcome answers with.</summary>
    public static int StatusOf(ApplyOutcome outcome) =>
        outcome switch
        {
            ApplyOutcome.Applied or ApplyOutcome.NoChanges => 200,
            ApplyOutcome.Refused => 422,
            ApplyOutcome.TargetDrifted or ApplyOutcome.Busy => 409,
            _ => 500,
        };
}
