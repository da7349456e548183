using Amazon.CDK;
using Constructs;
using Infra.App.Config;
using Infra.Constructs.Network;

namespace Infra.App.Stacks;

/// <summary>Account-level resources every environment uses: the network (and, with later issues, the image repository and CI roles).</summary>
public sealed class SharedStack : Stack
{
    /// <summary>The shared VPC and its endpoints.</summary>
    public Network Network { get; }

    /// <summary>Creates the shared stack for <paramref name="config"/>'s account and region.</summary>
    public SharedStack(Construct scope, string id, InfraConfig config, IStackProps props) : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(config);
        Network = new Network(this, "Network", config.Network);
    }
}
