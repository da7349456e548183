using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Infra.Constructs.Bundling;
using Infra.Constructs.Network;
using Infra.Constructs.Validation;
using Infra.Contract;

namespace Infra.Constructs.Database;

/// <summary>
/// Creates the database's IAM users (<see cref="DatabaseUsers"/>) during the deploy, before anything connects: a
/// custom resource whose runner signs in as the IAM-authenticated master user. Make what connects depend on
/// <see cref="Resource"/>. The runner has its own role: connect as the master user to this database, nothing else.
/// </summary>
public sealed class DatabaseUsersBootstrap : Construct
{
    // Seconds the runner may run; it answers CloudFormation 30 s before (work, then a retried upload).
    private const int RunnerTimeoutSeconds = 120;

    /// <summary>The custom resource; it completes once the users exist.</summary>
    public CustomResource Resource { get; }

    /// <summary>The runner function.</summary>
    public IFunction Function { get; }

    /// <summary>Creates the runner and the custom resource.</summary>
    public DatabaseUsersBootstrap(Construct scope, string id, DatabaseUsersBootstrapProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        // Its answer to CloudFormation goes to an S3 presigned URL; the database is in the VPC.
        var reach = props.Reach ?? NetworkReach.Of(props.Vpc);
        PropProblem.ThrowIfAny(
            Reachability.FindProblem(
                nameof(props.Reach),
                "the database user bootstrap",
                Reachability.LambdaFunction(NetworkReach.S3),
                reach
            ),
            nameof(DatabaseUsersBootstrap),
            id
        );
        Reachability.Record(this, Reachability.Workloads.DatabaseUserBootstrap, Reachability.LambdaFunction(NetworkReach.S3), reach!);
        var securityGroup = new SecurityGroup(
            this,
            "SecurityGroup",
            new SecurityGroupProps
            {
                Vpc = props.Vpc,
                Description = "Database user bootstrap: the database, and HTTPS for the CloudFormation response (S3)",
                AllowAllOutbound = false,
            }
        );
        securityGroup.Connections.AllowToDefaultPort(props.Database.Connections, "user bootstrap to the database");
        securityGroup.AddEgressRule(
            Peer.AnyIpv4(),
            Port.Tcp(443),
            "the CloudFormation response URL is in S3, reached through the gateway endpoint"
        );
        NagSuppressions.Add(
            securityGroup,
            "AwsSolutions-EC27",
            "Egress 443 reaches only the S3 gateway endpoint (no NAT or internet route): the CloudFormation response URL is a "
                + "regional S3 presigned URL."
        );

        var logs = new LogGroup(this, "Logs", new LogGroupProps { Retention = props.LogRetention, RemovalPolicy = RemovalPolicy.DESTROY });
        var role = VpcFunctionRole.Create(this, logs, "Database user bootstrap: logs, VPC network interfaces, connect as the master user");
        props.Database.GrantConnect(role, DatabaseUsers.Admin);
        if (role.Node.TryFindChild("DefaultPolicy") is Policy policy)
            NagSuppressions.Add(policy, "AwsSolutions-IAM5", VpcFunctionRole.NetworkInterfaceReason + ".", "Resource::*");

        var code = props.Code ?? PrebuiltFunctionPackage.Code(nameof(DatabaseUsersBootstrap));
        var package = PackageLocation(code);
        Function = new Function(
            this,
            "Function",
            new FunctionProps
            {
                Runtime = DotNetCode.Dotnet10,
                Architecture = Architecture.ARM_64,
                Handler = FunctionContract.BootstrapHandler,
                Code = code,
                Role = role,
                MemorySize = 512,
                Timeout = Duration.Seconds(RunnerTimeoutSeconds),
                // One deploy of one stack calls it at a time; the reserved slot also keeps the app from starving it.
                ReservedConcurrentExecutions = 1,
                // The runner answers CloudFormation by then, whatever happens (CDK 2.160 has no custom-resource timeout).
                Environment = new Dictionary<string, string>
                {
                    [FunctionEnvironment.ResponseDeadlineSeconds] = (RunnerTimeoutSeconds - 30).ToString(CultureInfo.InvariantCulture),
                },
                Vpc = props.Vpc,
                VpcSubnets = props.Subnets,
                SecurityGroups = [securityGroup],
                LogGroup = logs,
            }
        );
        Waiver.ApplyAll(Function, ComplianceWaivers.PlatformFunction);

        Resource = new CustomResource(
            this,
            "Resource",
            new CustomResourceProps
            {
                ServiceToken = Function.FunctionArn,
                ResourceType = FunctionContract.BootstrapResourceType,
                Properties = new Dictionary<string, object>
                {
                    [BootstrapProperties.Host] = props.Database.Endpoint,
                    [BootstrapProperties.Port] = props.Database.Port.ToString(CultureInfo.InvariantCulture),
                    [BootstrapProperties.DatabaseName] = props.Database.DatabaseName,
                    [BootstrapProperties.MasterUser] = DatabaseUsers.Admin,
                    // Runs again whenever the user script changes, and whenever the runner's package does: CloudFormation
                    // updates the function first, so the new code runs (the script it embeds may have changed too).
                    [BootstrapProperties.ScriptHash] = Convert.ToHexStringLower(
                        System.Security.Cryptography.SHA256.HashData(
                            System.Text.Encoding.UTF8.GetBytes(DatabaseUserBootstrap.Sql(props.Database.DatabaseName))
                        )
                    )[..16],
                    [BootstrapProperties.Package] = package,
                },
            }
        );
        // CloudFormation needs the runner's network and permissions in place before it invokes it.
        Resource.Node.AddDependency(role);
        Resource.Node.AddDependency(securityGroup);
    }

    /// <summary>
    /// Where the runner's code is: an asset's S3 key (its hash), an image URI, or the inline code's hash. Binding here
    /// first is what the function does too; an asset is created once per stack and shared.
    /// </summary>
    private string PackageLocation(Code code)
    {
        var config = code.Bind(this);
        return config.S3Location?.ObjectKey
            ?? config.Image?.ImageUri
            ?? Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(config.InlineCode ?? ""))
            )[..16];
    }
}
