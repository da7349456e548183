using System.Text.Json;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.Logs;
using Infra.Constructs.Network;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Network;

public class NetworkTests
{
    private static Template Synth(NetworkProps? props = null)
    {
        var stack = TestStacks.NewStack();
        _ = new NetworkConstruct(stack, "Network", props);
        return Template.FromStack(stack);
    }

    [Fact]
    public void Creates_no_nat_gateway_and_no_internet_route_from_private_subnets_by_default()
    {
        var template = Synth();

        template.ResourceCountIs("AWS::EC2::NatGateway", 0);
        template.ResourceCountIs("AWS::EC2::EIP", 0);
        var defaultRoutes = template.Resources("AWS::EC2::Route").Values.Select(r => r.Properties()).ToList();
        Assert.NotEmpty(defaultRoutes);
        // Every default route goes to the internet gateway, and only from public route tables.
        Assert.All(defaultRoutes, route => Assert.True(route.ContainsKey("GatewayId"), "a route that is not to the internet gateway"));
        var publicTables = template
            .Resources("AWS::EC2::RouteTable")
            .Keys.Where(id => id.Contains("Public", StringComparison.Ordinal))
            .ToHashSet();
        Assert.All(defaultRoutes, route => Assert.Contains(route["RouteTableId"].Ref(), publicTables));
    }

    [Fact]
    public void Routes_the_s3_gateway_endpoint_from_every_route_table()
    {
        var template = Synth();

        var routeTables = template.Resources("AWS::EC2::RouteTable").Keys.Order().ToList();
        var endpoint = Assert.Single(template.Resources("AWS::EC2::VPCEndpoint").Values).Properties();
        Assert.Equal("Gateway", endpoint["VpcEndpointType"]);
        Assert.Equal(routeTables, endpoint["RouteTableIds"].Refs().Order().ToList());
        Assert.Equal(2 * 2, routeTables.Count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Creates_one_public_and_one_private_subnet_per_az(int azs)
    {
        var template = Synth(new NetworkProps { MaxAzs = azs });

        var subnets = template.Resources("AWS::EC2::Subnet").Values.Select(s => s.Properties()).ToList();
        Assert.Equal(2 * azs, subnets.Count);
        Assert.Equal(azs, subnets.Select(s => s["AvailabilityZone"]).Distinct().Count());
        // Public subnets never hand out public IPs on their own; a service opts in per task.
        Assert.All(subnets, s => Assert.Equal(false, s["MapPublicIpOnLaunch"]));
    }

    [Fact]
    public void Sends_all_traffic_flow_logs_to_a_log_group_with_retention()
    {
        var template = Synth(new NetworkProps { FlowLogRetention = RetentionDays.THREE_MONTHS });

        template.HasResourceProperties(
            "AWS::EC2::FlowLog",
            new Dictionary<string, object>
            {
                ["ResourceType"] = "VPC",
                ["TrafficType"] = "ALL",
                ["LogDestinationType"] = "cloud-watch-logs",
            }
        );
        template.HasResource(
            "AWS::Logs::LogGroup",
            new Dictionary<string, object>
            {
                ["Properties"] = new Dictionary<string, object> { ["RetentionInDays"] = 90 },
                ["DeletionPolicy"] = "Retain",
            }
        );
    }

    [Fact]
    public void Creates_interface_endpoints_with_private_dns_only_when_asked()
    {
        Synth().ResourceCountIs("AWS::EC2::VPCEndpoint", 1);

        var template = Synth(new NetworkProps { InterfaceEndpoints = ["ecr.dkr", "ecr.api", "logs"] });

        var interfaces = template
            .Resources("AWS::EC2::VPCEndpoint")
            .Values.Select(e => e.Properties())
            .Where(e => (string)e["VpcEndpointType"] == "Interface")
            .ToList();
        Assert.Equal(3, interfaces.Count);
        Assert.All(interfaces, e => Assert.Equal(true, e["PrivateDnsEnabled"]));
        Assert.Equal(
            ["com.amazonaws.eu-west-2.ecr.api", "com.amazonaws.eu-west-2.ecr.dkr", "com.amazonaws.eu-west-2.logs"],
            interfaces.Select(e => e["ServiceName"]).Cast<string>().Order(StringComparer.Ordinal)
        );
        // Each endpoint's group admits HTTPS from the configured CIDR, written as a literal (no Fn::GetAtt for cdk-nag to give up on).
        var groups = template.FindResources(
            "AWS::EC2::SecurityGroup",
            new Dictionary<string, object>
            {
                ["Properties"] = new Dictionary<string, object>
                {
                    ["SecurityGroupIngress"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["CidrIp"] = "10.0.0.0/16",
                            ["IpProtocol"] = "tcp",
                            ["FromPort"] = 443,
                            ["ToPort"] = 443,
                            ["Description"] = "HTTPS from workloads in the VPC",
                        },
                    },
                },
            }
        );
        Assert.Equal(3, groups.Count);
    }

    [Fact]
    public void Adds_nat_gateways_and_private_default_routes_when_asked()
    {
        var template = Synth(new NetworkProps { NatGateways = 1 });

        template.ResourceCountIs("AWS::EC2::NatGateway", 1);
        template.HasResourceProperties(
            "AWS::EC2::Route",
            new Dictionary<string, object> { ["DestinationCidrBlock"] = "0.0.0.0/0", ["NatGatewayId"] = Match.AnyValue() }
        );
    }

    [Fact]
    public void Exposes_vpc_subnet_selections_and_endpoints()
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network", new NetworkProps { InterfaceEndpoints = ["logs"] });

        Assert.Equal(2, network.Vpc.SelectSubnets(network.PrivateSubnets).SubnetIds.Length);
        Assert.Equal(2, network.Vpc.SelectSubnets(network.PublicSubnets).SubnetIds.Length);
        Assert.Equal(["logs"], network.InterfaceEndpoints.Keys);
        // The exposed endpoint and log group are the resources the template holds (tokens resolve to their refs).
        var template = Template.FromStack(stack);
        Assert.Equal(RefTo(template, "AWS::EC2::VPCEndpoint", "Gateway"), Resolved(stack, network.S3Endpoint.VpcEndpointId));
        Assert.Equal(RefTo(template, "AWS::Logs::LogGroup"), Resolved(stack, network.FlowLogGroup.LogGroupName));
    }

