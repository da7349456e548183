using System.Text.Json.Serialization;

namespace MigrationFunction.Bootstrap;

/// <summary>The CloudFormation custom-resource request the bootstrap runner receives (fields it does not use are skipped).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record CustomResourceEvent
{
    /// <summary>Create, Update or Delete.</summary>
    [JsonPropertyName("RequestType")]
    public string? RequestType { get; init; }

    /// <summary>The presigned S3 URL the result is PUT to (reached through the S3 gateway endpoint).</summary>
    [JsonPropertyName("ResponseURL")]
    public string? ResponseURL { get; init; }

    /// <summary>The stack.</summary>
    [JsonPropertyName("StackId")]
    public string? StackId { get; init; }

    /// <summary>This request.</summary>
    [JsonPropertyName("RequestId")]
    public string? RequestId { get; init; }

    /// <summary>The custom resource's logical id.</summary>
    [JsonPropertyName("LogicalResourceId")]
    public string? LogicalResourceId { get; init; }

    /// <summary>Set on Update and Delete.</summary>
    [JsonPropertyName("PhysicalResourceId")]
    public string? PhysicalResourceId { get; init; }

    /// <summary>The resource's properties, as strings.</summary>
    [JsonPropertyName("ResourceProperties")]
    public Dictionary<string, string>? ResourceProperties { get; init; }
}

/// <summary>What the runner PUTs to the response URL (CloudFormation's field names are PascalCase).</summary>
public sealed record CustomResourceResponse(
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("Reason")] string Reason,
    [property: JsonPropertyName("PhysicalResourceId")] string PhysicalResourceId,
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("RequestId")] string RequestId,
    [property: JsonPropertyName("LogicalResourceId")] string LogicalResourceId
);
