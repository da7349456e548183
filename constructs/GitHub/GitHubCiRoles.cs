using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Infra.Constructs.Bootstrap;
using static Infra.Constructs.Bootstrap.TrustLevel;

namespace Infra.Constructs.GitHub;

/// <summary>
/// The CI roles, one per trust boundary, each with only what it needs:
/// <list type="bullet">
/// <item>pull-request: pull requests; the lookup roles of both levels (so <c>cdk diff</c> is a template diff);</item>
/// <item>dev: the deploy branch (subject and <c>ref</c> claim); the dev level's deploy and publishing roles, both levels'
/// lookup roles;</item>
/// <item>production: only jobs of the approved production environment that run in one of the named reusable
/// workflows on the deploy branch (<c>job_workflow_ref</c>); the production level's deploy and publishing roles (shared
/// and prod stacks), both levels' lookup roles, and promoting an image by re-tagging it;</item>
/// <item>image-push: one per application repository, from its deploy branch: push to the shared repository only.</item>
/// </list>
/// Environment stacks grant these roles, by name, what they do there beyond CloudFormation (invoking the
/// migration functions).
/// </summary>
public sealed partial class GitHubCiRoles : Construct
{
    /// <summary>The account's GitHub OIDC provider.</summary>
    public Amazon.CDK.AWS.IAM.IOpenIdConnectProvider Provider { get; }

    /// <summary>The pull-request (read-only) role.</summary>
    public Role PullRequestRole { get; }

    /// <summary>The role of the deploy branch's jobs: the dev level only.</summary>
    public Role DevRole { get; }

    /// <summary>The role of the production environment's (approved) jobs: the production level.</summary>
    public Role ProductionRole { get; }

    /// <summary>Names of the roles above, which workflows name and environment stacks import.</summary>
    public (string PullRequest, string Dev, string Production) RoleNames { get; }

    /// <summary>Image-push roles by application repository (<c>owner/name</c>).</summary>
    public IReadOnlyDictionary<string, Role> ImagePushRoles { get; }

