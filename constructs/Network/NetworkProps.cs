using Amazon.CDK.AWS.Logs;

namespace Infra.Constructs.Network;

/// <summary>Properties of <see cref="Network"/>.</summary>
public sealed record NetworkProps
{
    /// <summary>The VPC's IPv4 CIDR block, between /16 and /28.</summary>
    /// <remarks>Default: 10.0.0.0/16.</remarks>
    public string Cidr { get; init; } = "10.0.0.0/16";

    /// <summary>How many availability zones the subnets span (2 to 6; RDS and ALB need two).</summary>
    /// <remarks>Default: 2.</remarks>
    public int MaxAzs { get; init; } = 2;

    /// <summary>
    /// NAT gateways to create. Each costs roughly $32-42 a month before traffic, so none are made unless asked:
    /// workloads reach S3 through the free gateway endpoint and other AWS APIs through <see cref="InterfaceEndpoints"/>.
    /// </summary>
    /// <remarks>Default: 0, so the private subnets have no route to the internet.</remarks>
    public int NatGateways { get; init; }

    /// <summary>Prefix length of each subnet (public and private, one of each per AZ).</summary>
    /// <remarks>Default: 24 (251 usable addresses per subnet).</remarks>
    public int SubnetCidrMask { get; init; } = 24;

    /// <summary>
    /// AWS services to reach through interface endpoints with private DNS, by endpoint short name
    /// (for example <c>ecr.api</c>, <c>ecr.dkr</c>, <c>logs</c>, <c>secretsmanager</c>). Each costs about $7 a month per AZ.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> InterfaceEndpoints { get; init; } = [];

    /// <summary>How long VPC flow logs are kept.</summary>
    /// <remarks>Default: one month.</remarks>
    public RetentionDays FlowLogRetention { get; init; } = RetentionDays.ONE_MONTH;
}
