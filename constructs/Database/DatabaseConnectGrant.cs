using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Infra.Constructs.Database;

/// <summary>The <c>rds-db:connect</c> grant both the created and the imported database give.</summary>
internal static class DatabaseConnectGrant
{
    public static Grant Grant(IConstruct scope, string resourceId, IGrantable grantee, string dbUser)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        if (!DatabaseUsers.IsValidName(dbUser))
            throw new ArgumentException(
                $"GrantConnect: dbUser: '{dbUser}' must be 1-63 lower-case letters, digits or underscores, starting with a letter",
                nameof(dbUser)
            );
        var userArn = Stack
            .Of(scope)
            .FormatArn(
                new ArnComponents
                {
                    Service = "rds-db",
                    Resource = "dbuser",
                    ResourceName = $"{resourceId}/{dbUser}",
                    ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                }
            );
        return Amazon.CDK.AWS.IAM.Grant.AddToPrincipal(
            new GrantOnPrincipalOptions
            {
                Grantee = grantee,
                Actions = ["rds-db:connect"],
                ResourceArns = [userArn],
            }
        );
    }
}
