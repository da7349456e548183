namespace Infra.Constructs.Bundling;

/// <summary>Properties of <see cref="DotNetCode"/>.</summary>
public sealed record DotNetCodeProps
{
    /// <summary>The .csproj to publish.</summary>
    public required string ProjectFile { get; init; }

    /// <summary>The asset's source folder (bin/obj excluded), used by CDK only when bundling is skipped; the hash comes from the project's
    /// build inputs.</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>Further files whose content changes the package that the build does not name (prefer a <c>PackageInput</c> item in the
    /// project).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> ExtraHashFiles { get; init; } = [];

    /// <summary>Build configuration.</summary>
    /// <remarks>Default: Release.</remarks>
    public string Configuration { get; init; } = "Release";
}
