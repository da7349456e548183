using System.Text.Json;
using Amazon.CDK.Assertions;

namespace Infra.Constructs.Tests;

/// <summary>Reads of synthesized templates shared by the construct tests.</summary>
internal static class TemplateExtensions
{
    /// <summary>Resources of <paramref name="type"/> as logical id → resource object.</summary>
    public static IDictionary<string, Dictionary<string, object>> Resources(this Template template, string type) =>
        template.FindResources(type).ToDictionary(kv => kv.Key, kv => (Dictionary<string, object>)kv.Value);

    /// <summary>The <c>Properties</c> object of a resource from <see cref="Resources"/>.</summary>
    public static IDictionary<string, object> Properties(this Dictionary<string, object> resource) =>
        (IDictionary<string, object>)resource["Properties"];

    /// <summary>The statements of the one <c>AWS::IAM::Policy</c> whose logical id starts with <paramref name="policyPrefix"/>.</summary>
    public static List<JsonElement> PolicyStatements(this Template template, string policyPrefix) =>
        [
            .. template
                .Resources("AWS::IAM::Policy")
                .Single(p => p.Key.StartsWith(policyPrefix, StringComparison.Ordinal))
                .Value.Properties()
                .ToJson()
                .GetProperty("PolicyDocument")
                .GetProperty("Statement")
                .EnumerateArray(),
        ];

    /// <summary>A template fragment as JSON, for reading nested properties.</summary>
    public static JsonElement ToJson(this object value) => JsonSerializer.SerializeToElement(value);

    /// <summary>Logical id referenced by a <c>{"Ref": id}</c> value.</summary>
    public static string Ref(this object value) => (string)((IDictionary<string, object>)value)["Ref"];

    /// <summary>Logical ids referenced by <c>{"Ref": id}</c> entries of a list property.</summary>
    public static IEnumerable<string> Refs(this object list) => ((IEnumerable<object>)list).Select(Ref);
}
