using Amazon.CDK.AWS.EC2;

namespace Infra.Constructs.Network;

/// <summary>
/// What workloads in a VPC's private subnets reach without a public IP: everything through a NAT gateway, S3 through
/// the gateway endpoint, other AWS services through interface endpoints (by service name, e.g. <c>ecr.api</c>).
/// <see cref="Network"/> knows its own (<see cref="Network.Reach"/>); for an imported VPC the caller declares it, and
/// <see cref="Reachability"/> judges each workload against it.
/// </summary>
public sealed record NetworkReach
{
    /// <summary>The service name <see cref="Reaches"/> uses for S3 (the gateway endpoint).</summary>
    public const string S3 = "s3";

    /// <summary>Whether private subnets route to a NAT gateway (then every service is reached).</summary>
    public bool NatGateway { get; init; }

    /// <summary>Whether private subnets' route tables have the S3 gateway endpoint.</summary>
    public bool S3Gateway { get; init; }

    /// <summary>Interface endpoints with private DNS, by service name.</summary>
    public IReadOnlyList<string> InterfaceEndpoints { get; init; } = [];

    /// <summary>What a <see cref="Network"/> made with <paramref name="props"/> reaches (every such network has the S3 gateway
    /// endpoint).</summary>
    public static NetworkReach Of(NetworkProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        return new()
        {
            NatGateway = props.NatGateways > 0,
            S3Gateway = true,
            InterfaceEndpoints = props.InterfaceEndpoints,
        };
    }

    /// <summary>The reach of a VPC a <see cref="Network"/> created; null for any other (imported) VPC.</summary>
    public static NetworkReach? Of(IVpc vpc)
    {
        ArgumentNullException.ThrowIfNull(vpc);
        return vpc.Node.Scope is Network network ? network.Reach : null;
    }

    /// <summary>Whether <paramref name="service"/> (<see cref="S3"/> or an interface endpoint's name) is reached.</summary>
    public bool Reaches(string service) => NatGateway || (service == S3 ? S3Gateway : InterfaceEndpoints.Contains(service));
}
