using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace Infra.Constructs.Bundling;

/// <summary>
/// The migration function package (schema sync and the user bootstrap runner) that <c>scripts/pack</c> publishes and
/// embeds in the NuGet package, so a consumer needs no copy of lambda-src: <see cref="Migration.SchemaMigrationFunction"/>
/// and <see cref="Database.DatabaseUsersBootstrap"/> use it when no <c>Code</c> is given. A build of this assembly
/// from source carries none (pass <c>DotNetCode.FromProject</c> of lambda-src/MigrationFunction instead).
/// </summary>
public static class PrebuiltFunctionPackage
{
    /// <summary>The prefix of the embedded files' resource names; the rest is the file's path in the package.</summary>
    internal const string ResourcePrefix = "Infra.Constructs.FunctionPackage/";

    private static readonly Lazy<(string Directory, string Hash)?> Extracted = new(Extract);

    /// <summary>Whether this build of the assembly carries the package.</summary>
    public static bool IsEmbedded => Files().Any();

    /// <summary>SHA-256 over the package's file names and contents; null when not embedded.</summary>
    public static string? Hash => Extracted.Value?.Hash;

    /// <summary>A new asset of the package (one per stack; equal hashes upload once).</summary>
    /// <param name="construct">Names the construct in the error when the package is not embedded.</param>
    /// <exception cref="ArgumentException">When this build carries no package.</exception>
    public static Code Code(string construct) =>
        Extracted.Value is var (directory, hash)
            ? Amazon.CDK.AWS.Lambda.Code.FromAsset(
                directory,
                new Amazon.CDK.AWS.S3.Assets.AssetOptions { AssetHashType = AssetHashType.CUSTOM, AssetHash = hash }
            )
            : throw new ArgumentException(
                $"{construct}: Code: not set, and this build of Infra.Constructs carries no prebuilt function package (the NuGet "
                    + "package does; scripts/pack embeds it): pass DotNetCode.FromProject(...) of lambda-src/MigrationFunction"
            );

    private static IEnumerable<string> Files() =>
        typeof(PrebuiltFunctionPackage)
            .Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Writes the embedded files once per process into a folder named by their hash.</summary>
    private static (string, string)? Extract()
    {
        var names = Files().ToList();
        if (names.Count == 0)
            return null;
        var assembly = typeof(PrebuiltFunctionPackage).Assembly;
        byte[] Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        var files = names.Select(n => (Path: n[ResourcePrefix.Length..], Bytes: Read(n))).ToList();
        var digest = PackageDigest.Of(files);
        var directory = Path.Combine(Path.GetTempPath(), $"infra-function-package-{digest[..16]}");
        foreach (var (path, bytes) in files)
        {
            var target = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }
        return (directory, digest);
    }
}
