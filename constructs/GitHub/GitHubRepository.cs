using System.Text.RegularExpressions;

namespace Infra.Constructs.GitHub;

/// <summary>
/// A GitHub repository as its OIDC tokens name it. With the numeric ids, trust also accepts GitHub's immutable
/// subject format (<c>repo:owner@id/name@id:...</c>), the default for repositories created or renamed after 2026-07-15.
/// </summary>
public sealed partial record GitHubRepository(string Owner, string Name, long? OwnerId = null, long? RepositoryId = null)
{
    /// <summary>The subject prefixes a token of this repository can carry: classic, and immutable when ids are known.</summary>
    public IReadOnlyList<string> SubjectPrefixes =>
        OwnerId is { } ownerId && RepositoryId is { } repositoryId
            ? [$"repo:{Owner}/{Name}", $"repo:{Owner}@{ownerId}/{Name}@{repositoryId}"]
            : [$"repo:{Owner}/{Name}"];

    /// <summary>Returns the first problem, or null when the names are GitHub names (no wildcards).</summary>
    public string? FindProblem() =>
        !OwnerPattern().IsMatch(Owner) ? $"Owner: '{Owner}' is not a GitHub owner name (letters, digits, hyphens; no wildcard)"
        : !NamePattern().IsMatch(Name) ? $"Name: '{Name}' is not a GitHub repository name (letters, digits, '.', '_', '-'; no wildcard)"
        : OwnerId is <= 0 || RepositoryId is <= 0 ? "OwnerId/RepositoryId must be positive"
        : null;

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();
}
