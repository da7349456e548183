using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace Infra.Constructs.Bundling;

/// <summary>
/// A .NET project's Lambda package and its hash (<see cref="DotNetCode.PackageHash"/>), computed once. An asset belongs
/// to one stack, so each stack asks <see cref="Code"/> for its own; equal hashes are published once per synth.
/// </summary>
public sealed class DotNetPackage
{
    private readonly DotNetCodeProps _props;

    internal DotNetPackage(DotNetCodeProps props, string hash)
    {
        _props = props;
        Hash = hash;
    }

    /// <summary>SHA-256 of everything that goes into the package.</summary>
    public string Hash { get; }

    /// <summary>A new asset of the package, for one stack.</summary>
    public AssetCode Code() => Amazon.CDK.AWS.Lambda.Code.FromAsset(_props.SourceDirectory, new Amazon.CDK.AWS.S3.Assets.AssetOptions
    {
        AssetHashType = AssetHashType.CUSTOM,
        AssetHash = Hash,
        Exclude = ["**/bin", "**/obj"],
        Bundling = DotNetCode.BundlingOptionsFor(_props),
    });
}
