using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Infra.Constructs.Bundling;

/// <summary>
/// The execution role of a function in a VPC, inline and named instead of AWS's managed basic and VPC execution
/// policies: write to its own log group, manage its network interfaces. Callers add their own grants.
/// </summary>
public static class VpcFunctionRole
{
    /// <summary>Reason for the one wildcard the role needs, for the caller's suppression.</summary>
    public const string NetworkInterfaceReason = "EC2 network-interface actions a VPC Lambda needs have no resource-level permissions";

    /// <summary>Creates the role under <paramref name="scope"/> with id "Role".</summary>
    public static Role Create(Construct scope, ILogGroup logGroup, string description)
    {
        ArgumentNullException.ThrowIfNull(logGroup);
        var role = new Role(
            scope,
            "Role",
            new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com"), Description = description }
        );
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps { Actions = ["logs:CreateLogStream", "logs:PutLogEvents"], Resources = [logGroup.LogGroupArn] }
            )
        );
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions =
                    [
                        "ec2:CreateNetworkInterface",
                        "ec2:DescribeNetworkInterfaces",
                        "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses",
                    ],
                    Resources = ["*"],
                }
            )
        );
        return role;
    }
}
