using System.Text.Json.Nodes;

namespace Infra.App.Tests.Config;

/// <summary>
/// contract/config.schema.json (the JSON Schema editors and checks/config-schema.test.mjs read for cdk.json's
/// <c>context.infra</c>) describes exactly what the binder accepts: for every object of every committed configuration
/// (cdk.json's and each example's), the schema's properties there are the keys the binder accepts there
/// (<see cref="ConfigShape"/>), and a map in one is a map in the other.
/// </summary>
public sealed class ConfigSchemaTests
{
    private static IEnumerable<JsonObject> Configurations() =>
        Directory
            .GetFiles(Path.Combine(RepoFiles.Root, "examples"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!.AsObject())
            .Prepend(RepoFiles.InfraConfig());

    [Fact]
    public void The_schema_has_exactly_the_keys_the_binder_accepts_in_every_object_of_every_committed_configuration()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "contract", "config.schema.json")))!.AsObject();
        var records = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var maps = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var configuration in Configurations())
        {
            var (found, foundMaps) = ConfigShape.Of(configuration);
            foreach (var (path, keys) in found)
                (records.TryGetValue(path, out var known) ? known : records[path] = new(StringComparer.Ordinal)).UnionWith(keys);
            maps.UnionWith(foundMaps);
        }
        Assert.True(records.Count > 10, "the walk found the configuration's objects");
        foreach (var (path, keys) in records)
        {
            var node = At(schema, path);
            var properties = node["properties"]?.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            Assert.True(
                keys.SequenceEqual(properties),
                $"'{path}': the binder accepts [{string.Join(", ", keys)}], the schema lists " + $"[{string.Join(", ", properties)}]"
            );
            Assert.True(node["additionalProperties"]?.GetValue<bool>() == false, $"'{path}': the schema must refuse other keys");
        }
        foreach (var path in maps)
            Assert.True(At(schema, path)["additionalProperties"] is JsonObject, $"'{path}' is a map: the schema gives its values' shape");
    }

    /// <summary>The schema of the object at a path, following properties and, for "*", additionalProperties; $ref into $defs.</summary>
    private static JsonObject At(JsonObject schema, string path)
    {
        var node = schema;
        foreach (var key in path.Length == 0 ? [] : path.Split('.'))
        {
            node = Resolve(schema, node);
            node = (key == "*" ? node["additionalProperties"] : node["properties"]?[key])?.AsObject()
                ?? throw new Xunit.Sdk.XunitException($"the schema has nothing at '{path}' ('{key}')");
        }
        return Resolve(schema, node);
    }

    private static JsonObject Resolve(JsonObject schema, JsonObject node) =>
        node["$ref"]?.GetValue<string>() is { } reference ? schema["$defs"]![reference["#/$defs/".Length..]]!.AsObject() : node;
}
