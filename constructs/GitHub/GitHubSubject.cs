namespace Infra.Constructs.GitHub;

/// <summary>
/// Which workflow runs of a repository may assume a role, as the <c>sub</c> claim names them. Typed, so a trust
/// policy can never fall back to a wildcard subject by accident: names with <c>*</c> or <c>?</c> are refused unless
/// the caller asks for a pattern in so many words (<see cref="BranchPattern"/>, <see cref="TagPattern"/>). A job
/// with <c>environment:</c> presents the environment subject, not the branch one.
/// </summary>
public sealed record GitHubSubject
{
    private GitHubSubject(string suffix, bool isPattern)
    {
        Suffix = suffix;
        IsPattern = isPattern;
    }

    /// <summary>What follows the repository in the subject, e.g. <c>ref:refs/heads/main</c>.</summary>
    public string Suffix { get; }

    /// <summary>Whether the subject holds IAM wildcards (matched with <c>StringLike</c> instead of <c>StringEquals</c>).</summary>
    public bool IsPattern { get; }

    /// <summary>Runs on exactly this branch (push events, workflow_dispatch from it).</summary>
    public static GitHubSubject Branch(string name) => new($"ref:refs/heads/{Exact(name, nameof(name))}", false);

    /// <summary>Runs on any branch matching an IAM pattern (<c>*</c>, <c>?</c>), e.g. <c>release/*</c>.</summary>
    public static GitHubSubject BranchPattern(string pattern) => new($"ref:refs/heads/{Usable(pattern, nameof(pattern))}", true);

    /// <summary>Runs for exactly this tag.</summary>
    public static GitHubSubject Tag(string name) => new($"ref:refs/tags/{Exact(name, nameof(name))}", false);

    /// <summary>Runs for tags matching an IAM pattern (<c>*</c>, <c>?</c>), e.g. <c>v*</c>.</summary>
    public static GitHubSubject TagPattern(string pattern) => new($"ref:refs/tags/{Usable(pattern, nameof(pattern))}", true);

    /// <summary>Jobs that declare <c>environment: name</c>.</summary>
    public static GitHubSubject Environment(string name) => new($"environment:{Exact(name, nameof(name))}", false);

    /// <summary>Runs for pull requests (from this repository: forks receive no token).</summary>
    public static GitHubSubject PullRequest() => new("pull_request", false);

    /// <summary>The full subjects for <paramref name="repository"/>, in every format it may present.</summary>
    public IEnumerable<string> For(GitHubRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.SubjectPrefixes.Select(prefix => $"{prefix}:{Suffix}");
    }

    private static string Exact(string value, string parameter) =>
        Usable(value, parameter).IndexOfAny(['*', '?']) >= 0
            ? throw new ArgumentException(
                $"{parameter}: '{value}' holds a wildcard ('*' or '?'); use a *Pattern subject to trust a pattern on purpose",
                parameter
            )
            : value;

    private static string Usable(string value, string parameter) =>
        string.IsNullOrWhiteSpace(value) || value.Contains(':', StringComparison.Ordinal) || value == "*"
            ? throw new ArgumentException($"{parameter}: '{value}' is not a usable name (empty, ':' or a lone '*')", parameter)
            : value;
}
