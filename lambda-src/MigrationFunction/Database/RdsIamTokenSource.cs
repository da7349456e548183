using MigrationFunction.Auth;

namespace MigrationFunction.Database;

/// <summary>Signs a fresh RDS IAM token per connection with the function role's credentials (a local computation).</summary>
public sealed class RdsIamTokenSource(string region, Func<AwsCredentials> credentials) : ITokenSource
{
    /// <inheritdoc/>
    public string TokenFor(DatabaseEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return RdsAuthToken.Generate(endpoint.Host, endpoint.Port, endpoint.User, region, credentials());
    }
}