    /// <summary>Creates the provider (or imports it) and the roles.</summary>
    public GitHubCiRoles(Construct scope, string id, GitHubCiRolesProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        Validation.PropProblem.ThrowIfAny(props.DevLevel.FindProblem(), nameof(GitHubCiRoles), id);
        Validation.PropProblem.ThrowIfAny(props.ProductionLevel.FindProblem(), nameof(GitHubCiRoles), id);
        if (props.DevLevel.Qualifier == props.ProductionLevel.Qualifier)
            throw new ArgumentException(
                $"GitHubCiRoles {id}: DevLevel and ProductionLevel share the qualifier '{props.DevLevel.Qualifier}'; one bootstrap "
                    + "cannot be two trust boundaries",
                nameof(props)
            );
        if (props.ProductionWorkflows.Count == 0 || props.ProductionWorkflows.Any(w => !WorkflowFile().IsMatch(w)))
            throw new ArgumentException(
                $"GitHubCiRoles {id}: ProductionWorkflows: "
                    + $"[{string.Join(", ", props.ProductionWorkflows)}] must name at least one workflow file "
                    + "(name.yml, no path or wildcard)",
                nameof(props)
            );
        var stack = Stack.Of(this);
        if (props.Provider is not null && props.CreateProvider)
            throw new ArgumentException(
                $"GitHubCiRoles {id}: CreateProvider: true, but a Provider is given; an account holds one provider per issuer",
                nameof(props)
            );
        Provider = props.Provider
            ?? (props.CreateProvider ? GitHubOidcProvider.Create(this, "Provider") : GitHubOidcProvider.Import(this, "Provider")).Provider;
        RoleNames = (
            $"{props.RoleNamePrefix}-github-pull-request",
            $"{props.RoleNamePrefix}-github-dev",
            $"{props.RoleNamePrefix}-github-production"
        );
        PolicyStatement LookupBoth() =>
            Assume(stack, (props.DevLevel, BootstrapRole.Lookup), (props.ProductionLevel, BootstrapRole.Lookup));
        // After a deploy the scripts read the project's stacks (the smoke check's HealthUrl output, a Lambda release's
        // CodeDeploy outcome): read-only, and only stacks and deployment groups named after the project.
        PolicyStatement[] ReadReleases() =>
            [
                new(
                    new PolicyStatementProps
                    {
                        Actions = ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResources"],
                        Resources =
                        [
                            $"arn:{stack.Partition}:cloudformation:{stack.Region}:{stack.Account}:stack/{props.RoleNamePrefix}-*/*",
                        ],
                    }
                ),
                new(
                    new PolicyStatementProps
                    {
                        Actions = ["codedeploy:ListDeployments", "codedeploy:GetDeployment"],
                        Resources =
                        [
                            $"arn:{stack.Partition}:codedeploy:{stack.Region}:{stack.Account}:deploymentgroup:{props.RoleNamePrefix}-*/*",
                        ],
                    }
                ),
            ];

        PullRequestRole = Role(
            props.Repository,
            "PullRequest",
            RoleNames.PullRequest,
            [GitHubSubject.PullRequest()],
            "GitHub pull requests: cdk diff through the bootstrap lookup roles only"
        );
        PullRequestRole.AddToPolicy(LookupBoth());

        var deployRef = $"refs/heads/{props.DeployBranch}";
        DevRole = Role(
            props.Repository,
            "Dev",
            RoleNames.Dev,
            [GitHubSubject.Branch(props.DeployBranch)],
            $"GitHub jobs on {props.DeployBranch}: deploy the dev trust level",
            gitRef: deployRef
        );
        DevRole.AddToPolicy(LookupBoth());
        DevRole.AddToPolicy(Assume(stack, Publishing(props.DevLevel)));
        foreach (var statement in ReadReleases())
            DevRole.AddToPolicy(statement);
        // A release first checks that its image tag exists (scripts/ci/check-image): reading image metadata only.
        DevRole.AddToPolicy(
            new PolicyStatement(new PolicyStatementProps { Actions = ["ecr:DescribeImages"], Resources = [props.Images.RepositoryArn] })
        );

        SuppressReleaseReads(DevRole);

        ProductionRole = Role(
            props.Repository,
            "Production",
            RoleNames.Production,
            [GitHubSubject.Environment(props.ProductionEnvironment)],
            $"GitHub jobs of the approved '{props.ProductionEnvironment}' environment in its reusable workflows: deploy the "
                + "production trust level",
            workflows:
            [
                .. props.ProductionWorkflows.Select(w =>
                    $"{props.Repository.Owner}/{props.Repository.Name}/.github/workflows/{w}@{deployRef}"
                ),
            ]
        );
        ProductionRole.AddToPolicy(LookupBoth());
        ProductionRole.AddToPolicy(Assume(stack, Publishing(props.ProductionLevel)));
        foreach (var statement in ReadReleases())
            ProductionRole.AddToPolicy(statement);
        // Promoting re-tags an image that is already in the repository (<environment>-<sha>): its manifest is read
        // and put again (a re-run compares digests). No layer upload: only application repositories push new images.
        ProductionRole.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["ecr:BatchGetImage", "ecr:PutImage", "ecr:DescribeImages"],
                    Resources = [props.Images.RepositoryArn],
                }
            )
        );

        SuppressReleaseReads(ProductionRole);

        ImagePushRoles = props.ImageRepositories.ToDictionary(
            r => $"{r.Owner}/{r.Name}",
            repository =>
            {
                var role = Role(
                    repository,
                    $"ImagePush{Pascal(repository.Owner)}{Pascal(repository.Name)}",
                    $"{props.RoleNamePrefix}-github-push-{repository.Name}".ToLowerInvariant(),
                    [GitHubSubject.Branch(props.DeployBranch)],
                    $"GitHub image builds of {repository.Owner}/{repository.Name}: push to the shared repository"
                );
                props.Images.GrantPush(role);
                if (role.Node.TryFindChild("DefaultPolicy") is Policy policy)
                    Validation.NagSuppressions.Add(
                        policy,
                        "AwsSolutions-IAM5",
                        "ecr:GetAuthorizationToken (docker login) has no resource-level permission; pushes name the shared repository.",
                        "Resource::*"
                    );
                return role;
            }
        );
    }

    private Role Role(
        GitHubRepository repository,
        string id,
        string roleName,
        IReadOnlyList<GitHubSubject> subjects,
        string description,
        string? gitRef = null,
        IReadOnlyList<string>? workflows = null
    )
    {
        var role = new GitHubRole(
            this,
            id,
            new GitHubRoleProps
            {
                Provider = Provider,
                Repository = repository,
                Subjects = subjects,
                Description = description,
                Ref = gitRef,
                JobWorkflowRefs = workflows ?? [],
            }
        ).Role;
        ((CfnRole)role.Node.DefaultChild!).RoleName = roleName;
        return role;
    }

    private static (TrustLevel, BootstrapRole)[] Publishing(TrustLevel level) =>
        [(level, BootstrapRole.Deploy), (level, BootstrapRole.FilePublishing), (level, BootstrapRole.ImagePublishing)];

    /// <summary>The reads of <c>ReadReleases</c> name the project's stacks and deployment groups by prefix: their ARNs end in
    /// ids CloudFormation generates.</summary>
    private static void SuppressReleaseReads(Role role)
    {
        if (role.Node.TryFindChild("DefaultPolicy") is { } policy)
            Validation.NagSuppressions.AddMatching(
                policy,
                "AwsSolutions-IAM5",
                "Read-only Describe/Get on the project's own stacks and CodeDeploy deployment groups: their ARNs end in ids "
                    + "CloudFormation generates at creation, so they are named by the project's prefix.",
                "/^Resource::arn:[^:]+:(cloudformation:[^:]+:[^:]+:stack|codedeploy:[^:]+:[^:]+:deploymentgroup)"
                    + "[:\\/][a-z0-9-]+-\\*\\/\\*$/"
            );
    }

    private static PolicyStatement Assume(Stack stack, params (TrustLevel Level, BootstrapRole Role)[] roles) =>
        new(
            new PolicyStatementProps
            {
                Actions = ["sts:AssumeRole", "sts:TagSession"],
                Resources = [.. roles.Select(r => r.Level.RoleArn(stack, r.Role))],
            }
        );

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9._-]+\.ya?ml$")]
    private static partial System.Text.RegularExpressions.Regex WorkflowFile();

    private static string Pascal(string name) =>
        string.Concat(name.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
