using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ECR;
using Infra.Constructs.Service;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Service;

public class WebFunctionTests
{
    private static Template Synth(
        WebFunctionSettings? settings = null,
        string? instanceClass = "t4g.small",
        IReadOnlyDictionary<string, string>? environment = null,
        AppSettings? app = null
    )
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        var tag = new CfnParameter(stack, "ImageTag", new CfnParameterProps { Type = "String", Default = "" });
        _ = new WebFunction(
            stack,
            "Web",
            new WebFunctionProps
            {
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                Repository = new Repository(stack, "Images"),
                ImageTag = tag.ValueAsString,
                Environment = environment ?? new Dictionary<string, string> { ["DB_HOST"] = "db.example", ["DB_USER"] = "app" },
                DatabaseInstanceClass = instanceClass,
                App = app ?? new AppSettings(),
                AlarmTopic = new Amazon.CDK.AWS.SNS.Topic(stack, "Alarms"),
                Settings = settings ?? new WebFunctionSettings(),
            }
        );
        return Template.FromStack(stack);
    }

    private static JsonElement Single(Template template, string type) =>
        Assert.Single(template.Resources(type).Values).Properties().ToJson();

    private static JsonElement Whole(Template template, string type) => Assert.Single(template.Resources(type).Values).ToJson();

    [Fact]
    public void Runs_the_image_at_the_tag_parameter_in_private_subnets_never_a_mutable_tag()
    {
        var template = Synth();

        var function = Single(template, "AWS::Lambda::Function");
        Assert.Equal("Image", function.GetProperty("PackageType").GetString());
        var uri = function.GetProperty("Code").GetProperty("ImageUri").ToString();
        Assert.Contains("\"Ref\":\"ImageTag\"", uri.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Images", uri, StringComparison.Ordinal);
        Assert.DoesNotContain("latest", JsonSerializer.Serialize(template.ToJSON()), StringComparison.Ordinal);
        Assert.Equal("arm64", function.GetProperty("Architectures")[0].GetString());
        Assert.Equal(10, function.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.All(function.GetProperty("VpcConfig").GetProperty("SubnetIds").EnumerateArray(), s =>
            Assert.Contains("Private", s.GetProperty("Ref").GetString(), StringComparison.Ordinal)
        );
        var variables = function.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("8000", variables.GetProperty("AWS_LWA_PORT").GetString());
        Assert.Equal("/health", variables.GetProperty("AWS_LWA_READINESS_CHECK_PATH").GetString());
        Assert.Equal("2", variables.GetProperty("DB_POOL_SIZE").GetString());
        Assert.Equal("app", variables.GetProperty("DB_USER").GetString());
    }

    [Fact]
    public void A_new_image_tag_publishes_a_new_version_because_the_version_carries_the_tag()
    {
        var version = Single(Synth(), "AWS::Lambda::Version");

        // AWS::Lambda::Version replaces itself (publishes) when its Description changes.
        var parts = version.GetProperty("Description").GetProperty("Fn::Join")[1];
        Assert.Equal("image ", parts[0].GetString());
        Assert.Equal("ImageTag", parts[1].GetProperty("Ref").GetString());
    }

    /// <summary>What a deploy of <paramref name="template"/> publishes and what the version freezes: the version resource
    /// (its logical id and properties; either changing replaces it, which publishes) and the function's properties but
    /// reserved concurrency (the function's, applied to every version at once).</summary>
    private static (string Version, string Frozen) Release(Template template)
    {
        var version = Assert.Single(template.ToJSON().ToJson().GetProperty("Resources").EnumerateObject(), r =>
            r.Value.GetProperty("Type").GetString() == "AWS::Lambda::Version"
        );
        var function = Single(template, "AWS::Lambda::Function").EnumerateObject().Where(p => p.Name != "ReservedConcurrentExecutions");
        return (
            version.Name + version.Value.GetProperty("Properties"),
            JsonSerializer.Serialize(function.ToDictionary(p => p.Name, p => p.Value))
        );
    }

    [Fact]
    public void Every_input_the_version_freezes_publishes_a_new_version_and_no_other_does()
    {
        var baseline = Release(Synth());
        var variations = SettingsVariations
            .Of(
                new WebFunctionSettings(),
                new Dictionary<string, Func<WebFunctionSettings, WebFunctionSettings>>
                {
                    ["DomainName"] = s => s with { DomainName = "app.example.com", CertificateArn = ExampleCertificate },
                    ["CertificateArn"] = s => s with { DomainName = "app.example.com", CertificateArn = ExampleCertificate },
                    ["HostedZoneId"] = s => s with { DomainName = "app.example.com", HostedZoneId = "Z04581231JN1K8YDL7Z2Q" },
                },
                s => WebFunctionPropsValidation.FindProblem(s) is null
            )
            .Select(v => (v.Name, Release: Release(Synth(v.Varied))))
            .Append((Name: "Environment", Release: Release(Synth(environment: new Dictionary<string, string> { ["DB_HOST"] = "db2" }))))
            .Append(
                (
                    Name: "AppVariable",
                    Release: Release(Synth(app: new AppSettings { Variables = new Dictionary<string, string> { ["X"] = "1" } }))
                )
            )
            .Append(
                (
                    Name: "AppSecretReference",
                    Release: Release(Synth(app: new AppSettings { Secrets = [new("KEY", SecretStore.Ssm, "/a/b")] }))
                )
            )
            .ToList();

        foreach (var (name, release) in variations)
            Assert.True(
                (release.Frozen != baseline.Frozen) == (release.Version != baseline.Version),
                $"{name}: the function's frozen configuration {(release.Frozen != baseline.Frozen ? "changed" : "did not change")} "
                    + $"but the version {(release.Version != baseline.Version ? "changed" : "did not")}"
            );
        Assert.Equal(
            [
                "AppSecretReference",
                "AppVariable",
                "Arm64",
                "ContainerPort",
                "Environment",
                "HealthCheckPath",
                "MemoryMiB",
                "PoolSize",
                "TimeoutSeconds",
            ],
            variations.Where(v => v.Release.Version != baseline.Version).Select(v => v.Name).Order(StringComparer.Ordinal)
        );
        Assert.Equal(baseline, Release(Synth()));
    }

    private const string ExampleCertificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/00000000-0000-0000-0000-000000000000";

    [Fact]
    public void A_domain_with_its_zone_gets_a_dns_validated_certificate_tls_1_2_and_the_alias_to_the_api()
    {
        var template = Synth(new WebFunctionSettings { DomainName = "api.example.com", HostedZoneId = "Z04581231JN1K8YDL7Z2Q" });

        var certificate = Single(template, "AWS::CertificateManager::Certificate");
        Assert.Equal("DNS", certificate.GetProperty("ValidationMethod").GetString());
        var domain = Single(template, "AWS::ApiGatewayV2::DomainName");
        Assert.Equal("api.example.com", domain.GetProperty("DomainName").GetString());
        var configuration = domain.GetProperty("DomainNameConfigurations")[0];
        Assert.Equal("TLS_1_2", configuration.GetProperty("SecurityPolicy").GetString());
        var certificateId = Assert.Single(template.Resources("AWS::CertificateManager::Certificate").Keys);
        Assert.Equal(certificateId, configuration.GetProperty("CertificateArn").GetProperty("Ref").GetString());
        var record = Whole(template, "AWS::Route53::RecordSet");
        Assert.Equal("api.example.com.", record.GetProperty("Properties").GetProperty("Name").GetString());
        Assert.StartsWith("WebHasImage", record.GetProperty("Condition").GetString(), StringComparison.Ordinal);
        Assert.Contains(
            "RegionalDomainName",
            record.GetProperty("Properties").GetProperty("AliasTarget").GetProperty("DNSName").ToString(),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData(LambdaRollout.AllAtOnce, "CodeDeployDefault.LambdaAllAtOnce")]
    [InlineData(LambdaRollout.Canary10Percent5Minutes, "CodeDeployDefault.LambdaCanary10Percent5Minutes")]
    [InlineData(LambdaRollout.Linear10PercentEvery1Minute, "CodeDeployDefault.LambdaLinear10PercentEvery1Minute")]
    public void CodeDeploy_shifts_the_alias_by_the_rollout_and_rolls_back_on_either_alarm(LambdaRollout rollout, string config)
    {
        var template = Synth(new WebFunctionSettings { Rollout = rollout });

        var alias = Whole(template, "AWS::Lambda::Alias");
        Assert.Equal("live", alias.GetProperty("Properties").GetProperty("Name").GetString());
        Assert.True(alias.GetProperty("UpdatePolicy").TryGetProperty("CodeDeployLambdaAliasUpdate", out _));
        var group = Single(template, "AWS::CodeDeploy::DeploymentGroup");
        Assert.Equal(config, group.GetProperty("DeploymentConfigName").GetString());
        Assert.Contains(
            "DEPLOYMENT_STOP_ON_ALARM",
            group.GetProperty("AutoRollbackConfiguration").GetProperty("Events").ToString(),
            StringComparison.Ordinal
        );
        Assert.Equal(2, group.GetProperty("AlarmConfiguration").GetProperty("Alarms").GetArrayLength());
        var metrics = template
            .Resources("AWS::CloudWatch::Alarm")
            .Values.Select(a => a.Properties().ToJson().GetProperty("MetricName").GetString())
            .Order()
            .ToList();
        // The two rollback alarms, and the latency alarm that only notifies.
        Assert.Equal(["5xx", "Errors", "Latency"], metrics);
    }

    [Fact]
    public void An_http_api_invokes_the_alias_with_throttling_and_access_logs()
    {
        var template = Synth(new WebFunctionSettings { ThrottleRateLimit = 20, ThrottleBurstLimit = 40 });

        Assert.Equal("HTTP", Single(template, "AWS::ApiGatewayV2::Api").GetProperty("ProtocolType").GetString());
        var integration = Single(template, "AWS::ApiGatewayV2::Integration");
        Assert.Equal("AWS_PROXY", integration.GetProperty("IntegrationType").GetString());
        Assert.Contains("WebAlias", integration.GetProperty("IntegrationUri").ToString(), StringComparison.Ordinal);
        var stage = Single(template, "AWS::ApiGatewayV2::Stage");
        Assert.Equal(20, stage.GetProperty("DefaultRouteSettings").GetProperty("ThrottlingRateLimit").GetInt32());
        Assert.Equal(40, stage.GetProperty("DefaultRouteSettings").GetProperty("ThrottlingBurstLimit").GetInt32());
        Assert.True(stage.GetProperty("AccessLogSettings").TryGetProperty("DestinationArn", out _));
        Assert.All(template.Resources("AWS::Logs::LogGroup").Values, g =>
            Assert.Equal(30, g.Properties().ToJson().GetProperty("RetentionInDays").GetInt32())
        );
        Assert.Empty(template.Resources("AWS::ElasticLoadBalancingV2::LoadBalancer"));
        Assert.Empty(template.Resources("AWS::ECS::Service"));
    }

    [Fact]
    public void With_no_image_the_function_and_all_that_refers_to_it_sit_under_one_condition()
    {
        var template = Synth();
        var conditions = template
            .ToJSON()
            .ToJson()
            .GetProperty("Resources")
            .EnumerateObject()
            .Where(r => r.Name.StartsWith("Web", StringComparison.Ordinal))
            .ToLookup(
                r => r.Value.GetProperty("Type").GetString()!,
                r => r.Value.TryGetProperty("Condition", out var c) ? c.GetString() : null
            );

        foreach (
            var type in new[]
            {
                "AWS::Lambda::Function",
                "AWS::Lambda::Version",
                "AWS::Lambda::Alias",
                "AWS::CodeDeploy::Application",
                "AWS::CodeDeploy::DeploymentGroup",
                "AWS::ApiGatewayV2::Api",
                "AWS::ApiGatewayV2::Integration",
                "AWS::ApiGatewayV2::Stage",
                "AWS::ApiGatewayV2::Route",
                "AWS::Lambda::Permission",
                "AWS::CloudWatch::Alarm",
            }
        )
            Assert.True(
                conditions[type].Any() && conditions[type].All(c => c is not null && c.StartsWith("WebHasImage", StringComparison.Ordinal)),
                $"{type} is not under the image condition"
            );
        // The execution role, its logs and the security group stay, so grants and database rules never dangle.
        Assert.Contains(null, conditions["AWS::IAM::Role"]);
        Assert.All(conditions["AWS::EC2::SecurityGroup"], Assert.Null);
        Assert.StartsWith(
            "WebHasImage",
            template.ToJSON().ToJson().GetProperty("Outputs").EnumerateObject().Single().Value.GetProperty("Condition").GetString(),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("t4g.micro", 10, 2, true)] // 20 + 13 = 33 <= 95
    [InlineData("t4g.micro", 41, 2, true)] // 82 + 13 = 95 <= 95: just fits
    [InlineData("t4g.micro", 50, 2, false)] // 100 + 13 = 113 > 95
    [InlineData("t4g.small", 50, 3, true)] // 150 + 13 = 163 <= 191
    [InlineData("t4g.small", 60, 3, false)] // 180 + 13 = 193 > 191
    public void Refuses_more_connections_than_the_instance_class_takes(string instanceClass, int concurrency, int pool, bool allowed)
    {
        var error = Record.Exception(() => Synth(new WebFunctionSettings { MaxConcurrency = concurrency, PoolSize = pool }, instanceClass));

        Assert.Equal(allowed, error is null);
        if (error is not null)
            Assert.Contains(
                $"WebFunction Web: MaxConcurrency: {concurrency} instances x {pool} connections + 13 reserved = "
                    + $"{concurrency * pool + 13} exceeds max_connections",
                error.Message,
                StringComparison.Ordinal
            );
    }
}
