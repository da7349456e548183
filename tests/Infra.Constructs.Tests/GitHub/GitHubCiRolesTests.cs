using System.Text.Json;
using Amazon.CDK.Assertions;
using Infra.Constructs.Bootstrap;
using Infra.Constructs.GitHub;
using Infra.Constructs.Registry;

namespace Infra.Constructs.Tests.GitHub;

public class GitHubCiRolesTests
{
    private static (Template Template, GitHubCiRoles Roles) Synth(
        bool createProvider = false,
        string? providerArn = null,
        IReadOnlyList<string>? workflows = null
    )
    {
        var stack = TestStacks.NewStack();
        var roles = new GitHubCiRoles(
            stack,
            "GitHub",
            new GitHubCiRolesProps
            {
                Repository = new GitHubRepository("acme", "infra"),
                RoleNamePrefix = "infra",
                CreateProvider = createProvider,
                Provider = providerArn is null
                    ? null
                    : Amazon.CDK.AWS.IAM.OpenIdConnectProvider.FromOpenIdConnectProviderArn(stack, "Existing", providerArn),
                Images = new ImageRepository(stack, "Images").Repository,
                DevLevel = new TrustLevel(TrustLevel.Dev, "appdev"),
                ProductionLevel = new TrustLevel(TrustLevel.Production, "appprod"),
                ImageRepositories = [new GitHubRepository("acme", "backend")],
                ProductionWorkflows = workflows ?? ["production-deploy.yml", "production-release.yml"],
            }
        );
        return (Template.FromStack(stack), roles);
    }

    private static string Subjects(Template template, string roleName) =>
        template
            .Resources("AWS::IAM::Role")
            .Values.Select(r => r.Properties().ToJson())
            .Single(r => r.GetProperty("RoleName").GetString() == roleName)
            .GetProperty("AssumeRolePolicyDocument")
            .ToString();

    private static string Assumable(Template template, string policyPrefix) =>
        string.Join(
            " ",
            template
                .PolicyStatements(policyPrefix)
                .Where(s => s.GetProperty("Action").ToString().Contains("sts:AssumeRole", StringComparison.Ordinal))
                .Select(s => s.GetProperty("Resource").ToString())
        );

