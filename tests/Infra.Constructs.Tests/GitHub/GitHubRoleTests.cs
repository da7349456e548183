using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.CDK.Assertions;
using Infra.Constructs.GitHub;

namespace Infra.Constructs.Tests.GitHub;

public class GitHubRoleTests
{
    private static readonly GitHubRepository Repo = new("acme", "infra", OwnerId: 1001, RepositoryId: 2002);

    private static JsonElement TrustStatement(IReadOnlyList<GitHubSubject> subjects, string? workflow = null, bool import = false)
    {
        var stack = TestStacks.NewStack();
        var provider = import ? GitHubOidcProvider.Import(stack, "GitHub") : GitHubOidcProvider.Create(stack, "GitHub");
        _ = new GitHubRole(
            stack,
            "Deploy",
            new GitHubRoleProps
            {
                Provider = provider.Provider,
                Repository = Repo,
                Subjects = subjects,
                JobWorkflowRefs = workflow is null ? [] : [workflow],
            }
        );
        var role = Assert.Single(Template.FromStack(stack).Resources("AWS::IAM::Role").Values).Properties().ToJson();
        return Assert.Single(role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement").EnumerateArray());
    }

    /// <summary>Evaluates the trust statement's conditions for a token's claims the way IAM does (StringEquals, StringLike with * and
    /// ?).</summary>
    private static bool Allows(JsonElement statement, IReadOnlyDictionary<string, string> claims)
    {
        Assert.Equal("sts:AssumeRoleWithWebIdentity", statement.GetProperty("Action").GetString());
        foreach (var block in statement.GetProperty("Condition").EnumerateObject())
        {
            foreach (var condition in block.Value.EnumerateObject())
            {
                var key = condition.Name["token.actions.githubusercontent.com:".Length..];
                if (!claims.TryGetValue(key, out var claim))
                    return false;
                var values =
                    condition.Value.ValueKind == JsonValueKind.Array
                        ? condition.Value.EnumerateArray().Select(v => v.GetString()!).ToList()
                        : [condition.Value.GetString()!];
                var match =
                    block.Name == "StringEquals"
                        ? values.Contains(claim)
                        : values.Any(v => Regex.IsMatch(claim, "^" + Regex.Escape(v).Replace("\\*", ".*").Replace("\\?", ".") + "$"));
                if (!match)
                    return false;
            }
        }
        return true;
    }

    private static Dictionary<string, string> Token(string sub, string aud = "sts.amazonaws.com", string repositoryId = "2002") =>
        new()
        {
            ["sub"] = sub,
            ["aud"] = aud,
            ["repository_id"] = repositoryId,
        };

    [Theory]
    [InlineData("repo:acme/infra:ref:refs/heads/main", true)]
    [InlineData("repo:acme@1001/infra@2002:ref:refs/heads/main", true)]
    [InlineData("repo:acme/infra:environment:production", true)]
    [InlineData("repo:acme/other:ref:refs/heads/main", false)]
    [InlineData("repo:acme/infra:ref:refs/heads/feature", false)]
    [InlineData("repo:acme/infra:pull_request", false)]
    [InlineData("repo:acme/infra:ref:refs/tags/v1.0.0", false)]
    [InlineData("repo:evil/infra:ref:refs/heads/main", false)]
    public void Trusts_only_the_named_subjects_of_the_repository(string subject, bool allowed)
    {
        var statement = TrustStatement([GitHubSubject.Branch("main"), GitHubSubject.Environment("production")]);

        Assert.Equal(allowed, Allows(statement, Token(subject)));
    }

    [Fact]
    public void Always_requires_the_sts_audience_and_the_repository_id()
    {
        var statement = TrustStatement([GitHubSubject.Branch("main")]);

        Assert.False(Allows(statement, Token("repo:acme/infra:ref:refs/heads/main", aud: "https://github.com/acme")));
        Assert.False(Allows(statement, Token("repo:acme/infra:ref:refs/heads/main", repositoryId: "9999")));
        Assert.False(
            Allows(
                statement,
                new Dictionary<string, string> { ["sub"] = "repo:acme/infra:ref:refs/heads/main", ["repository_id"] = "2002" }
            )
        );
    }

    [Fact]
    public void Trusts_pull_requests_and_tag_patterns_only_when_named()
    {
        var statement = TrustStatement([GitHubSubject.PullRequest(), GitHubSubject.TagPattern("v*")]);

        Assert.True(Allows(statement, Token("repo:acme/infra:pull_request")));
        Assert.True(Allows(statement, Token("repo:acme/infra:ref:refs/tags/v2.1.0")));
        Assert.False(Allows(statement, Token("repo:acme/infra:ref:refs/heads/main")));
    }

    [Fact]
    public void Narrows_to_one_reusable_workflow_when_asked()
    {
        var statement = TrustStatement([GitHubSubject.Branch("main")], workflow: "acme/infra/.github/workflows/deploy.yml@refs/heads/main");
        var token = Token("repo:acme/infra:ref:refs/heads/main");

        Assert.False(Allows(statement, token));
        token["job_workflow_ref"] = "acme/infra/.github/workflows/deploy.yml@refs/heads/main";
        Assert.True(Allows(statement, token));
    }

    [Fact]
    public void Creates_the_native_provider_without_thumbprints_or_imports_the_existing_one()
    {
        var stack = TestStacks.NewStack();
        _ = GitHubOidcProvider.Create(stack, "GitHub");
        var provider = Assert.Single(Template.FromStack(stack).Resources("AWS::IAM::OIDCProvider").Values).Properties().ToJson();
        Assert.Equal("https://token.actions.githubusercontent.com", provider.GetProperty("Url").GetString());
        Assert.Equal("sts.amazonaws.com", provider.GetProperty("ClientIdList")[0].GetString());
        Assert.False(provider.TryGetProperty("ThumbprintList", out _));

        var imported = TrustStatement([GitHubSubject.Branch("main")], import: true);
        Assert.Contains(
            ":oidc-provider/token.actions.githubusercontent.com",
            imported.GetProperty("Principal").GetProperty("Federated").ToString(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Refuses_a_role_without_subjects_or_with_wildcard_names()
    {
        var stack = TestStacks.NewStack();
        var provider = GitHubOidcProvider.Import(stack, "GitHub");

        var none = Assert.Throws<ArgumentException>(() =>
            new GitHubRole(
                stack,
                "A",
                new GitHubRoleProps
                {
                    Provider = provider.Provider,
                    Repository = Repo,
                    Subjects = [],
                }
            )
        );
        var wildcardRepo = Assert.Throws<ArgumentException>(() =>
            new GitHubRole(
                stack,
                "B",
                new GitHubRoleProps
                {
                    Provider = provider.Provider,
                    Repository = new("acme", "*"),
                    Subjects = [GitHubSubject.Branch("main")],
                }
            )
        );
        var wildcardBranch = Assert.Throws<ArgumentException>(() => GitHubSubject.Branch("*"));
        var patternBranch = Assert.Throws<ArgumentException>(() => GitHubSubject.Branch("release/*"));
        var patternTag = Assert.Throws<ArgumentException>(() => GitHubSubject.Tag("v?"));

        Assert.Contains("Subjects: at least one is required", none.Message, StringComparison.Ordinal);
        Assert.Contains("Name: '*' is not a GitHub repository name", wildcardRepo.Message, StringComparison.Ordinal);
        Assert.Contains("'*' is not a usable name", wildcardBranch.Message, StringComparison.Ordinal);
        Assert.Contains("'release/*' holds a wildcard", patternBranch.Message, StringComparison.Ordinal);
        Assert.Contains("'v?' holds a wildcard", patternTag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_exact_subjects_with_StringEquals_and_patterns_only_with_StringLike()
    {
        var exact = TrustStatement([GitHubSubject.Branch("main"), GitHubSubject.Environment("production")]).GetProperty("Condition");
        var pattern = TrustStatement([GitHubSubject.BranchPattern("release/*")]).GetProperty("Condition");

        Assert.True(exact.GetProperty("StringEquals").TryGetProperty("token.actions.githubusercontent.com:sub", out _));
        Assert.False(exact.TryGetProperty("StringLike", out _));
        Assert.Equal(
            "repo:acme/infra:ref:refs/heads/release/*",
            pattern
                .GetProperty("StringLike")
                .GetProperty("token.actions.githubusercontent.com:sub")
                .EnumerateArray()
                .Select(v => v.GetString())
                .Order(StringComparer.Ordinal)
                .First()
        );
        Assert.False(pattern.GetProperty("StringEquals").TryGetProperty("token.actions.githubusercontent.com:sub", out _));
    }
}
