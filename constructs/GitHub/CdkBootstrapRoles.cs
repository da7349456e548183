using Amazon.CDK;

namespace Infra.Constructs.GitHub;

/// <summary>ARNs of the roles `cdk bootstrap` creates (default qualifier), which CI roles may assume and nothing more.</summary>
public static class CdkBootstrapRoles
{
    /// <summary>The default bootstrap qualifier.</summary>
    public const string Qualifier = "hnb659fds";

    /// <summary>The ARN of bootstrap role <paramref name="kind"/> (lookup, deploy, file-publishing, image-publishing) in <paramref name="stack"/>'s account and region.</summary>
    public static string Arn(Stack stack, string kind)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return stack.FormatArn(new ArnComponents
        {
            Service = "iam",
            Region = "",
            Resource = "role",
            ResourceName = $"cdk-{Qualifier}-{kind}-role-{stack.Account}-{stack.Region}",
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });
    }
}
