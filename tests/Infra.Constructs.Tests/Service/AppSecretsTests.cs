using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ECR;
using Infra.Constructs.Service;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Service;

/// <summary>
/// The app's variables and secrets on both platforms: the references reach the template, never a value; the role that
/// reads them (the task's execution role on Fargate, the function's role on Lambda) may read exactly those parameters
/// and secrets, and decrypt only with the given key through the two services.
/// </summary>
public class AppSecretsTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-2:123456789012:key/11111111-2222-3333-4444-555555555555";

    private static readonly AppSettings App = new()
    {
        Variables = new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
        Secrets =
        [
            new AppSecret("DB_PASSWORD", SecretStore.Ssm, "/prod/app/password"),
            new AppSecret("STRIPE_KEY", SecretStore.SecretsManager, "prod/stripe", "api_key"),
        ],
        SecretsKeyArn = KeyArn,
    };

    private static Template Synth(bool lambda, AppSettings app) => Template.FromStack(Build(lambda, app));

    private static Stack Build(bool lambda, AppSettings app)
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        var repository = new Repository(stack, "Images");
        var environment = new Dictionary<string, string> { ["DB_HOST"] = "db.example" };
        if (lambda)
            _ = new WebFunction(
                stack,
                "Web",
                new WebFunctionProps
                {
                    Vpc = network.Vpc,
                    Subnets = network.PrivateSubnets,
                    Repository = repository,
                    ImageTag = "abc123",
                    Environment = environment,
                    App = app,
                }
            );
        else
            _ = new WebService(
                stack,
                "Web",
                new WebServiceProps
                {
                    Vpc = network.Vpc,
                    PublicSubnets = network.PublicSubnets,
                    PrivateSubnets = network.PrivateSubnets,
                    Repository = repository,
                    ImageTag = "abc123",
                    Environment = environment,
                    App = app,
                }
            );
        return stack;
    }

    /// <summary>A template value as text, with <c>Fn::Join</c> joined and references shown as <c>{Ref}</c>.</summary>
    private static string Text(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Object when value.TryGetProperty("Fn::Join", out var join) => string.Join(
                join[0].GetString(),
                join[1].EnumerateArray().Select(Text)
            ),
            JsonValueKind.Object when value.TryGetProperty("Ref", out var reference) => "{" + reference.GetString() + "}",
            _ => value.ToString(),
        };

    /// <summary>Every statement granting a secrets, parameter or KMS action: actions and resources as text, its condition.</summary>
    private static List<(string Actions, string Resources, JsonElement Condition)> SecretStatements(Template template) =>
        [
            .. template
                .Resources("AWS::IAM::Policy")
                .Values.SelectMany(p => p.Properties().ToJson().GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
                .Select(s =>
                    (
                        Actions: s.GetProperty("Action").ToString(),
                        Resources: string.Join(
                            " ",
                            s.GetProperty("Resource").ValueKind == JsonValueKind.Array
                                ? s.GetProperty("Resource").EnumerateArray().Select(Text)
                                : [Text(s.GetProperty("Resource"))]
                        ),
                        Condition: s.TryGetProperty("Condition", out var condition) ? condition : default
                    )
                )
                .Where(s =>
                    s.Actions.Contains("ssm:", StringComparison.Ordinal)
                    || s.Actions.Contains("secretsmanager:", StringComparison.Ordinal)
                    || s.Actions.Contains("kms:", StringComparison.Ordinal)
                ),
        ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_reading_role_may_read_exactly_the_named_parameters_and_secrets_and_decrypt_with_their_key(bool lambda)
    {
        var statements = SecretStatements(Synth(lambda, App));

        var parameter = Assert.Single(statements, s => s.Actions.Contains("ssm:GetParameters", StringComparison.Ordinal));
        Assert.Equal("arn:{AWS::Partition}:ssm:eu-west-2:123456789012:parameter/prod/app/password", parameter.Resources);
        var secret = Assert.Single(statements, s => s.Actions.Contains("secretsmanager:GetSecretValue", StringComparison.Ordinal));
        Assert.Equal("arn:{AWS::Partition}:secretsmanager:eu-west-2:123456789012:secret:prod/stripe-??????", secret.Resources);
        var decrypt = Assert.Single(statements, s => s.Actions.Contains("kms:", StringComparison.Ordinal));
        Assert.Equal(("kms:Decrypt", KeyArn), (decrypt.Actions, decrypt.Resources));
        var services = decrypt.Condition.GetProperty("StringEquals").GetProperty("kms:ViaService").EnumerateArray().Select(Text);
        Assert.Equal("ssm.{AWS::Region}.amazonaws.com secretsmanager.{AWS::Region}.amazonaws.com", string.Join(" ", services));
        Assert.Equal(3, statements.Count);
    }

    [Fact]
    public void Fargate_puts_the_references_in_the_container_and_the_variables_beside_the_platforms()
    {
        var task = Assert.Single(Synth(false, App).Resources("AWS::ECS::TaskDefinition").Values).Properties().ToJson();
        var app = task.GetProperty("ContainerDefinitions").EnumerateArray().Single(c => c.GetProperty("Name").GetString() == "App");

        var secrets = app.GetProperty("Secrets")
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("Name").GetString()!, s => Text(s.GetProperty("ValueFrom")));
        Assert.Equal("arn:{AWS::Partition}:ssm:eu-west-2:123456789012:parameter/prod/app/password", secrets["DB_PASSWORD"]);
        Assert.Equal("arn:{AWS::Partition}:secretsmanager:eu-west-2:123456789012:secret:prod/stripe:api_key::", secrets["STRIPE_KEY"]);
        var variables = app.GetProperty("Environment")
            .EnumerateArray()
            .ToDictionary(v => v.GetProperty("Name").GetString()!, v => v.GetProperty("Value").GetString());
        Assert.Equal(["DB_HOST", "LOG_LEVEL"], variables.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Lambda_names_the_secrets_to_the_app_in_one_variable_it_reads_at_start()
    {
        var function = Assert.Single(Synth(true, App).Resources("AWS::Lambda::Function").Values).Properties().ToJson();
        var variables = function.GetProperty("Environment").GetProperty("Variables");

        Assert.Equal("info", variables.GetProperty("LOG_LEVEL").GetString());
        var references = JsonDocument.Parse(variables.GetProperty(WebFunction.SecretsVariable).GetString()!).RootElement;
        Assert.Equal("""{"store":"ssm","name":"/prod/app/password"}""", references.GetProperty("DB_PASSWORD").GetRawText());
        Assert.Equal(
            """{"store":"secretsmanager","name":"prod/stripe","jsonKey":"api_key"}""",
            references.GetProperty("STRIPE_KEY").GetRawText()
        );
        Assert.False(variables.TryGetProperty("DB_PASSWORD", out _));
    }

    [Theory]
    [InlineData(false, "web-service")]
    [InlineData(true, "web-function")]
    public void Records_which_secrets_the_workload_reads_for_the_report(bool lambda, string workload)
    {
        var stack = Build(lambda, App);
        // Read as scripts/report reads it: cdk.out's manifest.
        var assembly = ((App)stack.Node.Root).Synth();
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(assembly.Directory, "manifest.json"))).RootElement;

        var entries = manifest
            .GetProperty("artifacts")
            .GetProperty(stack.ArtifactId)
            .GetProperty("metadata")
            .EnumerateObject()
            .SelectMany(p => p.Value.EnumerateArray())
            .Where(e => e.GetProperty("type").GetString() == "infra:secrets");
        var data = Assert.Single(entries).GetProperty("data");
        Assert.Equal(workload, data.GetProperty("workload").GetString());
        Assert.Equal(
            """[{"variable":"DB_PASSWORD","store":"ssm","name":"/prod/app/password"},"""
                + """{"variable":"STRIPE_KEY","store":"secretsmanager","name":"prod/stripe","jsonKey":"api_key"}]""",
            JsonSerializer.Serialize(data.GetProperty("secrets"))
        );
    }

    [Theory]
    [InlineData("DB_HOST", "ssm:/x/y", "App.Secrets.DB_HOST: 'DB_HOST' is set by the platform")]
    [InlineData("AWS_REGION", "ssm:/x/y", "App.Secrets.AWS_REGION: 'AWS_REGION': names starting with AWS_ are reserved")]
    [InlineData("9LIVES", "ssm:/x/y", "App.Secrets.9LIVES: '9LIVES' is not an environment variable name")]
    [InlineData("LOG_LEVEL", "ssm:/x/y", "App.Secrets.LOG_LEVEL: is also a plain variable")]
    [InlineData("TOKEN", "ssm:/aws/reference", "App.Secrets.TOKEN: 'ssm:/aws/reference' is not a secret reference (paths under /aws")]
    public void Refuses_a_secret_the_platform_or_aws_owns_or_that_is_not_one(string variable, string reference, string expected)
    {
        var parsed = new AppSecret(variable, SecretStore.Ssm, reference["ssm:".Length..]);
        var app = App with { Secrets = [parsed] };

        foreach (var lambda in new[] { false, true })
        {
            var error = Assert.Throws<ArgumentException>(() => Synth(lambda, app));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }
}
