using System.Security.Cryptography;
using System.Text;

namespace Infra.Constructs.Bundling;

/// <summary>
/// The one way a package's files become its asset hash, for a package built from source (<see cref="DotNetCode"/>)
/// and for the prebuilt one (<see cref="PrebuiltFunctionPackage"/>): SHA-256 over each file's name, length and
/// content, in ordinal order of names.
/// </summary>
internal static class PackageDigest
{
    public static string Of(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{content.Length}\n"));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