    [Fact]
    public void Pins_production_to_its_reusable_workflows_on_the_deploy_branch_and_dev_to_the_branch_ref()
    {
        var (template, _) = Synth();

        JsonElement Condition(string role) =>
            JsonDocument.Parse(Subjects(template, role)).RootElement.GetProperty("Statement")[0].GetProperty("Condition");
        var workflows = Condition("infra-github-production")
            .GetProperty("StringLike")
            .GetProperty("token.actions.githubusercontent.com:job_workflow_ref");
        Assert.Equal(
            [
                "acme/infra/.github/workflows/production-deploy.yml@refs/heads/main",
                "acme/infra/.github/workflows/production-release.yml@refs/heads/main",
            ],
            workflows.EnumerateArray().Select(v => v.GetString())
        );
        Assert.Equal(
            "refs/heads/main",
            Condition("infra-github-dev").GetProperty("StringEquals").GetProperty("token.actions.githubusercontent.com:ref").GetString()
        );
        Assert.False(Condition("infra-github-pull-request").TryGetProperty("StringLike", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../deploy.yml")]
    [InlineData("*.yml")]
    [InlineData("deploy")]
    public void Fails_when_the_production_workflows_are_not_workflow_files(string workflows)
    {
        var error = Assert.Throws<ArgumentException>(() => Synth(workflows: workflows.Split(',', StringSplitOptions.RemoveEmptyEntries)));

        Assert.Contains("ProductionWorkflows: [", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lets_pull_requests_assume_only_the_lookup_roles_of_both_levels()
    {
        var (template, _) = Synth();

        var assumable = Assumable(template, "GitHubPullRequest");
        Assert.Contains("cdk-appdev-lookup-role-123456789012-eu-west-2", assumable, StringComparison.Ordinal);
        Assert.Contains("cdk-appprod-lookup-role-123456789012-eu-west-2", assumable, StringComparison.Ordinal);
        Assert.DoesNotContain("deploy-role", assumable, StringComparison.Ordinal);
        Assert.DoesNotContain("publishing-role", assumable, StringComparison.Ordinal);
        Assert.Contains("repo:acme/infra:pull_request", Subjects(template, "infra-github-pull-request"), StringComparison.Ordinal);
        Assert.DoesNotContain("refs/heads", Subjects(template, "infra-github-pull-request"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GitHubDev", "infra-github-dev", "repo:acme/infra:ref:refs/heads/main", "appdev", "appprod")]
    [InlineData("GitHubProduction", "infra-github-production", "repo:acme/infra:environment:production", "appprod", "appdev")]
    public void Lets_each_level_role_deploy_only_its_own_level(
        string policyPrefix,
        string roleName,
        string subject,
        string own,
        string other
    )
    {
        var (template, roles) = Synth();

        var assumable = Assumable(template, policyPrefix);
        foreach (var kind in new[] { "lookup", "deploy", "file-publishing", "image-publishing" })
            Assert.Contains($"cdk-{own}-{kind}-role-", assumable, StringComparison.Ordinal);
        Assert.Contains($"cdk-{other}-lookup-role-", assumable, StringComparison.Ordinal);
        Assert.DoesNotContain($"cdk-{other}-deploy-role-", assumable, StringComparison.Ordinal);
        Assert.DoesNotContain($"cdk-{other}-file-publishing-role-", assumable, StringComparison.Ordinal);
        var subjects = Subjects(template, roleName);
        Assert.Contains(subject, subjects, StringComparison.Ordinal);
        Assert.Single(
            JsonDocument
                .Parse(subjects)
                .RootElement.GetProperty("Statement")[0]
                .GetProperty("Condition")
                .GetProperty("StringEquals")
                .GetProperty("token.actions.githubusercontent.com:sub")
                .EnumerateArray()
        );
        Assert.Contains(roleName, new[] { roles.RoleNames.Dev, roles.RoleNames.Production });
    }

    [Fact]
    public void Lets_only_production_promote_images_by_retagging_without_uploading_layers_and_dev_only_check_tags()
    {
        var (template, _) = Synth();

        var production = string.Join(" ", template.PolicyStatements("GitHubProduction").Select(s => s.GetProperty("Action").ToString()));
        Assert.Contains("ecr:PutImage", production, StringComparison.Ordinal);
        Assert.Contains("ecr:BatchGetImage", production, StringComparison.Ordinal);
        Assert.DoesNotContain("ecr:InitiateLayerUpload", production, StringComparison.Ordinal);
        // Dev may only read image metadata (the release checks its tag exists first), never read or write images.
        var devEcr = template
            .PolicyStatements("GitHubDev")
            .Select(s => s.GetProperty("Action").ToString())
            .Where(a => a.Contains("ecr:", StringComparison.Ordinal));
        Assert.Equal(["ecr:DescribeImages"], devEcr);
    }

    [Fact]
    public void Fails_when_both_levels_share_a_qualifier()
    {
        var stack = TestStacks.NewStack();
        var error = Assert.Throws<ArgumentException>(() =>
            new GitHubCiRoles(
                stack,
                "GitHub",
                new GitHubCiRolesProps
                {
                    Repository = new GitHubRepository("acme", "infra"),
                    RoleNamePrefix = "infra",
                    Images = new ImageRepository(stack, "Images").Repository,
                    DevLevel = new TrustLevel(TrustLevel.Dev, "same"),
                    ProductionLevel = new TrustLevel(TrustLevel.Production, "same"),
                }
            )
        );
        Assert.Contains("share the qualifier 'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lets_each_application_repository_push_images_only()
    {
        var (template, roles) = Synth();

        Assert.Equal(["acme/backend"], roles.ImagePushRoles.Keys);
        var actions = template
            .PolicyStatements("GitHubImagePushAcmeBackend")
            .SelectMany(s =>
                s.GetProperty("Action").ValueKind == JsonValueKind.Array
                    ? s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!)
                    : [s.GetProperty("Action").GetString()!]
            )
            .ToList();
        Assert.Contains("ecr:PutImage", actions);
        Assert.Contains("ecr:InitiateLayerUpload", actions);
        Assert.DoesNotContain("ecr:BatchGetImage", actions);
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

    [Fact]
    public void Trusts_an_existing_provider_passed_by_its_interface_and_refuses_creating_a_second()
    {
        const string arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        var (template, _) = Synth(providerArn: arn);

        Assert.Empty(template.Resources("AWS::IAM::OIDCProvider"));
        Assert.Contains(
            $"\"Federated\":\"{arn}\"",
            Subjects(template, "infra-github-dev").Replace(" ", "", StringComparison.Ordinal),
            StringComparison.Ordinal
        );
        var error = Assert.Throws<ArgumentException>(() => Synth(createProvider: true, providerArn: arn));
        Assert.Contains("CreateProvider: true, but a Provider is given", error.Message, StringComparison.Ordinal);
    }
}
