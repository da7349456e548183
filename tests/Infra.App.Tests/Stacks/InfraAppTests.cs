using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Infra.App.Config;
using Infra.App.Stacks;

namespace Infra.App.Tests.Stacks;

public class InfraAppTests
{
    private static (SharedStack Shared, IReadOnlyList<EnvironmentStack> Environments, Amazon.CDK.App App) Compose(string? selection = null)
    {
        var app = new Amazon.CDK.App(new AppProps { Context = RepoFiles.AppContext() });
        var config = ConfigBinder.Bind(RepoFiles.InfraConfig().ToJsonString());
        var (shared, environments) = InfraApp.Compose(app, config, EnvironmentSelection.Select(config, selection), RepoFiles.Root);
        return (shared, environments, app);
    }

    [Fact]
    public void Synthesizes_the_shared_stack_and_every_environment_by_default()
    {
        var (_, _, app) = Compose();

        var assembly = app.Synth();

        Assert.Equal(["infra-dev", "infra-prod", "infra-shared"], assembly.Stacks.Select(s => s.StackName).Order(StringComparer.Ordinal));
        Assert.All(assembly.Stacks, s =>
            Assert.Equal("aws://111122223333/ap-northeast-2", $"aws://{s.Environment.Account}/{s.Environment.Region}")
        );
    }

