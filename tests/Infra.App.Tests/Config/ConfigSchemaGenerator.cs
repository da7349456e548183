using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.App.Tests.Config;

/// <summary>
/// Writes contract/config.schema.json from the binder: every key, its kind, its values or range and whether it is
/// required come from <see cref="ConfigShape"/>; only the words for people (each key's description, a pattern a
/// refusal cannot express) are carried over from the committed file, by path. So the binder's key lists are the one
/// definition and the schema cannot drift from them.
/// </summary>
internal static class ConfigSchemaGenerator
{
    /// <summary>The annotations a person writes in the schema; everything else is generated.</summary>
    private static readonly string[] Written = ["description", "pattern", "propertyNames"];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SchemaPath => Path.Combine(RepoFiles.Root, "contract", "config.schema.json");

    /// <summary>Every committed configuration: cdk.json's and each example's.</summary>
    public static IEnumerable<JsonObject> Configurations() =>
        Directory
            .GetFiles(Path.Combine(RepoFiles.Root, "examples"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!.AsObject())
            .Prepend(RepoFiles.InfraConfig());

    /// <summary>The binder's answers over every committed configuration, asked once per test run (a few hundred binds).</summary>
    public static readonly Lazy<SortedDictionary<string, SortedDictionary<string, KeyShape>>> Shapes = new(() =>
        ConfigShape.Of(Configurations())
    );

    /// <summary>The schema's text as the binder and the committed annotations make it.</summary>
    public static string Generate(JsonObject committed)
    {
        var records = Shapes.Value;
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = committed["$id"]?.DeepClone(),
            ["title"] = committed["title"]?.DeepClone(),
        };
        foreach (var (name, value) in Record(records, "", committed, committed))
            schema[name] = value?.DeepClone();
        return schema.ToJsonString(Indented) + "\n";
    }

    private static JsonObject Record(
        SortedDictionary<string, SortedDictionary<string, KeyShape>> records,
        string path,
        JsonObject committedRoot,
        JsonObject? committed
    )
    {
        var keys = records[path];
        var schema = Annotated(new JsonObject { ["type"] = "object" }, committed);
        schema["additionalProperties"] = false;
        var properties = new JsonObject();
        foreach (var (key, shape) in keys)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            var committedChild = Resolve(committedRoot, committed?["properties"]?[key] as JsonObject);
            properties[key] = Value(records, childPath, shape, committedRoot, committedChild);
        }
        schema["properties"] = properties;
        if (keys.Where(k => k.Value.Required).Select(k => (JsonNode)k.Key).ToArray() is { Length: > 0 } required)
            schema["required"] = new JsonArray(required);
        return schema;
    }

    private static JsonObject Value(
        SortedDictionary<string, SortedDictionary<string, KeyShape>> records,
        string path,
        KeyShape shape,
        JsonObject committedRoot,
        JsonObject? committed
    )
    {
        switch (shape.Kind)
        {
            case ConfigValueKind.Record:
                return Record(records, path, committedRoot, committed);
            case ConfigValueKind.RecordMap:
                var map = Annotated(new JsonObject { ["type"] = "object" }, committed);
                var values = Resolve(committedRoot, committed?["additionalProperties"] as JsonObject);
                map["additionalProperties"] = Record(records, path + ".*", committedRoot, values);
                return map;
            case ConfigValueKind.StringMap:
                var strings = Annotated(new JsonObject { ["type"] = "object" }, committed);
                strings["additionalProperties"] = new JsonObject { ["type"] = "string" };
                return strings;
            case ConfigValueKind.StringList:
                var list = Annotated(new JsonObject { ["type"] = "array" }, committed);
                list["items"] = new JsonObject { ["type"] = "string" };
                return list;
        }
        var scalar = Annotated(
            new JsonObject { ["type"] = shape.Kind == ConfigValueKind.Integer ? "integer" : shape.Kind.ToString().ToLowerInvariant() },
            committed
        );
        if (shape.Enum is { } choices)
            scalar["enum"] = new JsonArray([.. choices.Select(c => c.DeepClone())]);
        if (shape.Minimum is { } minimum)
            scalar["minimum"] = minimum;
        if (shape.Maximum is { } maximum)
            scalar["maximum"] = maximum;
        return scalar;
    }

    private static JsonObject Annotated(JsonObject schema, JsonObject? committed)
    {
        foreach (var name in Written)
        {
            if (committed?[name] is { } value)
                schema[name] = value.DeepClone();
        }
        return schema;
    }

    /// <summary>A committed schema node, following a <c>$ref</c> into <c>$defs</c>.</summary>
    private static JsonObject? Resolve(JsonObject root, JsonObject? node) =>
        node?["$ref"]?.GetValue<string>() is { } reference ? root["$defs"]![reference["#/$defs/".Length..]]!.AsObject() : node;
}
