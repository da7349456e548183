namespace Infra.Constructs.Bundling;

/// <summary>Properties of <see cref="DotNetCode"/>.</summary>
public sealed record DotNetCodeProps
{
    /// <summary>The .csproj to publish.</summary>
    public required string ProjectFile { get; init; }

    /// <summary>The folder whose files (bin/obj excluded) make the asset hash; include every project the function references.</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>Further files whose content changes the package without being under <see cref="SourceDirectory"/> (for example a lock file).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> ExtraHashFiles { get; init; } = [];

    /// <summary>Build configuration.</summary>
    /// <remarks>Default: Release.</remarks>
    public string Configuration { get; init; } = "Release";

    /// <summary>
    /// Build inside a .NET build image instead of with the local SDK. Needs a Docker engine; the local SDK needs none
    /// and is what CI and laptops here use.
    /// </summary>
    /// <remarks>Default: false.</remarks>
    public bool UseBuildImage { get; init; }

    /// <summary>The build image, when <see cref="UseBuildImage"/> is set.</summary>
    /// <remarks>Default: the .NET 10 SDK image.</remarks>
    public string BuildImage { get; init; } = "mcr.microsoft.com/dotnet/sdk:10.0";
}
