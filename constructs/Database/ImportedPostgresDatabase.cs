using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Infra.Constructs.Database;

/// <summary>A database created elsewhere, known by its attributes.</summary>
internal sealed class ImportedPostgresDatabase : Construct, IPostgresDatabase
{
    private readonly PostgresDatabaseAttributes _attributes;

    public ImportedPostgresDatabase(Construct scope, string id, PostgresDatabaseAttributes attributes)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        _attributes = attributes;
        Connections = new Connections_(
            new ConnectionsProps { SecurityGroups = [attributes.SecurityGroup], DefaultPort = Amazon.CDK.AWS.EC2.Port.Tcp(attributes.Port) }
        );
    }

    public string Endpoint => _attributes.Endpoint;

    public int Port => _attributes.Port;

    public string ResourceId => _attributes.ResourceId;

    public string DatabaseName => _attributes.DatabaseName;

    public ISecurityGroup SecurityGroup => _attributes.SecurityGroup;

    public Connections_ Connections { get; }

    public Grant GrantConnect(IGrantable grantee, string dbUser) => DatabaseConnectGrant.Grant(this, ResourceId, grantee, dbUser);
}
