using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace Infra.Constructs.Bundling;

/// <summary>
/// Lambda code from a .NET project, published at synth with the local SDK (no Docker). Stands in for
/// Amazon.CDK.AWS.Lambda.DotNet, which is not served to this project's machines. The asset hash covers what the build
/// itself says goes into the package (<see cref="PackageHash"/>), so a change to any input deploys and an unchanged
/// package never does.
/// </summary>
public static class DotNetCode
{
    /// <summary>The managed .NET 10 runtime (CDK 2.160 has no constant for it; dotnet8 is deprecated since 2026-11-10).</summary>
    public static Runtime Dotnet10 { get; } = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    /// <summary>Code for <paramref name="props"/>'s project.</summary>
    public static AssetCode FromProject(DotNetCodeProps props) => Package(props).Code();

    /// <summary>
    /// The project's package with its hash computed once, starting now in the background: for code used in several
    /// stacks (<see cref="DotNetPackage.Code"/>). Ask for it early; the first <see cref="DotNetPackage.Hash"/> waits.
    /// </summary>
    public static DotNetPackage Package(DotNetCodeProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (!File.Exists(props.ProjectFile))
            throw new ArgumentException($"DotNetCode: ProjectFile: '{props.ProjectFile}' does not exist", nameof(props));
        if (!Directory.Exists(props.SourceDirectory))
            throw new ArgumentException($"DotNetCode: SourceDirectory: '{props.SourceDirectory}' does not exist", nameof(props));
        return new DotNetPackage(props, Task.Run(() => PackageHash(props)));
    }

    /// <summary>How the project is built: with the local SDK (the image is never used; CDK requires one).</summary>
    public static BundlingOptions BundlingOptionsFor(DotNetCodeProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        return new BundlingOptions { Image = DockerImage.FromRegistry("local-dotnet-sdk"), Local = new LocalDotNetPublish(props) };
    }

    /// <summary>
    /// SHA-256 over every file that goes into the package, as MSBuild evaluates the project and every project it
    /// references (<c>PackageInputs.targets</c>): compile items, embedded resources, content, files copied to the
    /// output, <c>PackageInput</c> items (what the publish runs), the project files, <c>Directory.Build.*</c>,
    /// <c>Directory.Packages.props</c>, <c>global.json</c> and lock files; plus <see cref="DotNetCodeProps.ExtraHashFiles"/>.
    /// Each file counts by its path relative to the inputs' common folder and its content, so two checkouts of the same
    /// commit give the same hash. MSBuild's list is reused while nothing it depends on changed
    /// (<see cref="PackageInputsCache"/>); every listed file's content is read each time.
    /// </summary>
    public static string PackageHash(DotNetCodeProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        return HashFiles(PackageInputs.Of(props.ProjectFile, props.Configuration).Concat(props.ExtraHashFiles.Select(Path.GetFullPath)));
    }

    private static string HashFiles(IEnumerable<string> paths)
    {
        var files = paths
            .Where(File.Exists)
            .Select(Path.GetFullPath)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var root = CommonFolder(files);
        return PackageDigest.Of(files.Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes(f))));
    }

    private static string CommonFolder(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
            return "/";
        var common = Path.GetDirectoryName(files[0])!;
        foreach (var file in files)
        {
            while (!file.StartsWith(common.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                common = Path.GetDirectoryName(common) ?? "/";
        }
        return common;
    }
}
