namespace Infra.Contract;

/// <summary>
/// The closed codes of the <c>infra:reachability</c> metadata (contract/reachability.schema.json): the workloads the
/// library records and what meets a need. contract/reachability.json gives them the names people read; a test holds
/// the three equal.
/// </summary>
internal static class ReachabilityCodes
{
    /// <summary>The construct metadata type (cdk.out's manifest carries it).</summary>
    public const string MetadataType = "infra:reachability";

    /// <summary>The need goes out through a NAT gateway.</summary>
    public const string NatGateway = "nat-gateway";

    /// <summary>S3 through the gateway endpoint's prefix-list route.</summary>
    public const string S3Gateway = "s3-gateway";

    /// <summary>Followed by the service: <c>interface-endpoint:logs</c>.</summary>
    public const string InterfaceEndpointPrefix = "interface-endpoint:";

    /// <summary>Nothing meets the need (synth refuses such a placement).</summary>
    public const string NotReached = "none";

    /// <summary>A code a workload or service may take (the schema's pattern for workloads).</summary>
    public const string WorkloadPattern = "^[a-z][a-z0-9-]*$";

    /// <summary>The Fargate service's tasks.</summary>
    public const string WebService = "web-service";

    /// <summary>The app on Lambda.</summary>
    public const string WebFunction = "web-function";

    /// <summary>The schema migration functions (apply and plan-only).</summary>
    public const string SchemaMigration = "schema-migration";

    /// <summary>The deploy-time database user bootstrap.</summary>
    public const string DatabaseUserBootstrap = "database-user-bootstrap";
}
