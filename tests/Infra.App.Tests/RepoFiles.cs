using System.Text.Json.Nodes;
using Infra.TestSupport;

namespace Infra.App.Tests;

/// <summary>The repository's own cdk.json and cdk.context.json, so tests synthesize with exactly the app's context.</summary>
internal static class RepoFiles
{
    public static string Root => TestPaths.RepositoryRoot;

    public static JsonObject CdkJson() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "cdk.json")))!;

    /// <summary>The committed lookups (availability zones) plus cdk.json's context, as a CDK app sees them.</summary>
    public static Dictionary<string, object> AppContext()
    {
        var context = new Dictionary<string, object>();
        var lookups = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "cdk.context.json")))!;
        foreach (var (key, value) in lookups.Concat(CdkJson()["context"]!.AsObject()))
            context[key] = ToPlain(value);
        // Skip asset bundling (publishing the migration function) in unit tests; the asset hash stays the same.
        context["aws:cdk:bundling-stacks"] = Array.Empty<string>();
        return context;
    }

    /// <summary>The <c>infra</c> configuration object of cdk.json, as a mutable copy.</summary>
    public static JsonObject InfraConfig() => CdkJson()["context"]!["infra"]!.DeepClone().AsObject();

    // jsii marshals plain dictionaries, lists and primitives, not JsonNode.
    private static object ToPlain(JsonNode? node) =>
        node switch
        {
            JsonObject o => o.ToDictionary(kv => kv.Key, kv => ToPlain(kv.Value)),
            JsonArray a => a.Select(ToPlain).ToArray(),
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            JsonValue v => v.GetValue<string>(),
            _ => throw new InvalidOperationException($"unexpected value in cdk.json context: {node?.ToJsonString()}"),
        };
}
