using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace Infra.Constructs.Database;

/// <summary>Properties of <see cref="DatabaseUsersBootstrap"/>.</summary>
public sealed record DatabaseUsersBootstrapProps
{
    /// <summary>The database whose users are created.</summary>
    public required IPostgresDatabase Database { get; init; }

    /// <summary>The VPC of the database.</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>Private subnets for the runner.</summary>
    public required SubnetSelection Subnets { get; init; }

    /// <summary>What <see cref="Subnets"/> reach, for a VPC not created by <see cref="Network.Network"/>: the runner answers CloudFormation
    /// through S3.</summary>
    /// <remarks>Default: the creating Network's reach; none for an imported VPC (the construct then fails, saying so).</remarks>
    public Network.NetworkReach? Reach { get; init; }

    /// <summary>The package holding <c>MigrationFunction.Bootstrap.BootstrapHandler</c> (lambda-src/MigrationFunction).</summary>
    /// <remarks>Default: the package embedded in the NuGet package (<see cref="Bundling.PrebuiltFunctionPackage"/>).</remarks>
    public Code? Code { get; init; }

    /// <summary>How long the runner's logs are kept.</summary>
    /// <remarks>Default: one month.</remarks>
    public RetentionDays LogRetention { get; init; } = RetentionDays.ONE_MONTH;
}
