using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.Lambda;
using Infra.Constructs.Database;
using Infra.Constructs.Migration;
using Infra.Constructs.Network;
using Infra.Constructs.Service;

namespace Infra.Constructs.Tests.Network;

/// <summary>
/// The one reachability rule as the constructs apply it to a VPC they did not create: the caller declares what its
/// private subnets reach, and without that a private placement fails with a message saying how.
/// </summary>
public sealed class ReachabilityTests
{
    private static (Amazon.CDK.Stack Stack, IVpc Vpc) ImportedVpc()
    {
        var stack = TestStacks.NewStack();
        var vpc = Vpc.FromVpcAttributes(
            stack,
            "Vpc",
            new VpcAttributes
            {
                VpcId = "vpc-0123456789abcdef0",
                AvailabilityZones = ["eu-west-2a", "eu-west-2b"],
                PublicSubnetIds = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
                PrivateSubnetIds = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
            }
        );
        return (stack, vpc);
    }

    private static readonly SubnetSelection Private = new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    private static void Service(NetworkReach? reach)
    {
        var (stack, vpc) = ImportedVpc();
        _ = new WebService(
            stack,
            "Web",
            new WebServiceProps
            {
                Vpc = vpc,
                PublicSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
                PrivateSubnets = Private,
                Repository = Repository.FromRepositoryName(stack, "Images", "team/app"),
                ImageTag = "v1",
                Reach = reach,
                Settings = new WebServiceSettings { Placement = TaskPlacement.Private },
            }
        );
    }

    private static void Migration(NetworkReach? reach)
    {
        var (stack, vpc) = ImportedVpc();
        PostgresDatabase Db(string id) => new(stack, id, new PostgresDatabaseProps { Vpc = vpc, Subnets = Private });
        var code = Code.FromBucket(Amazon.CDK.AWS.S3.Bucket.FromBucketName(stack, "CodeBucket", "stand-in-code"), "migration.zip");
        _ = new SchemaMigrationFunction(
            stack,
            "Sync",
            new SchemaMigrationFunctionProps
            {
                Vpc = vpc,
                Subnets = Private,
                Source = Db("Dev"),
                Target = Db("Prod"),
                Code = code,
                Reach = reach,
            }
        );
    }

    [Fact]
    public void An_imported_vpc_whose_reach_is_not_declared_fails_a_private_placement_saying_how()
    {
        var service = Assert.Throws<ArgumentException>(() => Service(null));
        var migration = Assert.Throws<ArgumentException>(() => Migration(null));

        Assert.Contains(
            "WebService Web: Placement: a 'private' Fargate task runs in private subnets of a VPC this library did not create: "
                + "declare what they reach (a NetworkReach",
            service.Message,
            StringComparison.Ordinal
        );
        Assert.Contains("it needs ecr.api, ecr.dkr, logs, s3", service.Message, StringComparison.Ordinal);
        Assert.Contains(
            "SchemaMigrationFunction Sync: Reach: the schema migration function runs in private subnets of a VPC this library did not "
                + "create",
            migration.Message,
            StringComparison.Ordinal
        );
        Assert.Contains("it needs s3", migration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_reach_is_judged_by_what_each_workload_needs()
    {
        var endpoints = new NetworkReach { S3Gateway = true, InterfaceEndpoints = ["ecr.api", "ecr.dkr", "logs"] };
        var s3Only = new NetworkReach { S3Gateway = true };

        Service(endpoints);
        Migration(s3Only);
        var error = Assert.Throws<ArgumentException>(() => Service(s3Only));
        Assert.Contains("could not reach ecr.api, ecr.dkr, logs", error.Message, StringComparison.Ordinal);
        // A Lambda function needs nothing for its code, logs or credentials: only what its code calls.
        Assert.Throws<ArgumentException>(() => Migration(new NetworkReach { InterfaceEndpoints = ["ecr.api", "ecr.dkr", "logs"] }));
        Migration(new NetworkReach { NatGateway = true });
    }

    [Fact]
    public void An_endpoint_meets_a_need_before_a_nat_gateway_as_the_vpc_routes_it()
    {
        var both = new NetworkReach
        {
            NatGateway = true,
            S3Gateway = true,
            InterfaceEndpoints = ["logs"],
        };

        Assert.Equal("s3-gateway", Reachability.MetBy(NetworkReach.S3, both));
        Assert.Equal("interface-endpoint:logs", Reachability.MetBy("logs", both));
        Assert.Equal("nat-gateway", Reachability.MetBy("ecr.api", both));
        Assert.Equal("none", Reachability.MetBy("ecr.api", new NetworkReach { S3Gateway = true }));
        // A workload is recorded by its code, never by a sentence the report would have to parse.
        var error = Assert.Throws<ArgumentException>(() =>
            Reachability.Record(TestStacks.NewStack(), "the web function (Lambda)", [], both)
        );
        Assert.Contains("workload: 'the web function (Lambda)' is not a code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_the_library_created_is_read_for_its_reach()
    {
        var stack = TestStacks.NewStack();
        var network = new Infra.Constructs.Network.Network(stack, "Network", new NetworkProps { InterfaceEndpoints = ["logs"] });

        Assert.Equal(network.Reach, NetworkReach.Of(network.Vpc));
        Assert.True(network.Reach.Reaches(NetworkReach.S3));
        Assert.True(network.Reach.Reaches("logs"));
        Assert.False(network.Reach.Reaches("ecr.api"));
    }
}
