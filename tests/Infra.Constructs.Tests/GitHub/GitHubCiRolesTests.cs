using System.Text.Json;
using Amazon.CDK.Assertions;
using Infra.Constructs.GitHub;
using Infra.Constructs.Registry;

namespace Infra.Constructs.Tests.GitHub;

public class GitHubCiRolesTests
{
    private static (Template Template, GitHubCiRoles Roles) Synth(bool createProvider = false)
    {
        var stack = TestStacks.NewStack();
        var roles = new GitHubCiRoles(stack, "GitHub", new GitHubCiRolesProps
        {
            Repository = new GitHubRepository("acme", "infra"),
            RoleNamePrefix = "infra",
            CreateProvider = createProvider,
            Images = new ImageRepository(stack, "Images"),
            ImageRepositories = [new GitHubRepository("acme", "backend")],
        });
        return (Template.FromStack(stack), roles);
    }

    private static List<JsonElement> Statements(Template template, string policyPrefix) =>
        [.. template.Resources("AWS::IAM::Policy").Single(p => p.Key.StartsWith(policyPrefix, StringComparison.Ordinal)).Value.Properties().ToJson()
            .GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()];

    private static string Subjects(Template template, string roleName) =>
        template.Resources("AWS::IAM::Role").Values.Select(r => r.Properties().ToJson()).Single(r => r.GetProperty("RoleName").GetString() == roleName)
            .GetProperty("AssumeRolePolicyDocument").ToString();

    [Fact]
    public void Lets_pull_requests_assume_only_the_bootstrap_lookup_role()
    {
        var (template, _) = Synth();

        var statement = Assert.Single(Statements(template, "GitHubPullRequest"));
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        Assert.Contains("cdk-hnb659fds-lookup-role-123456789012-eu-west-2", statement.GetProperty("Resource").ToString(), StringComparison.Ordinal);
        Assert.Contains("repo:acme/infra:pull_request", Subjects(template, "infra-github-pull-request"), StringComparison.Ordinal);
        Assert.DoesNotContain("refs/heads", Subjects(template, "infra-github-pull-request"), StringComparison.Ordinal);
    }

    [Fact]
    public void Lets_main_and_production_deploy_through_the_bootstrap_roles_and_tag_images()
    {
        var (template, roles) = Synth();

        var assume = Statements(template, "GitHubDeploy").Single(s => s.GetProperty("Action").ToString() == "sts:AssumeRole").GetProperty("Resource").ToString();
        foreach (var kind in new[] { "lookup", "deploy", "file-publishing", "image-publishing" })
            Assert.Contains($"cdk-hnb659fds-{kind}-role-", assume, StringComparison.Ordinal);
        var subjects = Subjects(template, "infra-github-deploy");
        Assert.Contains("repo:acme/infra:ref:refs/heads/main", subjects, StringComparison.Ordinal);
        Assert.Contains("repo:acme/infra:environment:production", subjects, StringComparison.Ordinal);
        Assert.DoesNotContain("pull_request", subjects, StringComparison.Ordinal);
        Assert.Contains(Statements(template, "GitHubDeploy"), s => s.GetProperty("Action").ToString().Contains("ecr:PutImage", StringComparison.Ordinal));
        Assert.Equal("infra-github-deploy", roles.DeployRoleName);
    }

    [Fact]
    public void Lets_each_application_repository_push_images_only()
    {
        var (template, roles) = Synth();

        Assert.Equal(["acme/backend"], roles.ImagePushRoles.Keys);
        var actions = Statements(template, "GitHubImagePushAcmeBackend").SelectMany(s => s.GetProperty("Action").ValueKind == JsonValueKind.Array ? s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!) : [s.GetProperty("Action").GetString()!]).ToList();
        Assert.Contains("ecr:PutImage", actions);
        Assert.All(actions, a => Assert.StartsWith("ecr:", a, StringComparison.Ordinal));
        Assert.Contains("repo:acme/backend:ref:refs/heads/main", Subjects(template, "infra-github-push-backend"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Creates_the_provider_only_when_asked(bool create, int providers)
    {
        Synth(create).Template.ResourceCountIs("AWS::IAM::OIDCProvider", providers);
    }
}
