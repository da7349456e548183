using Amazon.CDK;
using Constructs;
using Infra.App.Config;

namespace Infra.App.Stacks;

/// <summary>One environment's resources (database, service, migration function arrive with their issues).</summary>
public sealed class EnvironmentStack : Stack
{
    /// <summary>The environment this stack deploys.</summary>
    public EnvironmentConfig Config { get; }

    /// <summary>Creates the stack for <paramref name="environment"/>, placed in <paramref name="shared"/>'s network.</summary>
    public EnvironmentStack(Construct scope, string id, EnvironmentConfig environment, SharedStack shared, IStackProps props) : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(shared);
        Config = environment;
        // Deploy order: the environment's resources live in the shared VPC.
        AddDependency(shared, "environment resources live in the shared network");
    }
}
