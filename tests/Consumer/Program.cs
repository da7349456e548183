using System.Reflection;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Infra.Constructs.Bootstrap;
using Infra.Constructs.Database;
using Infra.Constructs.GitHub;
using Infra.Constructs.Migration;
using Infra.Constructs.Network;
using Infra.Constructs.Service;

// The smallest complete use of the library (constructs/README.md opens with it): an existing VPC, a database with its
// users, the web service, CI roles for GitHub and the schema migration function with the package the library carries.
// Where to write comes from the CDK CLI (`cdk synth` sets CDK_OUTDIR), as for any CDK app.
var app = new App();
var stack = new Stack(
    app,
    "ConsumerStack",
    new StackProps
    {
        Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" },
    }
);

var vpc = Vpc.FromVpcAttributes(
    stack,
    "Vpc",
    new VpcAttributes
    {
        VpcId = "vpc-0123456789abcdef0",
        AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
        PublicSubnetIds = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
        PrivateSubnetIds = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
    }
);
var privateSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

// What the imported VPC's private subnets reach (the library judges every private placement by it).
var reach = new NetworkReach { NatGateway = true };
var database = new PostgresDatabase(stack, "Database", new PostgresDatabaseProps { Vpc = vpc, Subnets = privateSubnets });

// The users app and schema_sync, created on every deploy by the runner the library carries.
_ = new DatabaseUsersBootstrap(
    stack,
    "DatabaseUsers",
    new DatabaseUsersBootstrapProps
    {
        Database = database,
        Vpc = vpc,
        Subnets = privateSubnets,
        Reach = reach,
    }
);
var images = Repository.FromRepositoryName(stack, "Images", "team/app");

_ = new WebService(
    stack,
    "Web",
    new WebServiceProps
    {
        Vpc = vpc,
        PublicSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
        PrivateSubnets = privateSubnets,
        Repository = images,
        ImageTag = "v1",
    }
);

// The same image on Lambda (canary releases, no idle cost), in the private subnets, bounded to the database's connections.
_ = new WebFunction(
    stack,
    "WebOnLambda",
    new WebFunctionProps
    {
        Vpc = vpc,
        Subnets = privateSubnets,
        Reach = reach,
        Repository = images,
        ImageTag = "v1",
        DatabaseInstanceClass = "t4g.micro",
        Settings = new WebFunctionSettings { Rollout = LambdaRollout.Canary10Percent5Minutes },
    }
);
_ = new GitHubCiRoles(
    stack,
    "Ci",
    new GitHubCiRolesProps
    {
        Repository = new GitHubRepository("team-org", "infra"),
        RoleNamePrefix = "team",
        DevLevel = new TrustLevel(TrustLevel.Dev, "teamdev"),
        ProductionLevel = new TrustLevel(TrustLevel.Production, "teamprod"),
        Images = images,
    }
);
var source = PostgresDatabase.FromAttributes(
    stack,
    "DevDatabase",
    new PostgresDatabaseAttributes
    {
        Endpoint = "dev.cluster-abc.eu-west-1.rds.amazonaws.com",
        ResourceId = "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        DatabaseName = "app",
        SecurityGroup = SecurityGroup.FromSecurityGroupId(stack, "DevDatabaseGroup", "sg-0123456789abcdef0"),
    }
);
_ = new SchemaMigrationFunction(
    stack,
    "SchemaSync",
    new SchemaMigrationFunctionProps
    {
        Vpc = vpc,
        Subnets = privateSubnets,
        Source = source,
        Target = database,
        Reach = reach,
    }
);

app.Synth();

// What the test checks it ran against: the just-packed assembly, from the restore folder.
var library = typeof(SchemaMigrationFunction).Assembly;
Console.WriteLine($"library: {library.Location}");
Console.WriteLine($"version: {library.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
