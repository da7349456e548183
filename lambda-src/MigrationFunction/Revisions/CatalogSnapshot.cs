using System.Text.Json;
using SchemaSync.Model;

namespace MigrationFunction.Revisions;

/// <summary>
/// The target's catalog after an applied revision, kept beside its record as <c>catalog.json</c>: a
/// <see cref="CatalogFingerprint"/> (kind and identity to a hash of the definition), which the drift check compares the
/// target with later.
/// </summary>
internal static class CatalogSnapshot
{
    /// <summary>The object's name under the revision's key.</summary>
    public const string FileName = "catalog.json";

    public static Task PutAsync(IRevisionStore store, string key, DatabaseModel after, CancellationToken cancellationToken) =>
        store.PutAsync(
            $"{key}/{FileName}",
            "application/json",
            JsonSerializer.Serialize(
                new Dictionary<string, string>(CatalogFingerprint.Of(after)),
                FunctionJson.Default.DictionaryStringString
            ),
            cancellationToken
        );

    /// <summary>The fingerprint kept for the revision at <paramref name="key"/>, or null when it has none (applied before
    /// snapshots were kept).</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> GetAsync(
        IRevisionStore store,
        string key,
        CancellationToken cancellationToken
    )
    {
        var json = await store.GetAsync($"{key}/{FileName}", cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize(json, FunctionJson.Default.DictionaryStringString);
    }
}
