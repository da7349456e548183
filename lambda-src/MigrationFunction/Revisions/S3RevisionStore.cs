using Amazon.S3;
using Amazon.S3.Model;

namespace MigrationFunction.Revisions;

/// <summary>Revision files in an S3 bucket (reached through the VPC's gateway endpoint; no NAT).</summary>
public sealed class S3RevisionStore(IAmazonS3 s3, string bucket) : IRevisionStore
{
    /// <inheritdoc/>
    public string UriOf(string key) => $"s3://{bucket}/{key}";

    /// <inheritdoc/>
    public async Task PutAsync(string key, string contentType, string body, CancellationToken cancellationToken)
    {
        await s3.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    ContentBody = body,
                    ContentType = contentType,
                    // A single signed payload: S3-compatible test servers store chunk framing raw otherwise.
                    UseChunkEncoding = false,
                    // A bucket with Object Lock takes only uploads that carry a checksum of their content.
                    ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        } while (response.IsTruncated == true);
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
