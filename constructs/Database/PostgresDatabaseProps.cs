using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SNS;

namespace Infra.Constructs.Database;

/// <summary>Properties of <see cref="PostgresDatabase"/>: where it lives, and its <see cref="Settings"/>.</summary>
public sealed record PostgresDatabaseProps
{
    /// <summary>The VPC.</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>Subnets for the instance: private ones (it is never publicly accessible).</summary>
    public required SubnetSelection Subnets { get; init; }

    /// <summary>Topic the database's alarms notify.</summary>
    /// <remarks>Default: none; the alarms exist but notify nobody.</remarks>
    public ITopic? AlarmTopic { get; init; }

    /// <summary>Size, version, availability and protection: what differs between environments.</summary>
    /// <remarks>Default: the defaults of <see cref="PostgresDatabaseSettings"/>.</remarks>
    public PostgresDatabaseSettings Settings { get; init; } = new();
}
