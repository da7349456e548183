using Amazon.CDK.AWS.ECR;
using Infra.Constructs.Bootstrap;

namespace Infra.Constructs.GitHub;

/// <summary>Properties of <see cref="GitHubCiRoles"/>.</summary>
public sealed record GitHubCiRolesProps
{
    /// <summary>The infrastructure repository (this one), whose workflows diff and deploy.</summary>
    public required GitHubRepository Repository { get; init; }

    /// <summary>Prefix of the role names, which the workflows name.</summary>
    public required string RoleNamePrefix { get; init; }

    /// <summary>The bootstrap of the stacks the deploy branch may deploy without approval.</summary>
    public required TrustLevel DevLevel { get; init; }

    /// <summary>The bootstrap of the stacks only the approved production environment may deploy.</summary>
    public required TrustLevel ProductionLevel { get; init; }

    /// <summary>Whether to create the account's GitHub OIDC provider, or use the one it already has.</summary>
    /// <remarks>Default: false: import (an account holds one provider per issuer).</remarks>
    public bool CreateProvider { get; init; }

    /// <summary>An existing provider to trust (for example <c>OpenIdConnectProvider.FromOpenIdConnectProviderArn</c>).</summary>
    /// <remarks>Default: per <see cref="CreateProvider"/>: created, or the account's GitHub provider by its well-known ARN.</remarks>
    public Amazon.CDK.AWS.IAM.IOpenIdConnectProvider? Provider { get; init; }

    /// <summary>The shared image repository: application repositories push to it, production promotes in it.</summary>
    public required IRepository Images { get; init; }

    /// <summary>Application repositories allowed to push images (from their deploy branch).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<GitHubRepository> ImageRepositories { get; init; } = [];

    /// <summary>The branch the dev level deploys from.</summary>
    /// <remarks>Default: main.</remarks>
    public string DeployBranch { get; init; } = "main";

    /// <summary>
    /// The workflow files (in <c>.github/workflows/</c> of <see cref="Repository"/>) whose jobs alone may use the
    /// production role, on <see cref="DeployBranch"/>: reusable workflows, so that the <c>job_workflow_ref</c> claim
    /// names them whichever workflow calls them.
    /// </summary>
    /// <remarks>Default: production-deploy.yml and production-release.yml.</remarks>
    public IReadOnlyList<string> ProductionWorkflows { get; init; } = ["production-deploy.yml", "production-release.yml"];

    /// <summary>The GitHub environment with required reviewers that production jobs declare.</summary>
    /// <remarks>Default: production.</remarks>
    public string ProductionEnvironment { get; init; } = "production";
}
