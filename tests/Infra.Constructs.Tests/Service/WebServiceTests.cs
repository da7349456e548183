using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.SNS;
using Infra.Constructs.Network;
using Infra.Constructs.Service;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Service;

public class WebServiceTests
{
    private static (Template Template, WebService Service) Synth(
        WebServiceSettings? settings = null,
        string imageTag = "abc123",
        bool withTopic = true,
        NetworkProps? networkProps = null,
        IReadOnlyDictionary<string, string>? environment = null,
        AppSettings? app = null
    )
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network", networkProps);
        var service = new WebService(
            stack,
            "Service",
            new WebServiceProps
            {
                Vpc = network.Vpc,
                PublicSubnets = network.PublicSubnets,
                PrivateSubnets = network.PrivateSubnets,
                Repository = new Repository(stack, "Images"),
                ImageTag = imageTag,
                Environment = environment ?? new Dictionary<string, string> { ["DB_HOST"] = "db.example" },
                AlarmTopic = withTopic ? new Topic(stack, "Alarms") : null,
                App = app ?? new AppSettings(),
                Settings = settings ?? new WebServiceSettings(),
            }
        );
        return (Template.FromStack(stack), service);
    }

    private static JsonElement Single(Template template, string type) =>
        TemplateExtensions.ToJson(Assert.Single(template.Resources(type).Values).Properties());

    /// <summary>
    /// Seed 003's trap on Fargate: whatever reaches the app's container goes through the task definition, every one of
    /// whose properties CloudFormation replaces on change (a new revision), and the service runs it by reference. Each
    /// settings property (all of them, by reflection), the image tag and the environment are varied alone.
    /// </summary>
    [Fact]
    public void Every_input_of_the_container_is_a_new_task_definition_revision_the_service_runs()
    {
        static (string TaskDefinition, JsonElement ServiceRuns, string LogicalId) Revision(Template template)
        {
            var task = Assert.Single(template.ToJSON().ToJson().GetProperty("Resources").EnumerateObject(), r =>
                r.Value.GetProperty("Type").GetString() == "AWS::ECS::TaskDefinition"
            );
            return (
                task.Value.GetProperty("Properties").ToString(),
                Single(template, "AWS::ECS::Service").GetProperty("TaskDefinition"),
                task.Name
            );
        }
        // 1 GiB, so that both the CPU and the memory have a valid neighbour (256 CPU takes 512-2048 MiB).
        var settings = new WebServiceSettings { MemoryMiB = 1024 };
        var baseline = Revision(Synth(settings).Template);
        var variations = SettingsVariations
            .Of(
                settings,
                new Dictionary<string, Func<WebServiceSettings, WebServiceSettings>>
                {
                    ["Cpu"] = s => s with { Cpu = 512 },
                    ["MemoryMiB"] = s => s with { MemoryMiB = 2048 },
                    ["MaxCount"] = s => s with { MaxCount = 3 },
                    ["MigrationCommand"] = s => s with { MigrationCommand = ["alembic", "upgrade", "head"] },
                    ["RunAsUser"] = s => s with { RunAsUser = "1001:1001" },
                    ["CertificateArn"] = s => s with { CertificateArn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/0" },
                    ["DomainName"] = s => s with { DomainName = "app.example.com", HostedZoneId = "Z04581231JN1K8YDL7Z2Q" },
                    ["HostedZoneId"] = s => s with { DomainName = "app.example.com", HostedZoneId = "Z04581231JN1K8YDL7Z2Q" },
                    ["AllowedCidrs"] = s => s with { AllowedCidrs = ["203.0.113.0/24"] },
                    // Which subnets the service's tasks run in: the service's, not the container's (a private placement
                    // needs a network with endpoints, tested with the placements).
                    ["Placement"] = s => s,
                },
                s => WebServicePropsValidation.FindProblem(s) is null
            )
            .Select(v => (v.Name, Revision: Revision(Synth(v.Varied).Template)))
            .Append((Name: "ImageTag", Revision: Revision(Synth(settings, imageTag: "def456").Template)))
            .Append(
                (
                    Name: "Environment",
                    Revision: Revision(Synth(settings, environment: new Dictionary<string, string> { ["DB_HOST"] = "db2" }).Template)
                )
            )
            .Append(
                (
                    Name: "AppSecretReference",
                    Revision: Revision(Synth(settings, app: new AppSettings { Secrets = [new("KEY", SecretStore.Ssm, "/a/b")] }).Template)
                )
            )
            .ToList();

        foreach (var (name, revision) in variations)
            Assert.Equal(revision.LogicalId, revision.ServiceRuns.GetProperty("Ref").GetString());
        var changing = variations.Where(v => v.Revision.TaskDefinition != baseline.TaskDefinition).Select(v => v.Name).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "AppSecretReference",
                "Arm64",
                "ContainerPort",
                "Cpu",
                "Environment",
                "ImageTag",
                "MemoryMiB",
                "MigrationCommand",
                "StopTimeoutSeconds",
            },
            changing
        );
        Assert.Equal(baseline.TaskDefinition, Revision(Synth(settings).Template).TaskDefinition);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(0)]
    public void Sets_the_deregistration_delay_on_the_target_group(int seconds)
    {
        var (template, _) = Synth(new WebServiceSettings { DeregistrationDelaySeconds = seconds });

        var attributes = Single(template, "AWS::ElasticLoadBalancingV2::TargetGroup")
            .GetProperty("TargetGroupAttributes")
            .EnumerateArray()
            .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").GetString());
        Assert.Equal(
            seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            attributes["deregistration_delay.timeout_seconds"]
        );
    }

    [Fact]
    public void Checks_health_fast_by_default()
    {
        var (template, _) = Synth();

        var group = Single(template, "AWS::ElasticLoadBalancingV2::TargetGroup");
        Assert.Equal("/health", group.GetProperty("HealthCheckPath").GetString());
        Assert.Equal(10, group.GetProperty("HealthCheckIntervalSeconds").GetInt32());
        Assert.Equal(5, group.GetProperty("HealthCheckTimeoutSeconds").GetInt32());
        Assert.Equal(2, group.GetProperty("HealthyThresholdCount").GetInt32());
        Assert.Equal(3, group.GetProperty("UnhealthyThresholdCount").GetInt32());
        Assert.Equal("ip", group.GetProperty("TargetType").GetString());
        Assert.Equal(30, Single(template, "AWS::ECS::Service").GetProperty("HealthCheckGracePeriodSeconds").GetInt32());
    }

    [Fact]
    public void Deploys_with_100_200_bounds_and_circuit_breaker_rollback()
    {
        var (template, _) = Synth();

        var deployment = Single(template, "AWS::ECS::Service").GetProperty("DeploymentConfiguration");
        Assert.Equal(100, deployment.GetProperty("MinimumHealthyPercent").GetInt32());
        Assert.Equal(200, deployment.GetProperty("MaximumPercent").GetInt32());
        Assert.True(deployment.GetProperty("DeploymentCircuitBreaker").GetProperty("Enable").GetBoolean());
        Assert.True(deployment.GetProperty("DeploymentCircuitBreaker").GetProperty("Rollback").GetBoolean());
        // Without the app's feature flags CDK writes a disabled alarm block; either way no alarm can roll back.
        Assert.False(deployment.TryGetProperty("Alarms", out var alarms) && alarms.GetProperty("Enable").GetBoolean());
    }

    [Fact]
    public void Rolls_back_on_traffic_alarms_when_asked()
    {
        var (template, _) = Synth(new WebServiceSettings { RollbackOnAlarms = true });

        var alarms = Single(template, "AWS::ECS::Service").GetProperty("DeploymentConfiguration").GetProperty("Alarms");
        Assert.True(alarms.GetProperty("Rollback").GetBoolean());
        Assert.Equal(3, alarms.GetProperty("AlarmNames").GetArrayLength());
    }

    [Fact]
    public void Runs_no_task_until_an_image_tag_exists()
    {
        var (template, _) = Synth(imageTag: "");

        var service = Single(template, "AWS::ECS::Service");
        var desired = service.GetProperty("DesiredCount").GetProperty("Fn::If");
        Assert.Equal(1, desired[1].GetInt32());
        Assert.Equal(0, desired[2].GetInt32());
        var condition = desired[0].GetString()!;
        // The condition is "tag is not empty"; the image falls back to a tag no task ever runs.
        var expression = JsonSerializer.Serialize(template.ToJSON()["Conditions"]);
        Assert.Contains(condition, expression, StringComparison.Ordinal);
        var image = JsonSerializer.Serialize(
            Single(template, "AWS::ECS::TaskDefinition").GetProperty("ContainerDefinitions")[0].GetProperty("Image")
        );
        Assert.Contains(WebService.NoImageTag, image, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_autoscaling_at_zero_until_an_image_tag_exists()
    {
        var (template, _) = Synth(
            new WebServiceSettings
            {
                DesiredCount = 2,
                MaxCount = 5,
                TargetCpuPercent = 50,
            }
        );

        var target = Single(template, "AWS::ApplicationAutoScaling::ScalableTarget");
        Assert.Equal([2, 0], target.GetProperty("MinCapacity").GetProperty("Fn::If").EnumerateArray().Skip(1).Select(v => v.GetInt32()));
        Assert.Equal([5, 0], target.GetProperty("MaxCapacity").GetProperty("Fn::If").EnumerateArray().Skip(1).Select(v => v.GetInt32()));
        var policy = Single(template, "AWS::ApplicationAutoScaling::ScalingPolicy").GetProperty("TargetTrackingScalingPolicyConfiguration");
        Assert.Equal(50, policy.GetProperty("TargetValue").GetInt32());
    }

    [Fact]
    public void Creates_no_autoscaling_when_max_equals_desired()
    {
        Synth().Template.ResourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
    }

    [Theory]
    [InlineData(true, "ARM64")]
    [InlineData(false, "X86_64")]
    public void Sizes_the_task_and_picks_the_architecture(bool arm64, string architecture)
    {
        var (template, _) = Synth(
            new WebServiceSettings
            {
                Arm64 = arm64,
                Cpu = 512,
                MemoryMiB = 2048,
                StopTimeoutSeconds = 20,
            }
        );

        var task = Single(template, "AWS::ECS::TaskDefinition");
        Assert.Equal("512", task.GetProperty("Cpu").GetString());
        Assert.Equal("2048", task.GetProperty("Memory").GetString());
        Assert.Equal(architecture, task.GetProperty("RuntimePlatform").GetProperty("CpuArchitecture").GetString());
        Assert.Equal(20, task.GetProperty("ContainerDefinitions")[0].GetProperty("StopTimeout").GetInt32());
    }

    [Theory]
    [InlineData(TaskPlacement.Public, "ENABLED", "Public")]
    [InlineData(TaskPlacement.Private, "DISABLED", "Private")]
    public void Places_tasks_by_placement(TaskPlacement placement, string publicIp, string subnetGroup)
    {
        // Private tasks need the endpoints to pull their image (Reachability).
        var (template, _) = Synth(
            new WebServiceSettings { Placement = placement },
            networkProps: new NetworkProps { InterfaceEndpoints = ["ecr.api", "ecr.dkr", "logs"] }
        );

        var network = Single(template, "AWS::ECS::Service").GetProperty("NetworkConfiguration").GetProperty("AwsvpcConfiguration");
        Assert.Equal(publicIp, network.GetProperty("AssignPublicIp").GetString());
        Assert.All(network.GetProperty("Subnets").EnumerateArray(), s =>
            Assert.Contains(subnetGroup, s.GetProperty("Ref").GetString(), StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Admits_only_the_allowed_cidrs_to_the_load_balancer()
    {
        var (template, _) = Synth(new WebServiceSettings { AllowedCidrs = ["203.0.113.0/24", "198.51.100.0/24"] });

        var groups = template
            .Resources("AWS::EC2::SecurityGroup")
            .Where(g => g.Key.Contains("LoadBalancer", StringComparison.Ordinal))
            .Select(g => TemplateExtensions.ToJson(g.Value.Properties()));
        var ingress = Assert.Single(groups).GetProperty("SecurityGroupIngress").EnumerateArray().ToList();
        Assert.Equal(
            ["198.51.100.0/24", "203.0.113.0/24"],
            ingress.Select(i => i.GetProperty("CidrIp").GetString()).Order(StringComparer.Ordinal)
        );
        Assert.All(ingress, i => Assert.Equal(80, i.GetProperty("FromPort").GetInt32()));
    }

    [Fact]
    public void Serves_https_and_redirects_http_when_a_certificate_is_configured()
    {
        const string certificate = "arn:aws:acm:eu-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000";
        var (template, _) = Synth(new WebServiceSettings { CertificateArn = certificate });

        var listeners = template
            .Resources("AWS::ElasticLoadBalancingV2::Listener")
            .Values.Select(l => TemplateExtensions.ToJson(l.Properties()))
            .ToDictionary(l => l.GetProperty("Port").GetInt32());
        Assert.Equal("HTTPS", listeners[443].GetProperty("Protocol").GetString());
        Assert.Equal(certificate, listeners[443].GetProperty("Certificates")[0].GetProperty("CertificateArn").GetString());
        var redirect = listeners[80].GetProperty("DefaultActions")[0];
        Assert.Equal("redirect", redirect.GetProperty("Type").GetString());
        Assert.Equal("HTTPS", redirect.GetProperty("RedirectConfig").GetProperty("Protocol").GetString());
    }

    [Fact]
    public void With_a_domain_and_its_zone_creates_a_dns_validated_certificate_a_modern_tls_listener_and_the_alias()
    {
        var (template, _) = Synth(new WebServiceSettings { DomainName = "app.example.com", HostedZoneId = "Z04581231JN1K8YDL7Z2Q" });

        var certificate = Single(template, "AWS::CertificateManager::Certificate");
        Assert.Equal("app.example.com", certificate.GetProperty("DomainName").GetString());
        Assert.Equal("DNS", certificate.GetProperty("ValidationMethod").GetString());
        Assert.Equal(
            "Z04581231JN1K8YDL7Z2Q",
            certificate.GetProperty("DomainValidationOptions")[0].GetProperty("HostedZoneId").GetString()
        );
        var listeners = template
            .Resources("AWS::ElasticLoadBalancingV2::Listener")
            .Values.Select(l => TemplateExtensions.ToJson(l.Properties()))
            .ToDictionary(l => l.GetProperty("Port").GetInt32());
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", listeners[443].GetProperty("SslPolicy").GetString());
        var certificateId = Assert.Single(template.Resources("AWS::CertificateManager::Certificate").Keys);
        Assert.Equal(
            certificateId,
            listeners[443].GetProperty("Certificates")[0].GetProperty("CertificateArn").GetProperty("Ref").GetString()
        );
        Assert.Equal("redirect", listeners[80].GetProperty("DefaultActions")[0].GetProperty("Type").GetString());
        var record = Single(template, "AWS::Route53::RecordSet");
        Assert.Equal(("app.example.com.", "A"), (record.GetProperty("Name").GetString(), record.GetProperty("Type").GetString()));
        Assert.Equal("Z04581231JN1K8YDL7Z2Q", record.GetProperty("HostedZoneId").GetString());
        var loadBalancer = Assert.Single(template.Resources("AWS::ElasticLoadBalancingV2::LoadBalancer").Keys);
        Assert.Contains(loadBalancer, record.GetProperty("AliasTarget").GetProperty("DNSName").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.example.com", null, null, "DomainName: 'app.example.com' needs CertificateArn, or HostedZoneId")]
    [InlineData(null, null, "Z04581231JN1K8YDL7Z2Q", "HostedZoneId: a hosted zone needs DomainName")]
    [InlineData("App.Example.com", null, "Z1", "DomainName: 'App.Example.com' is not a lower-case domain name")]
    [InlineData("app.example.com", null, "zone-1", "HostedZoneId: 'zone-1' is not a Route 53 hosted zone id")]
    public void Refuses_a_domain_it_cannot_serve(string? domain, string? certificate, string? zone, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Synth(
                new WebServiceSettings
                {
                    DomainName = domain,
                    CertificateArn = certificate,
                    HostedZoneId = zone,
                }
            )
        );

        Assert.Contains($"WebService Service: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_load_balancer_access_to_an_encrypted_tls_only_bucket()
    {
        var (template, _) = Synth();

        var attributes = Single(template, "AWS::ElasticLoadBalancingV2::LoadBalancer")
            .GetProperty("LoadBalancerAttributes")
            .EnumerateArray()
            .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").ToString());
        Assert.Equal("true", attributes["access_logs.s3.enabled"]);
        Assert.Equal("true", attributes["routing.http.drop_invalid_header_fields.enabled"]);
        var bucket = Single(template, "AWS::S3::Bucket");
        Assert.Equal(
            "AES256",
            bucket
                .GetProperty("BucketEncryption")
                .GetProperty("ServerSideEncryptionConfiguration")[0]
                .GetProperty("ServerSideEncryptionByDefault")
                .GetProperty("SSEAlgorithm")
                .GetString()
        );
        Assert.True(bucket.GetProperty("PublicAccessBlockConfiguration").GetProperty("BlockPublicPolicy").GetBoolean());
        Assert.Contains(
            "aws:SecureTransport",
            JsonSerializer.Serialize(template.Resources("AWS::S3::BucketPolicy").Values.Single()),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Alarms_on_5xx_unhealthy_targets_cpu_memory_and_latency_to_the_topic()
    {
        var (template, service) = Synth();

        var alarms = template.Resources("AWS::CloudWatch::Alarm").Values.Select(a => TemplateExtensions.ToJson(a.Properties())).ToList();
        Assert.Equal(6, service.Alarms.Count);
        Assert.Equal(
            [
                "CPUUtilization",
                "HTTPCode_ELB_5XX_Count",
                "HTTPCode_Target_5XX_Count",
                "MemoryUtilization",
                "TargetResponseTime",
                "UnHealthyHostCount",
            ],
            alarms.Select(a => a.GetProperty("MetricName").GetString()).Order(StringComparer.Ordinal)
        );
        Assert.All(alarms, a => Assert.Equal(1, a.GetProperty("AlarmActions").GetArrayLength()));
    }

    [Fact]
    public void Enables_container_insights_exec_only_when_asked_and_keeps_its_log_group()
    {
        var (template, _) = Synth();

        // The setting as CloudFormation reads it: ClusterSettings [{ Name: containerInsights, Value: enabled }].
        var settings = Single(template, "AWS::ECS::Cluster").GetProperty("ClusterSettings").EnumerateArray().ToList();
        Assert.Equal(
            [("containerInsights", "enabled")],
            settings.Select(s => (s.GetProperty("Name").GetString(), s.GetProperty("Value").GetString()))
        );
        Assert.False(Single(template, "AWS::ECS::Service").TryGetProperty("EnableExecuteCommand", out var exec) && exec.GetBoolean());
        template.HasResource("AWS::Logs::LogGroup", new Dictionary<string, object> { ["DeletionPolicy"] = "Retain" });
        Assert.True(
            Single(Synth(new WebServiceSettings { EnableExecuteCommand = true }).Template, "AWS::ECS::Service")
                .GetProperty("EnableExecuteCommand")
                .GetBoolean()
        );
    }

    [Fact]
    public void Lets_exec_sessions_write_only_the_services_own_log_group()
    {
        var (template, _) = Synth(new WebServiceSettings { EnableExecuteCommand = true });

        var logGroup = Assert.Single(template.Resources("AWS::Logs::LogGroup").Keys, k =>
            k.StartsWith("ServiceLogs", StringComparison.Ordinal)
        );
        var taskRole = template.Resources("AWS::IAM::Role").Single(r => r.Key.Contains("TaskTaskRole", StringComparison.Ordinal)).Key;
        var statements = template
            .Resources("AWS::IAM::Policy")
            .Values.Select(p => p.Properties().ToJson())
            .Where(p => p.GetProperty("Roles").ToString().Contains(taskRole, StringComparison.Ordinal))
            .SelectMany(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .ToList();
        var writes = statements
            .Where(s => s.GetProperty("Action").ToString().Contains("logs:PutLogEvents", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, s =>
        {
            var resource = s.GetProperty("Resource").ToString();
            Assert.NotEqual("*", resource);
            Assert.DoesNotContain("\"*\"", resource, StringComparison.Ordinal);
            Assert.Contains(logGroup, resource, StringComparison.Ordinal);
        });
        var cluster = JsonSerializer.Serialize(Single(template, "AWS::ECS::Cluster"));
        Assert.Contains("OVERRIDE", cluster, StringComparison.Ordinal);
        Assert.Contains(logGroup, cluster, StringComparison.Ordinal);
    }

    public static TheoryData<WebServiceSettings, string> InvalidSettings =>
        new()
        {
            {
                new WebServiceSettings { DeregistrationDelaySeconds = -1 },
                "DeregistrationDelaySeconds: -1 is out of range; expected 0 to 3600"
            },
            {
                new WebServiceSettings { HealthCheckTimeoutSeconds = 10, HealthCheckIntervalSeconds = 10 },
                "HealthCheckTimeoutSeconds: 10 must be less than"
            },
            {
                new WebServiceSettings { MemoryMiB = 3000 },
                "MemoryMiB: 3000 does not fit Cpu 256"
            },
            {
                new WebServiceSettings { MaxHealthyPercent = 100 },
                "MaxHealthyPercent: 100 is out of range"
            },
            {
                new WebServiceSettings { HealthCheckPath = "x" },
                "HealthCheckPath: 'x' must start with '/'"
            },
        };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Fails_when_a_setting_is_invalid(WebServiceSettings settings, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Synth(settings));

        Assert.Contains($"WebService Service: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, new string[0], false, false)]
    [InlineData(0, new[] { "ecr.api", "ecr.dkr" }, false, false)]
    [InlineData(0, new[] { "ecr.api", "ecr.dkr", "logs" }, false, true)]
    [InlineData(0, new[] { "ecr.api", "ecr.dkr", "logs" }, true, false)]
    [InlineData(0, new[] { "ecr.api", "ecr.dkr", "logs", "ssmmessages" }, true, true)]
    [InlineData(1, new string[0], true, true)]
    public void Refuses_private_placement_whose_tasks_could_not_start_or_be_reached(
        int natGateways,
        string[] endpoints,
        bool executeCommand,
        bool allowed
    )
    {
        var settings = new WebServiceSettings { Placement = TaskPlacement.Private, EnableExecuteCommand = executeCommand };
        var network = new NetworkProps { NatGateways = natGateways, InterfaceEndpoints = endpoints };

        var error = Record.Exception(() => Synth(settings, networkProps: network));

        Assert.Equal(allowed, error is null);
        if (error is not null)
            Assert.Contains(
                "WebService Service: Placement: a 'private' Fargate task in private subnets could not reach",
                error.Message,
                StringComparison.Ordinal
            );
    }
}
