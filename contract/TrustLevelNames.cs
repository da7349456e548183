namespace Infra.Contract;

/// <summary>
/// The trust levels' names and tag key (contract/trust-levels.json, which the Node scripts read; a test holds the two
/// equal). The constructs' <c>TrustLevel</c> exposes them.
/// </summary>
internal static class TrustLevelNames
{
    /// <summary>The level deployable from the main branch without approval.</summary>
    public const string Dev = "dev";

    /// <summary>The level reachable only from the approved production environment.</summary>
    public const string Production = "production";

    /// <summary>The tag every resource of a stack carries with its level's name.</summary>
    public const string TagKey = "trust-level";
}
