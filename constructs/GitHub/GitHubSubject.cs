namespace Infra.Constructs.GitHub;

/// <summary>
/// Which workflow runs of a repository may assume a role, as the <c>sub</c> claim names them. Typed, so a trust
/// policy can never fall back to a wildcard subject by accident. A job with <c>environment:</c> presents the
/// environment subject, not the branch one.
/// </summary>
public sealed record GitHubSubject
{
    private GitHubSubject(string suffix) => Suffix = suffix;

    /// <summary>What follows the repository in the subject, e.g. <c>ref:refs/heads/main</c>.</summary>
    public string Suffix { get; }

    /// <summary>Runs on a branch (push events, workflow_dispatch from it).</summary>
    public static GitHubSubject Branch(string name) => new($"ref:refs/heads/{Checked(name, nameof(name))}");

    /// <summary>Runs for tags matching a pattern, e.g. <c>v*</c>.</summary>
    public static GitHubSubject Tag(string pattern) => new($"ref:refs/tags/{Checked(pattern, nameof(pattern))}");

    /// <summary>Jobs that declare <c>environment: name</c>.</summary>
    public static GitHubSubject Environment(string name) => new($"environment:{Checked(name, nameof(name))}");

    /// <summary>Runs for pull requests (from this repository: forks receive no token).</summary>
    public static GitHubSubject PullRequest() => new("pull_request");

    /// <summary>The full subjects for <paramref name="repository"/>, in every format it may present.</summary>
    public IEnumerable<string> For(GitHubRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.SubjectPrefixes.Select(prefix => $"{prefix}:{Suffix}");
    }

    private static string Checked(string value, string parameter) =>
        string.IsNullOrWhiteSpace(value) || value.Contains(':', StringComparison.Ordinal) || value == "*"
            ? throw new ArgumentException($"{parameter}: '{value}' is not a usable name (empty, ':' or a lone '*')", parameter)
            : value;
}