    [Fact]
    public void Every_environment_names_its_health_url_where_the_release_scripts_look_for_it()
    {
        using var contract = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "contract", "release.json")));
        Assert.Equal(EnvironmentStack.ImageTagParameterName, contract.RootElement.GetProperty("imageTagParameter").GetString());
        Assert.Equal(EnvironmentStack.HealthUrlOutput, contract.RootElement.GetProperty("healthUrlOutput").GetString());
        var (_, environments, _) = Compose();

        var urls = environments.ToDictionary(
            e => e.Config.Name,
            e =>
                JsonSerializer
                    .SerializeToElement(Template.FromStack(e).ToJSON())
                    .GetProperty("Outputs")
                    .GetProperty(EnvironmentStack.HealthUrlOutput)
                    .GetProperty("Value")
        );

        // dev serves plain HTTP on the load balancer's name; prod its domain over HTTPS.
        var dev = urls["dev"].GetProperty("Fn::Join")[1];
        Assert.Equal("http://", dev[0].GetString());
        Assert.Contains("LoadBalancer", dev[1].ToString(), StringComparison.Ordinal);
        Assert.Equal("/health", dev[2].GetString());
        Assert.Equal("https://app.example.com/health", urls["prod"].GetString());
    }

    [Fact]
    public void Synthesizes_only_the_selected_environment_beside_the_shared_stack()
    {
        var (_, environments, app) = Compose("dev");

        Assert.Equal(["infra-dev"], environments.Select(s => s.StackName));
        Assert.Equal(["infra-dev", "infra-shared"], app.Synth().Stacks.Select(s => s.StackName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Protects_prod_and_the_shared_stack_from_termination_but_not_dev()
    {
        var (shared, environments, _) = Compose();

        Assert.True(shared.TerminationProtection);
        Assert.False(environments.Single(e => e.Config.Name == "dev").TerminationProtection);
        Assert.True(environments.Single(e => e.Config.Name == "prod").TerminationProtection);
    }

    [Fact]
    public void Tags_every_stack_with_project_and_environment()
    {
        var (shared, environments, app) = Compose();

        // Tags are applied by an aspect during synthesis.
        app.Synth();

        Assert.Equal("shared", shared.Tags.TagValues()["environment"]);
        Assert.All(environments, e => Assert.Equal(e.Config.Name, e.Tags.TagValues()["environment"]));
        Assert.All(environments.Append<Stack>(shared), s => Assert.Equal("infra", s.Tags.TagValues()["project"]));
    }

    [Fact]
    public void Deploys_environments_after_the_shared_stack()
    {
        var (shared, environments, _) = Compose();

        Assert.All(environments, e => Assert.Contains(shared, e.Dependencies));
    }

    [Fact]
    public void Uses_the_committed_availability_zones_not_dummy_ones()
    {
        var (shared, _, _) = Compose();

        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b"], shared.Network.Vpc.AvailabilityZones);
    }

    [Fact]
    public void Keeps_the_logical_ids_of_stateful_shared_resources()
    {
        // A changed logical id replaces the resource: pinned here so a refactor cannot silently recreate them.
        var (shared, _, _) = Compose();
        var template = Template.FromStack(shared);

        Assert.Contains("Network6E62CE96", template.FindResources("AWS::EC2::VPC").Keys);
        Assert.Contains("NetworkFlowLogs2BEC3212", template.FindResources("AWS::Logs::LogGroup").Keys);
        Assert.Contains("ImagesF8C4E866", template.FindResources("AWS::ECR::Repository").Keys);
    }

    [Fact]
    public void Keeps_the_logical_ids_of_stateful_environment_resources()
    {
        var (_, environments, _) = Compose();

        foreach (var stack in environments)
        {
            var template = Template.FromStack(stack);
            Assert.Contains("DatabaseB269D8BB", template.FindResources("AWS::RDS::DBInstance").Keys);
            Assert.Contains("ServiceLogs205D48C6", template.FindResources("AWS::Logs::LogGroup").Keys);
            Assert.Contains("ServiceAccessLogsC4D1116F", template.FindResources("AWS::S3::Bucket").Keys);
        }
    }

    [Fact]
    public void Sizes_and_protects_dev_and_prod_as_configured()
    {
        var (_, environments, _) = Compose();
        var dev = Template.FromStack(environments.Single(e => e.Config.Name == "dev")).ToJSON();
        var prod = Template.FromStack(environments.Single(e => e.Config.Name == "prod")).ToJSON();

        Assert.Equal("Delete", Resource(dev, "DatabaseB269D8BB").GetProperty("DeletionPolicy").GetString());
        Assert.Equal("Snapshot", Resource(prod, "DatabaseB269D8BB").GetProperty("DeletionPolicy").GetString());
        Assert.False(Resource(dev, "DatabaseB269D8BB").GetProperty("Properties").GetProperty("MultiAZ").GetBoolean());
        Assert.True(Resource(prod, "DatabaseB269D8BB").GetProperty("Properties").GetProperty("MultiAZ").GetBoolean());
        Assert.Equal("30", DeregistrationDelay(dev));
        Assert.Equal("60", DeregistrationDelay(prod));
    }

    [Fact]
    public void Keeps_the_image_tag_in_a_stack_parameter_that_defaults_to_no_image()
    {
        var (_, environments, _) = Compose();

        foreach (var stack in environments)
        {
            var parameter = JsonSerializer
                .SerializeToElement(Template.FromStack(stack).ToJSON()["Parameters"])
                .GetProperty(EnvironmentStack.ImageTagParameterName);
            Assert.Equal("", parameter.GetProperty("Default").GetString());
        }
    }

    [Fact]
    public void Lets_the_service_reach_its_database_as_the_app_user_and_only_dev_s_migrations_and_developers_as_schema_sync()
    {
        var (_, environments, _) = Compose();
        var (dev, prod) = (Template.FromStack(environments[0]), Template.FromStack(environments[1]));

        // Which database users each role may sign in as (rds-db:connect statements, by role logical id prefix).
        Assert.Equal(
            ["DatabaseTunnel:schema_sync", "ServiceTaskTaskRole:app", "ServiceTaskTaskRole:schema_sync"],
            ConnectGrants(dev).Where(g => !g.StartsWith("DatabaseUsers", StringComparison.Ordinal))
        );
        Assert.Equal(["ServiceTaskTaskRole:app"], ConnectGrants(prod).Where(g => g.StartsWith("Service", StringComparison.Ordinal)));
        Assert.DoesNotContain(ConnectGrants(prod), g => g.StartsWith("DatabaseTunnel", StringComparison.Ordinal));

        // The app container signs in as app; only DEV's Migrate container, which the app container waits for, as schema_sync.
        var devContainers = Containers(dev);
        Assert.Equal("app", EnvValue(devContainers["App"], "DB_USER"));
        Assert.Equal("schema_sync", EnvValue(devContainers["Migrate"], "DB_USER"));
        Assert.False(devContainers["Migrate"].GetProperty("Essential").GetBoolean());
        Assert.Equal(
            ["alembic", "upgrade", "head"],
            devContainers["Migrate"].GetProperty("Command").EnumerateArray().Select(c => c.GetString())
        );
        var dependsOn = devContainers["App"].GetProperty("DependsOn")[0];
        Assert.Equal(
            ("Migrate", "SUCCESS"),
            (dependsOn.GetProperty("ContainerName").GetString(), dependsOn.GetProperty("Condition").GetString())
        );
        Assert.Equal(["App"], Containers(prod).Keys);

        // Into the database: the service, the deploy-time user bootstrap, and in prod the migration function; nothing else.
        var sources = JsonSerializer
            .SerializeToElement(dev.FindResources("AWS::EC2::SecurityGroupIngress"))
            .EnumerateObject()
            .Select(p => p.Value.GetProperty("Properties"))
            .Where(p => p.GetProperty("FromPort").GetInt32() == 5432)
            .Select(p => p.GetProperty("SourceSecurityGroupId").GetProperty("Fn::GetAtt")[0].GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(2, sources.Count);
        Assert.StartsWith("DatabaseUsersSecurityGroup", sources[0], StringComparison.Ordinal);
        Assert.StartsWith("ServiceSecurityGroup", sources[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Gives_developers_a_port_forward_through_dev_s_service_tasks_and_nothing_else()
    {
        var (_, environments, _) = Compose();
        var dev = Template.FromStack(environments[0]);

        var role = JsonSerializer
            .SerializeToElement(dev.FindResources("AWS::IAM::Role"))
            .EnumerateObject()
            .Single(r => r.Name.StartsWith("DatabaseTunnel", StringComparison.Ordinal))
            .Value.GetProperty("Properties");
        Assert.Equal("infra-dev-developer", role.GetProperty("RoleName").GetString());
        var policy = JsonSerializer
            .SerializeToElement(dev.FindResources("AWS::IAM::Policy"))
            .EnumerateObject()
            .Single(p => p.Name.StartsWith("DatabaseTunnel", StringComparison.Ordinal))
            .Value;
        var actions = policy
            .GetProperty("Properties")
            .GetProperty("PolicyDocument")
            .GetProperty("Statement")
            .EnumerateArray()
            .SelectMany(st =>
                st.GetProperty("Action").ValueKind == JsonValueKind.Array
                    ? st.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!)
                    : [st.GetProperty("Action").GetString()!]
            )
            .Order(StringComparer.Ordinal);
        Assert.Equal(["ecs:DescribeTasks", "ecs:ExecuteCommand", "ecs:ListTasks", "rds-db:connect", "ssm:StartSession"], actions);
        Assert.Contains("AWS-StartPortForwardingSessionToRemoteHost", policy.ToString(), StringComparison.Ordinal);
        dev.HasResourceProperties("AWS::ECS::Service", new Dictionary<string, object> { ["EnableExecuteCommand"] = true });
    }

    private static List<string> ConnectGrants(Template template) =>
        [
            .. JsonSerializer
                .SerializeToElement(template.FindResources("AWS::IAM::Policy"))
                .EnumerateObject()
                .SelectMany(policy =>
                    policy
                        .Value.GetProperty("Properties")
                        .GetProperty("Roles")
                        .EnumerateArray()
                        .Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : r.GetProperty("Ref").GetString()!)
                        .SelectMany(role =>
                            policy
                                .Value.GetProperty("Properties")
                                .GetProperty("PolicyDocument")
                                .GetProperty("Statement")
                                .EnumerateArray()
                                .Where(st => st.GetProperty("Action").ToString().Contains("rds-db:connect", StringComparison.Ordinal))
                                // Each resource ends in "/<database user>" (dbuser:<resource id>/<user>).
                                .SelectMany(st =>
                                    System
                                        .Text.RegularExpressions.Regex.Matches(st.GetProperty("Resource").ToString(), "\"/([a-z_0-9]+)\"")
                                        .Select(m => m.Groups[1].Value)
                                )
                                .Select(user => $"{System.Text.RegularExpressions.Regex.Replace(role, "[0-9A-F]{8}$", "")}:{user}")
                        )
                )
                .Distinct()
                .Order(StringComparer.Ordinal),
        ];

    private static Dictionary<string, JsonElement> Containers(Template template) =>
        JsonSerializer
            .SerializeToElement(template.FindResources("AWS::ECS::TaskDefinition"))
            .EnumerateObject()
            .Single()
            .Value.GetProperty("Properties")
            .GetProperty("ContainerDefinitions")
            .EnumerateArray()
            .ToDictionary(c => c.GetProperty("Name").GetString()!);

    private static string EnvValue(JsonElement container, string name) =>
        container
            .GetProperty("Environment")
            .EnumerateArray()
            .Single(e => e.GetProperty("Name").GetString() == name)
            .GetProperty("Value")
            .GetString()!;

    private static JsonElement Resource(IDictionary<string, object> template, string logicalId) =>
        JsonSerializer.SerializeToElement(template["Resources"]).GetProperty(logicalId);

    private static string DeregistrationDelay(IDictionary<string, object> template) =>
        JsonSerializer
            .SerializeToElement(template["Resources"])
            .EnumerateObject()
            .Single(r => r.Value.GetProperty("Type").GetString() == "AWS::ElasticLoadBalancingV2::TargetGroup")
            .Value.GetProperty("Properties")
            .GetProperty("TargetGroupAttributes")
            .EnumerateArray()
            .Single(a => a.GetProperty("Key").GetString() == "deregistration_delay.timeout_seconds")
            .GetProperty("Value")
            .GetString()!;

    [Fact]
    public void Puts_the_migration_function_in_prod_reading_dev_and_deploys_dev_first()
    {
        var (_, environments, _) = Compose();
        var dev = environments.Single(e => e.Config.Name == "dev");
        var prod = environments.Single(e => e.Config.Name == "prod");

        Assert.Null(dev.Migration);
        Assert.NotNull(prod.Migration);
        Assert.Contains(dev, prod.Dependencies);
        var template = Template.FromStack(prod);
        Assert.Contains("SchemaMigrationRevisions061E9122", template.FindResources("AWS::S3::Bucket").Keys);
        Assert.Contains("SchemaMigrationLogsCCE4A4F9", template.FindResources("AWS::Logs::LogGroup").Keys);
        var variables = JsonSerializer.Serialize(template.FindResources("AWS::Lambda::Function"));
        Assert.Contains("Fn::ImportValue", variables, StringComparison.Ordinal);
    }

    [Fact]
    public void Brings_the_migration_source_along_when_only_the_target_is_selected()
    {
        var (_, environments, _) = Compose("prod");

        Assert.Equal(["dev", "prod"], environments.Select(e => e.Config.Name));
    }

    [Fact]
    public void Starts_each_service_only_after_its_database_users_exist()
    {
        var (_, environments, _) = Compose();

        foreach (var stack in environments)
        {
            var template = Template.FromStack(stack);
            var users = Assert.Single(template.FindResources("Custom::DatabaseUsers").Keys);
            var service = JsonSerializer.SerializeToElement(Assert.Single(template.FindResources("AWS::ECS::Service").Values));
            Assert.Contains(users, service.GetProperty("DependsOn").EnumerateArray().Select(d => d.GetString()));
        }
    }

    [Fact]
    public void Grants_apply_to_the_production_role_and_plan_to_every_ci_role_from_the_target_stack_only()
    {
        var (shared, environments, _) = Compose();
        var prod = Template.FromStack(environments.Single(e => e.Config.Name == "prod"));
        string Policy(string prefix) =>
            JsonSerializer.Serialize(
                prod.FindResources("AWS::IAM::Policy").Single(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Value
            );

        var production = Policy("GitHubProductionRole");
        Assert.Contains("SchemaMigrationE8E76142", production, StringComparison.Ordinal);
        Assert.Contains("infra-github-production", production, StringComparison.Ordinal);
        foreach (
            var (prefix, name) in new[] { ("GitHubDevRole", "infra-github-dev"), ("GitHubPullRequestRole", "infra-github-pull-request") }
        )
        {
            var policy = Policy(prefix);
            Assert.Contains("SchemaMigrationPlan", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("SchemaMigrationE8E76142", policy, StringComparison.Ordinal);
            Assert.Contains(name, policy, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(":*", production, StringComparison.Ordinal);
        Assert.DoesNotContain(
            Template.FromStack(environments.Single(e => e.Config.Name == "dev")).FindResources("AWS::IAM::Policy").Keys,
            k => k.StartsWith("GitHub", StringComparison.Ordinal)
        );
        // The shared stack never depends on an environment stack.
        Assert.Empty(shared.Dependencies);
    }

    /// <summary>examples/dev-on-lambda.json, optionally with prod on Lambda too.</summary>
    private static IReadOnlyDictionary<string, Template> SynthExample(bool prodOnLambda)
    {
        var json = System
            .Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "examples", "dev-on-lambda.json")))!
            .AsObject();
        if (prodOnLambda)
        {
            json["environments"]!["prod"]!["service"] = System.Text.Json.Nodes.JsonNode.Parse(
                """
                {"platform": "lambda", "maxConcurrency": 20, "poolSize": 2, "rollout": "canary10Percent5Minutes", "logRetentionDays": 90}
                """
            );
        }
        var app = new Amazon.CDK.App(new AppProps { Context = RepoFiles.AppContext() });
        var config = ConfigBinder.Bind(json.ToJsonString());
        var (_, environments) = InfraApp.Compose(app, config, EnvironmentSelection.Select(config, null), RepoFiles.Root);
        return environments.ToDictionary(e => e.Config.Name, e => Template.FromStack(e));
    }

    private static int Count(Template template, string type) => template.FindResources(type).Count;

    private static IEnumerable<string> MigrationHandlers(Template template) =>
        template
            .FindResources("AWS::Lambda::Function")
            .Values.Select(f => JsonSerializer.SerializeToElement(f).GetProperty("Properties"))
            .Where(p => p.TryGetProperty("Handler", out _))
            .Select(p => p.GetProperty("Handler").GetString()!)
            .Order(StringComparer.Ordinal);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_environment_on_lambda_runs_the_same_image_without_load_balancer_or_tasks_and_the_migration_functions_stay(
        bool prodOnLambda
    )
    {
        var templates = SynthExample(prodOnLambda);
        var (_, committed, _) = Compose();
        var committedProd = Template.FromStack(committed.Single(e => e.Config.Name == "prod"));

        var dev = templates["dev"];
        Assert.Equal(1, Count(dev, "AWS::Lambda::Alias"));
        Assert.Equal(0, Count(dev, "AWS::ECS::Service"));
        Assert.Equal(0, Count(dev, "AWS::ElasticLoadBalancingV2::LoadBalancer"));
        var function = JsonSerializer
            .SerializeToElement(
                dev.FindResources("AWS::Lambda::Function")
                    .Values.Single(f => JsonSerializer.SerializeToElement(f).GetProperty("Properties").TryGetProperty("PackageType", out _))
            )
            .GetProperty("Properties");
        var variables = function.GetProperty("Environment").GetProperty("Variables");
        foreach (var name in new[] { "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_SSLMODE" })
            Assert.True(variables.TryGetProperty(name, out _), $"{name} is missing on Lambda");
        Assert.Equal("app", variables.GetProperty("DB_USER").GetString());
        // rds-db:connect as app, granted to the function's own role the way the task role gets it on Fargate.
        var role = function.GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString();
        var grants = dev.FindResources("AWS::IAM::Policy")
            .Values.Select(p => JsonSerializer.SerializeToElement(p).GetProperty("Properties"))
            .Where(p => p.GetProperty("Roles").EnumerateArray().Any(r => r.GetProperty("Ref").GetString() == role))
            .Select(p => p.GetProperty("PolicyDocument").ToString())
            .ToList();
        Assert.Contains(grants, g =>
            g.Contains("rds-db:connect", StringComparison.Ordinal) && g.Contains("/app", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(grants, g => g.Contains("/schema_sync", StringComparison.Ordinal));
        var prod = templates["prod"];
        Assert.Equal(prodOnLambda ? 0 : 1, Count(prod, "AWS::ECS::Service"));
        Assert.Equal(prodOnLambda ? 1 : 0, Count(prod, "AWS::CodeDeploy::DeploymentGroup"));
        if (prodOnLambda)
        {
            var group = JsonSerializer
                .SerializeToElement(prod.FindResources("AWS::CodeDeploy::DeploymentGroup").Values.Single())
                .GetProperty("Properties");
            Assert.Equal("CodeDeployDefault.LambdaCanary10Percent5Minutes", group.GetProperty("DeploymentConfigName").GetString());
        }
        // The migration functions and the user bootstrap are the same on either platform.
        Assert.Equal(
            MigrationHandlers(committedProd),
            MigrationHandlers(prod).Where(h => h.StartsWith("MigrationFunction::", StringComparison.Ordinal))
        );
    }
}
