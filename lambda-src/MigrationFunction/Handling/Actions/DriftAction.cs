using System.Text.Json;
using MigrationFunction.Revisions;
using SchemaSync.Inspection;
using SchemaSync.Model;

namespace MigrationFunction.Handling.Actions;

/// <summary>
/// drift: whether the target changed since its latest applied revision, by comparing its catalog now with the one that
/// revision kept (<see cref="CatalogSnapshot"/>). Reads only; the daily schedule runs it on the plan-only function, and a
/// drift fails that invocation (<see cref="SchemaDriftException"/>) so its failure destination, the environment's topic,
/// carries what differs.
/// </summary>
internal static class DriftAction
{
    public static async Task<FunctionResponse> RunAsync(FunctionServices services, CancellationToken cancellationToken)
    {
        RevisionRecord? latest;
        await using (var dataSource = services.Connect(services.Settings.Target))
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            latest = (await Journal.LatestAsync(connection, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (latest is null)
            return new() { StatusCode = 200, Message = "no applied revision yet: nothing to compare the target with" };

        var recorded = await CatalogSnapshot
            .GetAsync(services.Revisions, services.Settings.Prefix + latest.Id, cancellationToken)
            .ConfigureAwait(false);
        // Inspected as the revision was: grants only where that apply compared them.
        var options = new InspectionOptions
        {
            ApplyingRole = services.Settings.ApplyUser,
            IncludePrivileges = recorded?.Keys.Any(k => k.StartsWith("Privileges ", StringComparison.Ordinal)) ?? false,
        };
        var now = await PlanSteps.InspectAsync(services, services.Settings.Target, options, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> differences = recorded is null
            ? now.ComputeHash() == await HashAfterAsync(services, latest, cancellationToken).ConfigureAwait(false)
                ? []
                : ["the catalog's hash (this revision kept no snapshot, so which objects changed is not known)"]
            : CatalogFingerprint.Differences(recorded, CatalogFingerprint.Of(now));
        if (differences.Count == 0)
            return new() { StatusCode = 200, Message = $"no drift: the target is as revision {latest.Id} left it" };
        return Responses.Failure(
            409,
            $"the target changed since revision {latest.Id} (applied {latest.AppliedAt:u}), not by schema-sync: "
                + string.Join("; ", differences)
        );
    }

    /// <summary>The target's hash after the revision, from its S3 record: the journal row is written before the commit, so
    /// it cannot hold it.</summary>
    private static async Task<string?> HashAfterAsync(
        FunctionServices services,
        RevisionRecord revision,
        CancellationToken cancellationToken
    )
    {
        var stored = await services
            .Revisions.GetAsync($"{services.Settings.Prefix}{revision.Id}/record.json", cancellationToken)
            .ConfigureAwait(false);
        return stored is null ? null : JsonSerializer.Deserialize(stored, FunctionJson.Default.RevisionRecord)?.TargetHashAfter;
    }
}

/// <summary>A drift found by the drift action: thrown out of the handler so an asynchronous invocation (the schedule) fails and
/// Lambda sends it to the function's failure destination.</summary>
public sealed class SchemaDriftException(string message) : Exception(message);
