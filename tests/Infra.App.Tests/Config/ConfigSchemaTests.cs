using System.Text.Json.Nodes;

namespace Infra.App.Tests.Config;

/// <summary>
/// contract/config.schema.json (the JSON Schema editors and checks/config-schema.test.mjs read for cdk.json's
/// <c>context.infra</c>) is generated from the binder (<see cref="ConfigSchemaGenerator"/>): the committed file must be
/// exactly what the generator writes, and <c>scripts/config-schema</c> rewrites it after a binder change.
/// </summary>
public sealed class ConfigSchemaTests
{
    /// <summary>Set to 1 (by scripts/config-schema) to write the generated schema instead of comparing.</summary>
    private const string WriteVariable = "INFRA_WRITE_CONFIG_SCHEMA";

    [Fact]
    public void The_committed_schema_is_the_one_generated_from_the_binder()
    {
        var committed = File.ReadAllText(ConfigSchemaGenerator.SchemaPath).ReplaceLineEndings("\n");
        var generated = ConfigSchemaGenerator.Generate(JsonNode.Parse(committed)!.AsObject());
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
            File.WriteAllText(ConfigSchemaGenerator.SchemaPath, committed = generated);
        var line = committed.Split('\n').Zip(generated.Split('\n')).TakeWhile(pair => pair.First == pair.Second).Count() + 1;
        Assert.True(
            committed == generated,
            $"contract/config.schema.json differs from what the binder accepts from line {line} "
                + $"(generated: '{generated.Split('\n').ElementAtOrDefault(line - 1)?.Trim()}'); run scripts/config-schema"
        );
    }

    [Fact]
    public void Every_key_in_the_schema_says_what_it_is_for()
    {
        var schema = JsonNode.Parse(ConfigSchemaGenerator.Generate(Committed()))!.AsObject();
        var undescribed = new List<string>();
        void Walk(JsonObject node, string path)
        {
            foreach (var (key, child) in node["properties"]?.AsObject() ?? [])
            {
                if (child!["description"] is null)
                    undescribed.Add(path + key);
                Walk(child.AsObject(), $"{path}{key}.");
            }
            if (node["additionalProperties"] is JsonObject values)
                Walk(values, path + "*.");
        }
        Walk(schema, "");
        Assert.True(undescribed.Count == 0, $"write a description in contract/config.schema.json for: {string.Join(", ", undescribed)}");
    }

    [Fact]
    public void The_probe_finds_kinds_ranges_choices_and_required_keys_in_the_binders_answers()
    {
        var records = ConfigSchemaGenerator.Shapes.Value;
        KeyShape Key(string path, string key) => records[path][key];

        Assert.Equal(new KeyShape(ConfigValueKind.String, null, null, null, Required: true), Key("", "project"));
        Assert.Equal(ConfigValueKind.RecordMap, Key("", "environments").Kind);
        Assert.Equal((2L, 6L), (Key("network", "maxAzs").Minimum, Key("network", "maxAzs").Maximum));
        Assert.Equal(ConfigValueKind.StringList, Key("network", "interfaceEndpoints").Kind);
        Assert.Equal(ConfigValueKind.Boolean, Key("environments.*", "terminationProtection").Kind);
        Assert.Equal(["fargate", "lambda"], Key("environments.*.service", "platform").Enum!.Select(v => v.GetValue<string>()));
        Assert.Contains(30L, Key("network", "flowLogRetentionDays").Enum!.Select(v => v.GetValue<long>()));
        Assert.Equal(ConfigValueKind.StringMap, Key("environments.*.service", "environment").Kind);
        Assert.True(Key("environments.*", "account").Required);
        Assert.False(Key("environments.*", "trustLevel").Required);
        // The environments a migration names are references to the configuration's own entries, not a fixed set.
        Assert.Null(Key("migration", "source").Enum);
    }

    private static JsonObject Committed() => JsonNode.Parse(File.ReadAllText(ConfigSchemaGenerator.SchemaPath))!.AsObject();
}
