using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Infra.Constructs.GitHub;

/// <summary>Properties of <see cref="GitHubRole"/>.</summary>
public sealed record GitHubRoleProps
{
    /// <summary>The account's GitHub OIDC provider (<see cref="GitHubOidcProvider.Provider"/>, or any imported one).</summary>
    public required IOpenIdConnectProvider Provider { get; init; }

    /// <summary>The repository whose workflows may assume the role.</summary>
    public required GitHubRepository Repository { get; init; }

    /// <summary>Which runs may assume it: at least one; there is no wildcard default.</summary>
    public required IReadOnlyList<GitHubSubject> Subjects { get; init; }

    /// <summary>
    /// Only jobs of these workflows (the <c>job_workflow_ref</c> claim, which STS evaluates since January 2026: for a
    /// job of a reusable workflow, that workflow's path and ref, such as
    /// <c>owner/repo/.github/workflows/deploy.yml@refs/heads/main</c>; IAM patterns allowed).
    /// </summary>
    /// <remarks>Default: any workflow of the repository.</remarks>
    public IReadOnlyList<string> JobWorkflowRefs { get; init; } = [];

    /// <summary>Only runs for this git ref (the <c>ref</c> claim, e.g. <c>refs/heads/main</c>), matched exactly.</summary>
    /// <remarks>Default: any ref the subjects allow.</remarks>
    public string? Ref { get; init; }

    /// <summary>What the role is for.</summary>
    /// <remarks>Default: none.</remarks>
    public string? Description { get; init; }
}

/// <summary>
/// A role GitHub Actions assumes through OIDC: audience always <c>sts.amazonaws.com</c>; subjects only those named;
/// the repository id claim pinned when known. No long-lived key exists.
/// </summary>
public sealed class GitHubRole : Construct
{
    /// <summary>The role.</summary>
    public Role Role { get; }

    /// <summary>Creates the role.</summary>
    public GitHubRole(Construct scope, string id, GitHubRoleProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (props.Repository.FindProblem() is { } problem)
            throw new ArgumentException($"GitHubRole {id}: Repository: {problem}", nameof(props));
        if (props.Subjects.Count == 0)
            throw new ArgumentException(
                $"GitHubRole {id}: Subjects: at least one is required; a role any run of the repository could assume is refused",
                nameof(props)
            );

        var subjects = props.Subjects.SelectMany(s => s.For(props.Repository)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var equals = new Dictionary<string, object> { [$"{GitHubOidcProvider.Issuer}:aud"] = GitHubOidcProvider.Audience };
        var like = new Dictionary<string, object>();
        // Exact subjects match with StringEquals; only a role given a pattern on purpose matches them all with
        // StringLike (an exact subject has no wildcard, so StringLike matches it exactly too).
        (props.Subjects.Any(s => s.IsPattern) ? like : equals)[$"{GitHubOidcProvider.Issuer}:sub"] = subjects;
        if (props.Repository.RepositoryId is { } repositoryId)
            equals[$"{GitHubOidcProvider.Issuer}:repository_id"] = repositoryId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (props.JobWorkflowRefs.Count > 0)
            like[$"{GitHubOidcProvider.Issuer}:job_workflow_ref"] = props.JobWorkflowRefs.Order(StringComparer.Ordinal).ToArray();
        if (props.Ref is { } gitRef)
            equals[$"{GitHubOidcProvider.Issuer}:ref"] = gitRef;
        var conditions = new Dictionary<string, object> { ["StringEquals"] = equals };
        if (like.Count > 0)
            conditions["StringLike"] = like;

        Role = new Role(
            this,
            "Resource",
            new RoleProps
            {
                AssumedBy = new WebIdentityPrincipal(props.Provider.OpenIdConnectProviderArn, conditions),
                Description = props.Description,
                MaxSessionDuration = Duration.Hours(1),
            }
        );
    }
}
