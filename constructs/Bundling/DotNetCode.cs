using System.Security.Cryptography;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace Infra.Constructs.Bundling;

/// <summary>
/// Lambda code from a .NET project, published at synth: with the local SDK (no Docker), or in a build image when
/// asked. Stands in for Amazon.CDK.AWS.Lambda.DotNet, which is not served to this project's machines. The asset hash
/// is computed from the source (bin/obj excluded), so the same source always gives the same hash and an unchanged
/// function is never redeployed.
/// </summary>
public static class DotNetCode
{
    /// <summary>The managed .NET 10 runtime (CDK 2.160 has no constant for it; dotnet8 is deprecated since 2026-11-10).</summary>
    public static Runtime Dotnet10 { get; } = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    /// <summary>Code for <paramref name="props"/>'s project.</summary>
    public static AssetCode FromProject(DotNetCodeProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (!File.Exists(props.ProjectFile))
            throw new ArgumentException($"DotNetCode: ProjectFile: '{props.ProjectFile}' does not exist", nameof(props));
        if (!Directory.Exists(props.SourceDirectory))
            throw new ArgumentException($"DotNetCode: SourceDirectory: '{props.SourceDirectory}' does not exist", nameof(props));
        return Code.FromAsset(props.SourceDirectory, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            AssetHashType = AssetHashType.CUSTOM,
            AssetHash = SourceHash(props),
            Exclude = ["**/bin", "**/obj"],
            Bundling = BundlingOptionsFor(props),
        });
    }

    /// <summary>How the project is built: locally unless a build image is asked for.</summary>
    public static BundlingOptions BundlingOptionsFor(DotNetCodeProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        var relativeProject = Path.GetRelativePath(props.SourceDirectory, props.ProjectFile).Replace('\\', '/');
        return new BundlingOptions
        {
            Image = DockerImage.FromRegistry(props.BuildImage),
            Command = ["bash", "-c", $"dotnet publish /asset-input/{relativeProject} -c {props.Configuration} -o /asset-output --nologo"],
            Local = props.UseBuildImage ? null : new LocalDotNetPublish(props),
        };
    }

    /// <summary>SHA-256 over the relative path and content of every source file (bin/obj excluded) and the extra files.</summary>
    public static string SourceHash(DotNetCodeProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(props.SourceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(props.SourceDirectory, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Name: f, Path: Path.Combine(props.SourceDirectory, f)))
            .Concat(props.ExtraHashFiles.Select(f => (Name: "extra:" + Path.GetFileName(f), Path: f)));
        foreach (var (name, path) in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            hash.AppendData(File.ReadAllBytes(path));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
