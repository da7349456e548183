namespace Infra.Constructs.Registry;

/// <summary>Properties of <see cref="ImageRepository"/>.</summary>
public sealed record ImageRepositoryProps
{
    /// <summary>The repository's name (lower case, may contain <c>/</c> namespaces).</summary>
    /// <remarks>Default: a name CloudFormation generates.</remarks>
    public string? RepositoryName { get; init; }

    /// <summary>
    /// Tag prefixes of promoted images, one per environment (for example <c>dev-</c>, <c>prod-</c>). The release tags the
    /// image an environment runs with its prefix; the newest <see cref="KeepPromotedImages"/> per prefix are never expired,
    /// whatever the other rules say (ECR does not let a lower-priority rule expire an image a higher one selected).
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> PromotedTagPrefixes { get; init; } = [];

    /// <summary>Promoted images kept per prefix, so an environment can roll back.</summary>
    /// <remarks>Default: 20.</remarks>
    public int KeepPromotedImages { get; init; } = 20;

    /// <summary>Other images kept (the newest by push time).</summary>
    /// <remarks>Default: 50.</remarks>
    public int KeepImages { get; init; } = 50;

    /// <summary>Days after which untagged images (left behind by multi-arch pushes and failed builds) expire.</summary>
    /// <remarks>Default: 7.</remarks>
    public int UntaggedExpiryDays { get; init; } = 7;
}
