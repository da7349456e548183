using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;
using Infra.Constructs.Database;
using Infra.Constructs.Service;

namespace Infra.Constructs.Monitoring;

/// <summary>What <see cref="EnvironmentDashboard"/> shows.</summary>
public sealed record EnvironmentDashboardProps
{
    /// <summary>The app on Fargate; null on Lambda.</summary>
    public WebService? Service { get; init; }

    /// <summary>The app on Lambda; null on Fargate.</summary>
    public WebFunction? Function { get; init; }

    /// <summary>The environment's database.</summary>
    public required PostgresDatabase Database { get; init; }
}

/// <summary>
/// One CloudWatch dashboard per environment, named after its stack: requests, 5xx, latency p50/p99, task or function
/// count, CPU and memory, and the database's connections, CPU and free storage. On Lambda it exists with the function
/// (the image condition): its widgets name the function.
/// </summary>
public sealed class EnvironmentDashboard : Construct
{
    private static readonly Duration Minute = Duration.Minutes(1);

    /// <summary>The dashboard.</summary>
    public Dashboard Dashboard { get; }

    /// <summary>Creates the dashboard.</summary>
    public EnvironmentDashboard(Construct scope, string id, EnvironmentDashboardProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        Dashboard = new Dashboard(this, "Resource", new DashboardProps { DashboardName = Stack.Of(this).StackName });
        if (props.Service is { } service)
            Dashboard.AddWidgets(ServiceWidgets(service));
        if (props.Function is { } function)
        {
            Dashboard.AddWidgets(FunctionWidgets(function));
            ((CfnDashboard)Dashboard.Node.DefaultChild!).CfnOptions.Condition = function.HasImage;
        }
        var database = props.Database;
        Dashboard.AddWidgets(
            Graph("Database connections", database.Metric("DatabaseConnections", "Maximum")),
            Graph("Database CPU (%)", database.Metric("CPUUtilization")),
            Graph("Database free storage (bytes)", database.Metric("FreeStorageSpace", "Minimum"))
        );
    }

    private static IWidget[] ServiceWidgets(WebService service)
    {
        var targets = service.TargetGroup.Metrics;
        var sum = new MetricOptions { Period = Minute, Statistic = "Sum" };
        Metric Latency(string statistic) =>
            targets.TargetResponseTime(
                new MetricOptions
                {
                    Period = Minute,
                    Statistic = statistic,
                    Label = $"{statistic} (s)",
                }
            );
        var tasks = new Metric(
            new MetricProps
            {
                Namespace = "ECS/ContainerInsights",
                MetricName = "RunningTaskCount",
                DimensionsMap = new Dictionary<string, string>
                {
                    ["ClusterName"] = service.Service.Cluster.ClusterName,
                    ["ServiceName"] = service.Service.ServiceName,
                },
                Period = Minute,
                Statistic = "Average",
            }
        );
        return
        [
            Graph("Requests", targets.RequestCount(sum)),
            Graph("5xx", targets.HttpCodeTarget(Amazon.CDK.AWS.ElasticLoadBalancingV2.HttpCodeTarget.TARGET_5XX_COUNT, sum)),
            Graph("Latency p50 / p99", Latency("p50"), Latency("p99")),
            Graph("Running tasks", tasks),
            Graph("CPU and memory (%)", service.Service.MetricCpuUtilization(), service.Service.MetricMemoryUtilization()),
        ];
    }

    private static IWidget[] FunctionWidgets(WebFunction function)
    {
        var sum = new MetricOptions { Period = Minute, Statistic = "Sum" };
        Metric Latency(string statistic) =>
            function.Api.MetricLatency(
                new MetricOptions
                {
                    Period = Minute,
                    Statistic = statistic,
                    Label = $"{statistic} (ms)",
                }
            );
        return
        [
            Graph("Requests", function.Api.MetricCount(sum)),
            Graph("5xx", function.Api.MetricServerError(sum)),
            Graph("Latency p50 / p99", Latency("p50"), Latency("p99")),
            Graph(
                "Concurrent instances",
                function.Function.Metric("ConcurrentExecutions", new MetricOptions { Period = Minute, Statistic = "Maximum" })
            ),
            Graph("Errors and throttles", function.Alias.MetricErrors(sum), function.Alias.MetricThrottles(sum)),
        ];
    }

    private static GraphWidget Graph(string title, params IMetric[] metrics) =>
        new(
            new GraphWidgetProps
            {
                Title = title,
                Left = metrics,
                Width = 8,
            }
        );
}
