using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Infra.Constructs.Database;

namespace Infra.Constructs.Service;

/// <summary>
/// A role for people who reach a database through a service's running task, with nothing public: ECS Exec's port
/// forwarding (an SSM session to the task, forwarded to the database endpoint), then an IAM token for one database
/// user. Anyone in the account whose own policy lets them assume it may; it reaches this service's tasks and this
/// database user only.
/// </summary>
public sealed class DatabaseTunnelRole : Construct
{
    /// <summary>The SSM document that forwards a local port through the task to another host.</summary>
    public const string PortForwardingDocument = "AWS-StartPortForwardingSessionToRemoteHost";

    /// <summary>The role.</summary>
    public Role Role { get; }

    /// <summary>Creates the role for <paramref name="service"/>'s tasks and <paramref name="databaseUser"/> on <paramref
    /// name="database"/>.</summary>
    public DatabaseTunnelRole(
        Construct scope,
        string id,
        WebService service,
        IPostgresDatabase database,
        string databaseUser,
        string roleName
    )
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(database);
        var stack = Stack.Of(this);
        Role = new Role(
            this,
            "Resource",
            new RoleProps
            {
                RoleName = roleName,
                AssumedBy = new AccountPrincipal(stack.Account),
                MaxSessionDuration = Duration.Hours(1),
                Description = $"Developers: a port forward through the service's tasks (ECS Exec) to the database, as {databaseUser}",
            }
        );
        var tasks = stack.FormatArn(
            new ArnComponents
            {
                Service = "ecs",
                Resource = "task",
                ResourceName = $"{service.Service.Cluster.ClusterName}/*",
            }
        );
        Role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["ecs:ListTasks"],
                    Resources = ["*"],
                    Conditions = new Dictionary<string, object>
                    {
                        ["ArnEquals"] = new Dictionary<string, object> { ["ecs:cluster"] = service.Service.Cluster.ClusterArn },
                    },
                }
            )
        );
        Role.AddToPolicy(
            new PolicyStatement(new PolicyStatementProps { Actions = ["ecs:DescribeTasks", "ecs:ExecuteCommand"], Resources = [tasks] })
        );
        Role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["ssm:StartSession"],
                    Resources =
                    [
                        tasks,
                        stack.FormatArn(
                            new ArnComponents
                            {
                                Service = "ssm",
                                Account = "",
                                Resource = "document",
                                ResourceName = PortForwardingDocument,
                            }
                        ),
                    ],
                }
            )
        );
        database.GrantConnect(Role, databaseUser);
        var policy = (Policy)Role.Node.FindChild("DefaultPolicy");
        // cdk-nag names the task ARN as it renders it: with the stack's account and region, or their tokens.
        var cluster = $"<{stack.GetLogicalId((CfnElement)service.Service.Cluster.Node.DefaultChild!)}>";
        string[] taskArns =
            Token.IsUnresolved(stack.Account) || Token.IsUnresolved(stack.Region)
                ? [$"Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/{cluster}/*"]
                : [$"Resource::arn:{stack.Partition}:ecs:{stack.Region}:{stack.Account}:task/{cluster}/*"];
        Validation.NagSuppressions.Add(
            policy,
            "AwsSolutions-IAM5",
            "ecs:ListTasks has no resource-level permission; it is limited to this cluster by the ecs:cluster condition. Tasks are "
                + "named by the cluster's ARN prefix because their ids change with every deployment.",
            ["Resource::*", .. taskArns]
        );
    }
}
