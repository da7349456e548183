using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Infra.Constructs.GitHub;

/// <summary>
/// The CI roles, each with only what it needs:
/// <list type="bullet">
/// <item>pull-request: may assume only the CDK bootstrap lookup role (so `cdk diff` is a template diff and a pull
/// request cannot reach the deploy role);</item>
/// <item>deploy: trusted from the deploy branch and the production environment; may assume the bootstrap deploy,
/// publishing and lookup roles, tag images in the shared repository; environment stacks grant it their own actions
/// (invoking the migration function, waiting for the service);</item>
/// <item>image-push: one per application repository, push to the shared repository only.</item>
/// </list>
/// </summary>
public sealed class GitHubCiRoles : Construct
{
    /// <summary>The account's GitHub OIDC provider.</summary>
    public GitHubOidcProvider Provider { get; }

    /// <summary>The pull-request (read-only) role.</summary>
    public Role PullRequestRole { get; }

    /// <summary>The deploy role.</summary>
    public Role DeployRole { get; }

    /// <summary>The deploy role's name (environment stacks import it by name to grant their own actions).</summary>
    public string DeployRoleName { get; }

    /// <summary>Image-push roles by application repository (<c>owner/name</c>).</summary>
    public IReadOnlyDictionary<string, Role> ImagePushRoles { get; }

    /// <summary>Creates the provider (or imports it) and the roles.</summary>
    public GitHubCiRoles(Construct scope, string id, GitHubCiRolesProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var stack = Stack.Of(this);
        Provider = props.CreateProvider ? GitHubOidcProvider.Create(this, "Provider") : GitHubOidcProvider.Import(this, "Provider");

        PullRequestRole = Role(props.Repository, "PullRequest", $"{props.RoleNamePrefix}-github-pull-request", [GitHubSubject.PullRequest()],
            "GitHub pull requests: cdk diff through the bootstrap lookup role only");
        PullRequestRole.AddToPolicy(AssumeBootstrap(stack, "lookup"));

        DeployRoleName = $"{props.RoleNamePrefix}-github-deploy";
        DeployRole = Role(props.Repository, "Deploy", DeployRoleName,
            [GitHubSubject.Branch(props.DeployBranch), GitHubSubject.Environment(props.ProductionEnvironment)],
            "GitHub deploys from the deploy branch and the production environment");
        DeployRole.AddToPolicy(AssumeBootstrap(stack, "lookup", "deploy", "file-publishing", "image-publishing"));
        // The release promotes an image by adding an <environment>-<sha> tag to it.
        props.Images.GrantPush(DeployRole);
        SuppressRegistryLogin(DeployRole);

        ImagePushRoles = props.ImageRepositories.ToDictionary(r => $"{r.Owner}/{r.Name}", repository =>
        {
            var role = Role(repository, $"ImagePush{Pascal(repository.Owner)}{Pascal(repository.Name)}", $"{props.RoleNamePrefix}-github-push-{repository.Name}".ToLowerInvariant(),
                [GitHubSubject.Branch(props.DeployBranch)], $"GitHub image builds of {repository.Owner}/{repository.Name}: push to the shared repository");
            props.Images.GrantPush(role);
            SuppressRegistryLogin(role);
            return role;
        });
    }

    private Role Role(GitHubRepository repository, string id, string roleName, IReadOnlyList<GitHubSubject> subjects, string description)
    {
        var role = new GitHubRole(this, id, new GitHubRoleProps { Provider = Provider, Repository = repository, Subjects = subjects, Description = description }).Role;
        ((CfnRole)role.Node.DefaultChild!).RoleName = roleName;
        return role;
    }

    private static void SuppressRegistryLogin(Role role)
    {
        if (role.Node.TryFindChild("DefaultPolicy") is Policy policy)
            Validation.NagSuppressions.Add(policy, "AwsSolutions-IAM5", "ecr:GetAuthorizationToken (docker login) has no resource-level permission; pushes name the shared repository.", "Resource::*");
    }

    private static PolicyStatement AssumeBootstrap(Stack stack, params string[] kinds) => new(new PolicyStatementProps
    {
        Actions = ["sts:AssumeRole"],
        Resources = [.. kinds.Select(kind => CdkBootstrapRoles.Arn(stack, kind))],
    });

    private static string Pascal(string name) =>
        string.Concat(name.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
