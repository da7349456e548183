using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace Infra.Constructs.Bundling;

/// <summary>
/// A .NET project's Lambda package and its hash (<see cref="DotNetCode.PackageHash"/>), computed once, in the
/// background from the moment the package is asked for (MSBuild runs as a process of its own, so the work overlaps
/// whatever the app does meanwhile, such as starting the jsii runtime). An asset belongs to one stack, so each stack
/// asks <see cref="Code"/> for its own; equal hashes are published once per synth.
/// </summary>
public sealed class DotNetPackage
{
    private readonly DotNetCodeProps _props;
    private readonly Task<string> _hash;

    internal DotNetPackage(DotNetCodeProps props, Task<string> hash)
    {
        _props = props;
        _hash = hash;
    }

    /// <summary>SHA-256 of everything that goes into the package (waits for the background computation).</summary>
    public string Hash => _hash.GetAwaiter().GetResult();

    /// <summary>A new asset of the package, for one stack.</summary>
    public AssetCode Code() =>
        Amazon.CDK.AWS.Lambda.Code.FromAsset(
            _props.SourceDirectory,
            new Amazon.CDK.AWS.S3.Assets.AssetOptions
            {
                AssetHashType = AssetHashType.CUSTOM,
                AssetHash = Hash,
                Exclude = ["**/bin", "**/obj"],
                Bundling = DotNetCode.BundlingOptionsFor(_props),
            }
        );
}
