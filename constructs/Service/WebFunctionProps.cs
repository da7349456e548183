using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.SNS;

namespace Infra.Constructs.Service;

/// <summary>Properties of <see cref="WebFunction"/>: what it connects to, and its <see cref="Settings"/>.</summary>
public sealed record WebFunctionProps
{
    /// <summary>The VPC (for example <c>Network.Vpc</c>).</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>Private subnets the function runs in (it reaches the database there; it needs no NAT).</summary>
    public required SubnetSelection Subnets { get; init; }

    /// <summary>What <see cref="Subnets"/> reach, for a VPC not created by <see cref="Network.Network"/>.</summary>
    /// <remarks>Default: the creating Network's reach (the app's code calls nothing outside the VPC, so none is needed).</remarks>
    public Network.NetworkReach? Reach { get; init; }

    /// <summary>The repository the image comes from (the same image as on Fargate).</summary>
    public required IRepository Repository { get; init; }

    /// <summary>
    /// The image's immutable tag (a git SHA), usually a stack parameter: never a mutable tag such as <c>latest</c>, which
    /// Lambda resolves once at deploy time. Empty: no image yet, and the function and all that refers to it are left out.
    /// </summary>
    public required string ImageTag { get; init; }

    /// <summary>Plain (non-secret) environment variables of the app (the same <c>DB_*</c> as on Fargate).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The app's own variables and secrets (the app reads each secret when it starts: see
    /// <see cref="WebFunction.SecretsVariable"/>; the function's role is granted exactly those).</summary>
    /// <remarks>Default: none.</remarks>
    public AppSettings App { get; init; } = new();

    /// <summary>The database's instance class (without <c>db.</c>): the connection bound is checked against it.</summary>
    /// <remarks>Default: none: not checked (an imported database whose class is unknown).</remarks>
    public string? DatabaseInstanceClass { get; init; }

    /// <summary>Topic the function's and the endpoint's alarms notify.</summary>
    public ITopic? AlarmTopic { get; init; }

    /// <summary>Memory, concurrency, pool, rollout, throttling, domain, logs.</summary>
    public WebFunctionSettings Settings { get; init; } = new();
}
