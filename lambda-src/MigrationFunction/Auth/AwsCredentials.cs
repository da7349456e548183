namespace MigrationFunction.Auth;

/// <summary>The function role's temporary credentials, as the Lambda runtime puts them in the environment.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>Reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (the runtime refreshes them per
    /// environment).</summary>
    /// <exception cref="InvalidOperationException">When the key id or secret is missing.</exception>
    public static AwsCredentials FromEnvironment() =>
        new(
            Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } id
                ? id
                : throw new InvalidOperationException("AWS_ACCESS_KEY_ID is not set: no role credentials to sign an RDS IAM token with"),
            Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
                ? secret
                : throw new InvalidOperationException(
                    "AWS_SECRET_ACCESS_KEY is not set: no role credentials to sign an RDS IAM token with"
                ),
            Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null
        );

    /// <summary>Never prints the secret or the session token.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
