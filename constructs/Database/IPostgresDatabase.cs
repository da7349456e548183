using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;

namespace Infra.Constructs.Database;

/// <summary>A PostgreSQL database on RDS that accepts IAM-authenticated connections, created here or imported.</summary>
public interface IPostgresDatabase
{
    /// <summary>Host name of the instance.</summary>
    string Endpoint { get; }

    /// <summary>Port the instance listens on.</summary>
    int Port { get; }

    /// <summary>The instance's resource id (<c>db-...</c>), which IAM database-user ARNs name.</summary>
    string ResourceId { get; }

    /// <summary>Name of the application database.</summary>
    string DatabaseName { get; }

    /// <summary>The instance's security group.</summary>
    ISecurityGroup SecurityGroup { get; }

    /// <summary>Network paths to the instance, with its port as the default port.</summary>
    Connections_ Connections { get; }

    /// <summary>Lets <paramref name="grantee"/> connect as the database user <paramref name="dbUser"/> with an IAM token, and as no other
    /// user.</summary>
    Grant GrantConnect(IGrantable grantee, string dbUser);
}
