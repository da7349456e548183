using Amazon.CDK;
using Constructs;
using Infra.App.Config;
using Infra.Constructs.GitHub;
using Infra.Constructs.Network;
using Infra.Constructs.Registry;

namespace Infra.App.Stacks;

/// <summary>Account-level resources every environment uses: the network and the image repository and the GitHub OIDC provider with the CI
/// roles.</summary>
public sealed class SharedStack : Stack
{
    /// <summary>The shared VPC and its endpoints.</summary>
    public Network Network { get; }

    /// <summary>The image repository every environment pulls from.</summary>
    public ImageRepository Images { get; }

    /// <summary>GitHub Actions' OIDC provider and CI roles, when configured.</summary>
    public GitHubCiRoles? GitHub { get; }

    /// <summary>Creates the shared stack for <paramref name="config"/>'s account and region.</summary>
    public SharedStack(Construct scope, string id, InfraConfig config, IStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(config);
        Network = new Network(this, "Network", config.Network);
        Images = new ImageRepository(this, "Images", config.Registry);
        if (config.GitHub is { } github)
        {
            GitHub = new GitHubCiRoles(
                this,
                "GitHub",
                new GitHubCiRolesProps
                {
                    Repository = github.Repository,
                    RoleNamePrefix = config.Project,
                    CreateProvider = github.CreateProvider,
                    Images = Images.Repository,
                    DevLevel = config.TrustLevels.Dev,
                    ProductionLevel = config.TrustLevels.Production,
                    ImageRepositories = github.ImageRepositories,
                }
            );
        }
    }
}
