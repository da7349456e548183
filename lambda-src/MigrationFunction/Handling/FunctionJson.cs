using System.Text.Json.Serialization;
using MigrationFunction.Handling;

namespace MigrationFunction.Revisions;

/// <summary>Source-generated JSON for the request, the response and the revision record: no reflection, fast cold starts.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(HazardConverter), typeof(FunctionActionConverter), typeof(RevisionStatusConverter)]
)]
[JsonSerializable(typeof(FunctionRequest))]
[JsonSerializable(typeof(FunctionResponse))]
[JsonSerializable(typeof(RevisionRecord))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(MigrationFunction.Bootstrap.CustomResourceEvent))]
[JsonSerializable(typeof(MigrationFunction.Bootstrap.CustomResourceResponse))]
public sealed partial class FunctionJson : JsonSerializerContext;
