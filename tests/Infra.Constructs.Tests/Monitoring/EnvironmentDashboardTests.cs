using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ECR;
using Infra.Constructs.Database;
using Infra.Constructs.Monitoring;
using Infra.Constructs.Service;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Monitoring;

/// <summary>The dashboard and the alarms that matter: latency p99, memory, database storage, each threshold a setting.</summary>
public class EnvironmentDashboardTests
{
    private static (Template Template, string Body) Synth(
        bool lambda,
        WebServiceSettings? service = null,
        WebFunctionSettings? function = null
    )
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        var repository = new Repository(stack, "Images");
        var topic = new AlarmTopic(stack, "Alarms");
        var database = new PostgresDatabase(
            stack,
            "Database",
            new PostgresDatabaseProps
            {
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                AlarmTopic = topic.Topic,
                Settings = new PostgresDatabaseSettings { FreeStorageAlarmPercent = 15 },
            }
        );
        var tag = new CfnParameter(stack, "ImageTag", new CfnParameterProps { Type = "String", Default = "" });
        WebService? web = null;
        WebFunction? fn = null;
        if (lambda)
            fn = new WebFunction(
                stack,
                "Web",
                new WebFunctionProps
                {
                    Vpc = network.Vpc,
                    Subnets = network.PrivateSubnets,
                    Repository = repository,
                    ImageTag = tag.ValueAsString,
                    AlarmTopic = topic.Topic,
                    Settings = function ?? new WebFunctionSettings(),
                }
            );
        else
            web = new WebService(
                stack,
                "Web",
                new WebServiceProps
                {
                    Vpc = network.Vpc,
                    PublicSubnets = network.PublicSubnets,
                    PrivateSubnets = network.PrivateSubnets,
                    Repository = repository,
                    ImageTag = tag.ValueAsString,
                    AlarmTopic = topic.Topic,
                    Settings = service ?? new WebServiceSettings(),
                }
            );
        _ = new EnvironmentDashboard(
            stack,
            "Dashboard",
            new EnvironmentDashboardProps
            {
                Service = web,
                Function = fn,
                Database = database,
            }
        );
        var template = Template.FromStack(stack);
        var dashboard = template.Resources("AWS::CloudWatch::Dashboard").Values.Single();
        return (template, JsonSerializer.Serialize(dashboard));
    }

    private static JsonElement Alarm(Template template, string descriptionStart) =>
        template
            .Resources("AWS::CloudWatch::Alarm")
            .Values.Select(a => a.Properties().ToJson())
            .Single(a => a.GetProperty("AlarmDescription").GetString()!.StartsWith(descriptionStart, StringComparison.Ordinal));

    [Fact]
    public void Fargate_shows_requests_errors_latency_tasks_cpu_memory_and_the_database_and_alarms_on_the_set_thresholds()
    {
        var (template, body) = Synth(false, new WebServiceSettings { LatencyP99AlarmMs = 750, MemoryAlarmPercent = 70 });

        foreach (
            var metric in new[]
            {
                "RequestCount",
                "HTTPCode_Target_5XX_Count",
                "TargetResponseTime",
                "RunningTaskCount",
                "CPUUtilization",
                "MemoryUtilization",
                "DatabaseConnections",
                "FreeStorageSpace",
            }
        )
            Assert.Contains(metric, body, StringComparison.Ordinal);
        Assert.Contains("p99", body, StringComparison.Ordinal);
        var latency = Alarm(template, "p99 response time above 750 ms");
        Assert.Equal(0.75, latency.GetProperty("Threshold").GetDouble());
        Assert.Equal("p99", latency.GetProperty("ExtendedStatistic").GetString());
        Assert.Equal(70, Alarm(template, "Service memory above 70 %").GetProperty("Threshold").GetInt32());
        var storage = Alarm(template, "Less than 15 % of the allocated storage is free");
        Assert.Equal(20d * 1024 * 1024 * 1024 * 0.15, storage.GetProperty("Threshold").GetDouble(), 0);
    }

    [Fact]
    public void Lambda_shows_the_endpoint_and_the_function_and_exists_with_it()
    {
        var (template, body) = Synth(true, function: new WebFunctionSettings { LatencyP99AlarmMs = 400 });

        foreach (var metric in new[] { "Count", "5xx", "Latency", "ConcurrentExecutions", "Throttles", "DatabaseConnections" })
            Assert.Contains(metric, body, StringComparison.Ordinal);
        Assert.Contains("\"Condition\":\"WebHasImage", body, StringComparison.Ordinal);
        Assert.Equal(400, Alarm(template, "The endpoint's p99 latency above 400 ms").GetProperty("Threshold").GetInt32());
    }
}
