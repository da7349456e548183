using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Network;

/// <summary>
/// A VPC with public and private subnets in each AZ, no NAT gateway unless asked, the free S3 gateway endpoint
/// on every route table, opt-in interface endpoints, and flow logs.
/// </summary>
public sealed class Network : Construct
{
    /// <summary>Name of the private subnet group. It stays the same with or without NAT so that subnets keep their logical ids.</summary>
    public const string PrivateSubnetGroupName = "Private";

    /// <summary>Name of the public subnet group.</summary>
    public const string PublicSubnetGroupName = "Public";

    /// <summary>The VPC.</summary>
    public IVpc Vpc { get; }

    /// <summary>What its private subnets reach (NAT, the S3 gateway endpoint, interface endpoints): what <see cref="Reachability"/> judges
    /// placements by.</summary>
    public NetworkReach Reach { get; }

    /// <summary>Selects the public subnets (a route to the internet gateway).</summary>
    public SubnetSelection PublicSubnets { get; } = new() { SubnetGroupName = PublicSubnetGroupName };

    /// <summary>Selects the private subnets: isolated (no internet route) unless NAT gateways were asked for.</summary>
    public SubnetSelection PrivateSubnets { get; } = new() { SubnetGroupName = PrivateSubnetGroupName };

    /// <summary>The S3 gateway endpoint, routed from every subnet.</summary>
    public IGatewayVpcEndpoint S3Endpoint { get; }

    /// <summary>Interface endpoints by service short name (empty unless asked for).</summary>
    public IReadOnlyDictionary<string, IInterfaceVpcEndpoint> InterfaceEndpoints { get; }

    /// <summary>The log group receiving the VPC's flow logs.</summary>
    public ILogGroup FlowLogGroup { get; }

    /// <summary>Creates the network.</summary>
    /// <exception cref="ArgumentException">When a prop is invalid; the message names it and echoes the value.</exception>
    public Network(Construct scope, string id, NetworkProps? props = null)
        : base(scope, id)
    {
        props ??= new NetworkProps();
        PropProblem.ThrowIfAny(NetworkPropsValidation.FindProblem(props), nameof(Network), id);

        var vpc = new Vpc(
            this,
            "Resource",
            new VpcProps
            {
                IpAddresses = IpAddresses.Cidr(props.Cidr),
                MaxAzs = props.MaxAzs,
                NatGateways = props.NatGateways,
                // CDK 2.160 restricts the default security group through a custom resource on Node.js 20 (deprecated
                // 2026-04-30, creation disabled 2027-02-01) with an AWS-managed policy. Nothing here joins the default
                // group: every construct in this library creates its own security group, so the group has no member.
                RestrictDefaultSecurityGroup = false,
                SubnetConfiguration =
                [
                    new SubnetConfiguration
                    {
                        Name = PublicSubnetGroupName,
                        SubnetType = SubnetType.PUBLIC,
                        CidrMask = props.SubnetCidrMask,
                        MapPublicIpOnLaunch = false,
                    },
                    new SubnetConfiguration
                    {
                        Name = PrivateSubnetGroupName,
                        SubnetType = props.NatGateways == 0 ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS,
                        CidrMask = props.SubnetCidrMask,
                    },
                ],
            }
        );
        Vpc = vpc;
        Reach = NetworkReach.Of(props);
        ComplianceWaivers.DefaultSecurityGroup.ApplyTo(vpc);
        foreach (var subnet in vpc.PublicSubnets)
        {
            if (subnet.Node.TryFindChild("DefaultRoute") is CfnRoute route)
                ComplianceWaivers.InternetRoute.ApplyTo(route);
        }

        S3Endpoint = vpc.AddGatewayEndpoint(
            "S3",
            new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3, Subnets = [PublicSubnets, PrivateSubnets] }
        );

        InterfaceEndpoints = props
            .InterfaceEndpoints.Order(StringComparer.Ordinal)
            .ToDictionary(
                name => name,
                name =>
                    AdmitVpc(
                        vpc.AddInterfaceEndpoint(
                            EndpointId(name),
                            new InterfaceVpcEndpointOptions
                            {
                                Service = new InterfaceVpcEndpointAwsService(name),
                                PrivateDnsEnabled = true,
                                Subnets = PrivateSubnets,
                                Open = false,
                            }
                        ),
                        props.Cidr
                    ),
                StringComparer.Ordinal
            );

        FlowLogGroup = new LogGroup(
            this,
            "FlowLogs",
            new LogGroupProps { Retention = props.FlowLogRetention, RemovalPolicy = RemovalPolicy.RETAIN }
        );
        vpc.AddFlowLog(
            "FlowLog",
            new FlowLogOptions { Destination = FlowLogDestination.ToCloudWatchLogs(FlowLogGroup), TrafficType = FlowLogTrafficType.ALL }
        );
    }

    /// <summary>
    /// Admits HTTPS from the VPC's CIDR, every workload that may resolve the endpoint through private DNS (public
    /// subnets' too). Written with the configured CIDR rather than CDK's Open = true (the VPC's CidrBlock attribute), so
    /// the rule is a literal that cdk-nag (AwsSolutions-EC23) and a reviewer can read.
    /// </summary>
    private static IInterfaceVpcEndpoint AdmitVpc(InterfaceVpcEndpoint endpoint, string cidr)
    {
        endpoint.Connections.AllowFrom(Peer.Ipv4(cidr), Port.Tcp(443), "HTTPS from workloads in the VPC");
        return endpoint;
    }

    /// <summary>Construct id of an interface endpoint: "ecr.api" becomes "EcrApiEndpoint".</summary>
    private static string EndpointId(string name) =>
        string.Concat(name.Split('.', '-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "Endpoint";
}
