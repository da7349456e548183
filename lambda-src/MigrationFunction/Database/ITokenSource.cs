namespace MigrationFunction.Database;

/// <summary>Supplies the password for each new connection: an RDS IAM token in Lambda, a fixed one in tests.</summary>
public interface ITokenSource
{
    /// <summary>A password valid now for <paramref name="endpoint"/>'s user.</summary>
    string TokenFor(DatabaseEndpoint endpoint);
}
