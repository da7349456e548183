using Amazon.CDK.AWS.EC2;

namespace Infra.Constructs.Database;

/// <summary>What another team's app needs to use an existing database (see <see cref="PostgresDatabase.FromAttributes"/>).</summary>
public sealed record PostgresDatabaseAttributes
{
    /// <summary>Host name of the instance.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Port of the instance.</summary>
    /// <remarks>Default: 5432.</remarks>
    public int Port { get; init; } = 5432;

    /// <summary>The instance's resource id (<c>db-...</c>).</summary>
    public required string ResourceId { get; init; }

    /// <summary>Name of the application database.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The instance's security group.</summary>
    public required ISecurityGroup SecurityGroup { get; init; }
}
