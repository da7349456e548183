using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace MigrationFunction.Auth;

/// <summary>
/// RDS IAM authentication tokens: a SigV4-presigned <c>rds-db:connect</c> URL for one database user, valid 15 minutes.
/// A local computation with the role's credentials; no network call. Stands in for AWSSDK.RDS's
/// <c>RDSAuthTokenGenerator</c> (the package is not served to this project's machines) on AWSSDK.Core's signer.
/// </summary>
public static class RdsAuthToken
{
    /// <summary>How long a token is accepted after signing.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const string Service = "rds-db";

    /// <summary>Signs a token for <paramref name="dbUser"/> at <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <param name="host">The instance endpoint.</param>
    /// <param name="port">The instance port.</param>
    /// <param name="dbUser">The database user (a member of rds_iam).</param>
    /// <param name="region">The instance's region, e.g. ap-northeast-2.</param>
    /// <param name="credentials">The signing credentials.</param>
    /// <param name="signingTimeUtc">The signing clock; default now. Tests freeze it to compare with a reference signer.</param>
    public static string Generate(
        string host,
        int port,
        string dbUser,
        string region,
        AwsCredentials credentials,
        DateTime? signingTimeUtc = null
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(dbUser);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);

        var request = new DefaultRequest(new ConnectRequest(), Service)
        {
            UseQueryString = true,
            HttpMethod = "GET",
            Endpoint = new UriBuilder("https", host, port).Uri,
        };
        request.Parameters.Add("X-Amz-Expires", Lifetime.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        request.Parameters.Add("DBUser", dbUser);
        request.Parameters.Add("Action", "connect");
        if (credentials.SessionToken is { } token)
            request.Parameters["X-Amz-Security-Token"] = token;

        var signing = signingTimeUtc is { } at
            ? AWS4PreSignedUrlSigner.SignRequest(
                request,
                null,
                new RequestMetrics(),
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                Service,
                region,
                at
            )
            : AWS4PreSignedUrlSigner.SignRequest(
                request,
                null,
                new RequestMetrics(),
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                Service,
                region
            );
        var url = AmazonServiceClient.ComposeUrl(request);
        // The token is the presigned URL without its scheme. Parameters go in canonical (sorted) order, as AWS's
        // JavaScript and Python signers write them; RDS checks the signature over that same canonical order.
        var parameters = url
            .Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Concat(signing.ForQueryParameters.Split('&', StringSplitOptions.RemoveEmptyEntries))
            .OrderBy(p => p[..p.IndexOf('=', StringComparison.Ordinal)], StringComparer.Ordinal);
        return $"{url.Host}:{url.Port}{url.AbsolutePath}?{string.Join('&', parameters)}";
    }

    private sealed class ConnectRequest : AmazonWebServiceRequest
    {
        public ConnectRequest() => ((IAmazonWebServiceRequest)this).SignatureVersion = SignatureVersion.SigV4;
    }
}
