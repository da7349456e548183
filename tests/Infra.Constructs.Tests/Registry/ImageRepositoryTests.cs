using System.Text.Json;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.IAM;
using Infra.Constructs.Registry;

namespace Infra.Constructs.Tests.Registry;

public class ImageRepositoryTests
{
    private static Template Synth(ImageRepositoryProps? props = null)
    {
        var stack = TestStacks.NewStack();
        _ = new ImageRepository(stack, "Images", props);
        return Template.FromStack(stack);
    }

    [Fact]
    public void Creates_an_immutable_scanned_encrypted_retained_repository()
    {
        var template = Synth(new ImageRepositoryProps { RepositoryName = "infra/app" });

        template.HasResource(
            "AWS::ECR::Repository",
            new Dictionary<string, object>
            {
                ["Properties"] = new Dictionary<string, object>
                {
                    ["RepositoryName"] = "infra/app",
                    ["ImageTagMutability"] = "IMMUTABLE",
                    ["ImageScanningConfiguration"] = new Dictionary<string, object> { ["ScanOnPush"] = true },
                    ["EncryptionConfiguration"] = new Dictionary<string, object> { ["EncryptionType"] = "AES256" },
                },
                ["DeletionPolicy"] = "Retain",
                ["UpdateReplacePolicy"] = "Retain",
            }
        );
    }

    [Fact]
    public void Evaluates_promoted_tags_before_any_rule_that_expires_images()
    {
        var template = Synth(
            new ImageRepositoryProps
            {
                PromotedTagPrefixes = ["prod-", "dev-"],
                KeepPromotedImages = 5,
                KeepImages = 40,
                UntaggedExpiryDays = 3,
            }
        );

        var rules = LifecycleRules(template);

        Assert.Equal([1, 2, 3, 4], rules.Select(r => r.GetProperty("rulePriority").GetInt32()));
        Assert.Equal(["dev-", "prod-"], rules.Take(2).Select(r => r.GetProperty("selection").GetProperty("tagPrefixList")[0].GetString()));
        Assert.All(rules.Take(2), r => Assert.Equal(5, r.GetProperty("selection").GetProperty("countNumber").GetInt32()));
        Assert.Equal("untagged", rules[2].GetProperty("selection").GetProperty("tagStatus").GetString());
        Assert.Equal(3, rules[2].GetProperty("selection").GetProperty("countNumber").GetInt32());
        // ECR requires the catch-all rule to come last.
        Assert.Equal("any", rules[3].GetProperty("selection").GetProperty("tagStatus").GetString());
        Assert.Equal(40, rules[3].GetProperty("selection").GetProperty("countNumber").GetInt32());
    }

    [Fact]
    public void Grants_push_and_pull_on_this_repository_only()
    {
        // A stack synthesizes once: build everything before the template is read.
        var stack = TestStacks.NewStack();
        var repository = new ImageRepository(stack, "Images");
        var pusher = new Role(stack, "Pusher", new RoleProps { AssumedBy = new AccountRootPrincipal() });
        var puller = new Role(stack, "Puller", new RoleProps { AssumedBy = new AccountRootPrincipal() });

        repository.GrantPush(pusher);
        repository.GrantPull(puller);
        var template = Template.FromStack(stack);

        var pushActions = PolicyActions(template, "Pusher");
        Assert.Contains("ecr:PutImage", pushActions);
        Assert.Contains("ecr:CompleteLayerUpload", pushActions);
        var pullActions = PolicyActions(template, "Puller");
        Assert.Contains("ecr:BatchGetImage", pullActions);
        Assert.DoesNotContain("ecr:PutImage", pullActions);
    }

    public static TheoryData<ImageRepositoryProps, string> InvalidProps =>
        new()
        {
            {
                new ImageRepositoryProps { RepositoryName = "Infra/App" },
                "RepositoryName: 'Infra/App'"
            },
            {
                new ImageRepositoryProps { PromotedTagPrefixes = ["prod:"] },
                "PromotedTagPrefixes: 'prod:'"
            },
            {
                new ImageRepositoryProps { KeepPromotedImages = 0 },
                "KeepPromotedImages: 0 must be at least 1"
            },
            {
                new ImageRepositoryProps { KeepImages = 0 },
                "KeepImages: 0 must be at least 1"
            },
            {
                new ImageRepositoryProps { UntaggedExpiryDays = 0 },
                "UntaggedExpiryDays: 0 must be at least 1"
            },
        };

    [Theory]
    [MemberData(nameof(InvalidProps))]
    public void Fails_when_a_prop_is_invalid(ImageRepositoryProps props, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageRepository(TestStacks.NewStack(), "Images", props));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static List<JsonElement> LifecycleRules(Template template)
    {
        var properties = Assert.Single(template.Resources("AWS::ECR::Repository").Values).Properties();
        var text = (string)((IDictionary<string, object>)properties["LifecyclePolicy"])["LifecyclePolicyText"];
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("rules").EnumerateArray()];
    }

    private static List<string> PolicyActions(Template template, string rolePrefix)
    {
        var policies = template.Resources("AWS::IAM::Policy");
        var policy = policies.SingleOrDefault(p => p.Key.StartsWith(rolePrefix, StringComparison.Ordinal)).Value?.Properties()
            ?? throw new InvalidOperationException($"no policy for {rolePrefix} among {string.Join(", ", policies.Keys)}");
        var json = JsonSerializer.Serialize(policy["PolicyDocument"]);
        return
        [
            .. JsonDocument
                .Parse(json)
                .RootElement.GetProperty("Statement")
                .EnumerateArray()
                .SelectMany(s =>
                    s.GetProperty("Action") is { ValueKind: JsonValueKind.Array } a
                        ? a.EnumerateArray().Select(x => x.GetString()!)
                        : [s.GetProperty("Action").GetString()!]
                ),
        ];
    }
}
