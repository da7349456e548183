using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.SNS;

namespace Infra.Constructs.Service;

/// <summary>Properties of <see cref="WebService"/>: what it connects to, and its <see cref="Settings"/>.</summary>
public sealed record WebServiceProps
{
    /// <summary>The VPC (for example <c>Network.Vpc</c>).</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>Public subnets: the load balancer's, and the tasks' with <see cref="TaskPlacement.Public"/>.</summary>
    public required SubnetSelection PublicSubnets { get; init; }

    /// <summary>Private subnets: the tasks' with <see cref="TaskPlacement.Private"/>.</summary>
    public required SubnetSelection PrivateSubnets { get; init; }

    /// <summary>What the private subnets reach, for a VPC not created by <see cref="Network.Network"/> (tasks placed there are judged by
    /// it).</summary>
    /// <remarks>Default: the creating Network's reach; none for an imported VPC (a private placement then fails, saying so).</remarks>
    public Network.NetworkReach? Reach { get; init; }

    /// <summary>The repository the image comes from.</summary>
    public required IRepository Repository { get; init; }

    /// <summary>Whether the load balancer refuses deletion (turn it off before removing the service or moving the app to
    /// Lambda).</summary>
    /// <remarks>Default: true. The app's stacks follow the environment's <c>terminationProtection</c>.</remarks>
    public bool DeletionProtection { get; init; } = true;

    /// <summary>
    /// The immutable image tag (a git SHA) or a token for it, such as a stack parameter. An empty value means no image
    /// exists yet: the service is created with no running task, so the first deploy succeeds on an empty repository.
    /// </summary>
    public required string ImageTag { get; init; }

    /// <summary>Plain (non-secret) environment variables of the container.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables the migration container gets instead of (or besides) <see cref="Environment"/>, for
    /// example another database user.</summary>
    /// <remarks>Default: none: the same environment as the app.</remarks>
    public IReadOnlyDictionary<string, string> MigrationEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The app's own variables and secrets (ECS reads each secret into the app container's environment at start,
    /// with the task's execution role, granted exactly those).</summary>
    /// <remarks>Default: none.</remarks>
    public AppSettings App { get; init; } = new();

    /// <summary>Topic the service's alarms notify.</summary>
    /// <remarks>Default: none; the alarms exist but notify nobody.</remarks>
    public ITopic? AlarmTopic { get; init; }

    /// <summary>Sizing, health checks, deploy behaviour and access: what differs between environments.</summary>
    /// <remarks>Default: the defaults of <see cref="WebServiceSettings"/>.</remarks>
    public WebServiceSettings Settings { get; init; } = new();
}
