namespace MigrationFunction.Handling.Actions;

/// <summary>plan: inspect both databases, plan, store nothing.</summary>
internal static class PlanAction
{
    public static async Task<FunctionResponse> RunAsync(
        FunctionServices services,
        FunctionRequest request,
        bool readsRows,
        CancellationToken cancellationToken
    )
    {
        var (_, _, plan) = await PlanSteps.InspectAndPlanAsync(services, request, readsRows, cancellationToken).ConfigureAwait(false);
        var message = plan.IsEmpty ? "no changes" : $"{plan.Statements.Count} statement(s) planned";
        return Responses.Planned(plan, 200) with { Message = message };
    }
}
