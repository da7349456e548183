namespace MigrationFunction.Revisions;

/// <summary>Where revision files go: S3 in Lambda (a versioned, encrypted bucket), an S3-compatible server in tests.</summary>
public interface IRevisionStore
{
    /// <summary>The URI of <paramref name="key"/>, e.g. <c>s3://bucket/revisions/...</c>.</summary>
    string UriOf(string key);

    /// <summary>Writes a text object.</summary>
    Task PutAsync(string key, string contentType, string body, CancellationToken cancellationToken);

    /// <summary>Reads a text object, or null when it does not exist.</summary>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keys under <paramref name="prefix"/>, sorted.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);
}