    public static TheoryData<NetworkProps, string> InvalidProps =>
        new()
        {
            {
                new NetworkProps { Cidr = "10.0.0.0" },
                "Cidr: '10.0.0.0' is not an IPv4 CIDR block"
            },
            {
                new NetworkProps { Cidr = "10.0.0.1/16" },
                "Cidr: '10.0.0.1/16' has host bits set: a /16 block starts at 10.0.0.0/16"
            },
            {
                new NetworkProps { Cidr = "10.0.0.0/8" },
                "Cidr: '10.0.0.0/8' has prefix /8"
            },
            {
                new NetworkProps { Cidr = "10.0.0.0/23" },
                "Cidr: '10.0.0.0/23' is too small: 4 subnets of /24"
            },
            {
                new NetworkProps { MaxAzs = 1 },
                "MaxAzs: 1 is out of range"
            },
            {
                new NetworkProps { MaxAzs = 7 },
                "MaxAzs: 7 is out of range"
            },
            {
                new NetworkProps { NatGateways = -1 },
                "NatGateways: -1 is out of range"
            },
            {
                new NetworkProps { SubnetCidrMask = 29 },
                "SubnetCidrMask: /29 must be"
            },
            {
                new NetworkProps { InterfaceEndpoints = ["ecr"] },
                "InterfaceEndpoints: 'ecr' is not a known interface endpoint"
            },
            {
                new NetworkProps { InterfaceEndpoints = ["logs", "logs"] },
                "InterfaceEndpoints: 'logs' is listed more than once"
            },
        };

    [Theory]
    [MemberData(nameof(InvalidProps))]
    public void Fails_when_a_prop_is_invalid(NetworkProps props, string expected)
    {
        var stack = TestStacks.NewStack();

        var error = Assert.Throws<ArgumentException>(() => new NetworkConstruct(stack, "Network", props));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>{"Ref": id} of the one resource of <paramref name="type"/> (of that VpcEndpointType, when given).</summary>
    private static string RefTo(Template template, string type, string? endpointType = null)
    {
        var ids = template
            .FindResources(type)
            .Where(r =>
                endpointType is null
                || JsonSerializer.Serialize(r.Value).Contains($"\"VpcEndpointType\":\"{endpointType}\"", StringComparison.Ordinal)
            )
            .Select(r => r.Key)
            .ToList();
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["Ref"] = Assert.Single(ids) });
    }

    private static string Resolved(Amazon.CDK.Stack stack, string token) => JsonSerializer.Serialize(stack.Resolve(token));
}
