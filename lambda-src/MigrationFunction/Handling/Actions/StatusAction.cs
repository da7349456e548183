using System.Text.Json;
using MigrationFunction.Revisions;

namespace MigrationFunction.Handling.Actions;

/// <summary>
/// status: the latest revisions from the target's journal, reconciled with S3: an applied revision whose S3 record is
/// missing or still pending (the post-commit write failed) is rewritten by the applying function, and reported by the
/// plan-only one (which cannot write revisions).
/// </summary>
internal static class StatusAction
{
    public static async Task<FunctionResponse> RunAsync(FunctionServices services, bool repair, CancellationToken cancellationToken)
    {
        await using var dataSource = services.Connect(services.Settings.Target);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var latest = await Journal.LatestAsync(connection, 10, cancellationToken).ConfigureAwait(false);
        var lagging = 0;
        foreach (var record in latest)
        {
            var key = services.Settings.Prefix + record.Id;
            var stored = await services.Revisions.GetAsync($"{key}/record.json", cancellationToken).ConfigureAwait(false);
            if (StatusOf(stored) == RevisionStatus.Applied)
                continue;
            lagging++;
            if (repair)
                await ApplyAction.PutRecordAsync(services, key, record, cancellationToken).ConfigureAwait(false);
        }
        return new FunctionResponse
        {
            StatusCode = 200,
            Revisions = latest,
            Message =
                lagging == 0 ? $"{latest.Count} revision(s)"
                : repair ? $"{latest.Count} revision(s); rewrote {lagging} S3 record(s) from the journal"
                : $"{latest.Count} revision(s); {lagging} S3 record(s) lag the journal (the applying function's status rewrites them)",
        };
    }

    /// <summary>The status a stored record.json holds; null when there is none or it cannot be read as a record.</summary>
    private static RevisionStatus? StatusOf(string? stored)
    {
        if (stored is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize(stored, FunctionJson.Default.RevisionRecord)?.Status;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
