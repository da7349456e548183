using System.Text.RegularExpressions;
using Infra.Constructs.Network;
using Infra.Constructs.Service;

namespace Infra.App.Config;

/// <summary>
/// Binds an environment's <c>service</c> object for its <c>platform</c>: <c>fargate</c> (default, <see cref="WebService"/>)
/// or <c>lambda</c> (<see cref="WebFunction"/>). A key of the other platform fails with one line, as does a placement
/// whose tasks could not pull their image or a Lambda concurrency the database's connections cannot take.
/// </summary>
internal static partial class ServiceSettingsBinder
{
    /// <summary>
    /// The keys only one platform reads: found by reading an empty service object with each platform's reader (every
    /// read asks for its key), so a key added to one reader needs no list kept beside it.
    /// </summary>
    private static readonly Lazy<(IReadOnlySet<string> FargateOnly, IReadOnlySet<string> LambdaOnly)> PlatformKeys = new(() =>
    {
        var fargate = KeysReadBy(node => ReadFargate(node));
        var lambda = KeysReadBy(node => ReadLambda(node));
        return (fargate.Except(lambda).ToHashSet(StringComparer.Ordinal), lambda.Except(fargate).ToHashSet(StringComparer.Ordinal));
    });

    private static IReadOnlySet<string> KeysReadBy(Action<ConfigNode> read)
    {
        var node = ConfigNode.Empty("service");
        read(node);
        return node.KeysRead;
    }

    /// <summary>The service's settings on Fargate, or the function's on Lambda (exactly one is set), and the app's own.</summary>
    public static ServiceBinding Bind(ConfigNode node, NetworkProps network, string databaseInstanceClass)
    {
        var platform = node.OptionalString("platform") ?? "fargate";
        var app = platform is "fargate" or "lambda" ? AppSettingsBinder.Bind(node, PlatformVariables.On(platform)) : new AppSettings();
        // A load balancer serving the internet without TLS, said out loud (only Fargate has one; Lambda's API is HTTPS).
        var allowPlainHttp = platform == "fargate" && node.OptionalBool("allowPlainHttp", false);
        var (service, function) = BindPlatform(node, platform, network, databaseInstanceClass);
        return new ServiceBinding(service, function, app, allowPlainHttp);
    }

    private static (WebServiceSettings? Service, WebFunctionSettings? Function) BindPlatform(
        ConfigNode node,
        string platform,
        NetworkProps network,
        string databaseInstanceClass
    )
    {
        switch (platform)
        {
            case "fargate":
                var service = ReadStrictly(node, platform, ReadFargate, s => s.CertificateArn);
                node.ThrowIfAny(
                    WebServicePropsValidation.FindProblem(service)
                        ?? WebServicePropsValidation.FindPlacementProblem(service, NetworkReach.Of(network))
                );
                return (service, null);
            case "lambda":
                var function = ReadStrictly(node, platform, ReadLambda, f => f.CertificateArn);
                node.ThrowIfAny(
                    WebFunctionPropsValidation.FindProblem(function)
                        ?? WebFunctionPropsValidation.FindConnectionProblem(function, databaseInstanceClass)
                );
                return (null, function);
            default:
                throw new ConfigException(node.KeyPath("platform"), $"'{platform}' is not a platform; expected fargate or lambda");
        }
    }

    /// <summary>
    /// Reads <paramref name="platform"/>'s settings with <paramref name="read"/>, failing first on a key only the other
    /// platform reads, then on a key neither reads, then on a certificate that is not an ACM ARN.
    /// </summary>
    private static T ReadStrictly<T>(ConfigNode node, string platform, Func<ConfigNode, T> read, Func<T, string?> certificateArn)
    {
        var (fargateOnly, lambdaOnly) = PlatformKeys.Value;
        var other = platform == "fargate" ? "lambda" : "fargate";
        if (node.FirstPresentOf(platform == "fargate" ? lambdaOnly : fargateOnly) is { } key)
            throw new ConfigException(node.KeyPath(key), $"applies only to platform '{other}'; this service's platform is '{platform}'");
        var settings = read(node);
        node.RejectUnknownKeys();
        if (certificateArn(settings) is { } arn && !CertificateArn().IsMatch(arn))
            throw new ConfigException(node.KeyPath("certificateArn"), $"'{arn}' is not an ACM certificate ARN");
        return settings;
    }

    private static WebFunctionSettings ReadLambda(ConfigNode node)
    {
        var defaults = new WebFunctionSettings();
        var rollout = node.OptionalString("rollout") ?? "allAtOnce";
        var rollouts = Enum.GetValues<LambdaRollout>().ToDictionary(RolloutName, StringComparer.Ordinal);
        return new WebFunctionSettings
        {
            MemoryMiB = node.OptionalInt("memoryMiB", defaults.MemoryMiB),
            TimeoutSeconds = node.OptionalInt("timeoutSeconds", defaults.TimeoutSeconds),
            Arm64 = node.OptionalBool("arm64", defaults.Arm64),
            ContainerPort = node.OptionalInt("containerPort", defaults.ContainerPort),
            HealthCheckPath = node.OptionalString("healthCheckPath") ?? defaults.HealthCheckPath,
            MaxConcurrency = node.OptionalInt("maxConcurrency", defaults.MaxConcurrency),
            PoolSize = node.OptionalInt("poolSize", defaults.PoolSize),
            Rollout = rollouts.TryGetValue(rollout, out var parsed)
                ? parsed
                : throw new ConfigException(
                    node.KeyPath("rollout"),
                    $"'{rollout}' is not a rollout; expected one of {string.Join(", ", rollouts.Keys)}"
                ),
            ThrottleRateLimit = node.OptionalInt("throttleRateLimit", defaults.ThrottleRateLimit),
            ThrottleBurstLimit = node.OptionalInt("throttleBurstLimit", defaults.ThrottleBurstLimit),
            DomainName = node.OptionalString("domainName"),
            CertificateArn = node.OptionalString("certificateArn"),
            HostedZoneId = node.OptionalString("hostedZoneId"),
            LatencyP99AlarmMs = node.OptionalInt("latencyP99AlarmMs", defaults.LatencyP99AlarmMs),
            LogRetention = node.OptionalRetention("logRetentionDays", 30),
        };
    }

    /// <summary>A rollout's config name: <c>allAtOnce</c>, <c>canary10Percent5Minutes</c>, ...</summary>
    private static string RolloutName(LambdaRollout rollout) => char.ToLowerInvariant(rollout.ToString()[0]) + rollout.ToString()[1..];

    private static WebServiceSettings ReadFargate(ConfigNode node)
    {
        var defaults = new WebServiceSettings();
        var placement = node.OptionalString("placement") ?? "public";
        return new WebServiceSettings
        {
            Placement = placement switch
            {
                "public" => TaskPlacement.Public,
                "private" => TaskPlacement.Private,
                _ => throw new ConfigException(node.KeyPath("placement"), $"'{placement}' is not a placement; expected public or private"),
            },
            ContainerPort = node.OptionalInt("containerPort", defaults.ContainerPort),
            Arm64 = node.OptionalBool("arm64", defaults.Arm64),
            Cpu = node.OptionalInt("cpu", defaults.Cpu),
            MemoryMiB = node.OptionalInt("memoryMiB", defaults.MemoryMiB),
            DesiredCount = node.OptionalInt("desiredCount", defaults.DesiredCount),
            MaxCount = node.OptionalNullableInt("maxCount"),
            TargetCpuPercent = node.OptionalInt("targetCpuPercent", defaults.TargetCpuPercent),
            DeregistrationDelaySeconds = node.OptionalInt("deregistrationDelaySeconds", defaults.DeregistrationDelaySeconds),
            HealthCheckPath = node.OptionalString("healthCheckPath") ?? defaults.HealthCheckPath,
            HealthCheckIntervalSeconds = node.OptionalInt("healthCheckIntervalSeconds", defaults.HealthCheckIntervalSeconds),
            HealthCheckTimeoutSeconds = node.OptionalInt("healthCheckTimeoutSeconds", defaults.HealthCheckTimeoutSeconds),
            HealthyThresholdCount = node.OptionalInt("healthyThresholdCount", defaults.HealthyThresholdCount),
            UnhealthyThresholdCount = node.OptionalInt("unhealthyThresholdCount", defaults.UnhealthyThresholdCount),
            HealthCheckGracePeriodSeconds = node.OptionalInt("healthCheckGracePeriodSeconds", defaults.HealthCheckGracePeriodSeconds),
            StopTimeoutSeconds = node.OptionalInt("stopTimeoutSeconds", defaults.StopTimeoutSeconds),
            RunAsUser = node.OptionalString("runAsUser") ?? defaults.RunAsUser,
            ReadOnlyRootFilesystem = node.OptionalBool("readOnlyRootFilesystem", defaults.ReadOnlyRootFilesystem),
            MinHealthyPercent = node.OptionalInt("minHealthyPercent", defaults.MinHealthyPercent),
            MaxHealthyPercent = node.OptionalInt("maxHealthyPercent", defaults.MaxHealthyPercent),
            RollbackOnAlarms = node.OptionalBool("rollbackOnAlarms", defaults.RollbackOnAlarms),
            EnableExecuteCommand = node.OptionalBool("enableExecuteCommand", defaults.EnableExecuteCommand),
            MigrationCommand = node.Has("migrationCommand") ? node.OptionalStringList("migrationCommand") : null,
            CertificateArn = node.OptionalString("certificateArn"),
            DomainName = node.OptionalString("domainName"),
            HostedZoneId = node.OptionalString("hostedZoneId"),
            AllowedCidrs = node.OptionalStringList("allowedCidrs", defaults.AllowedCidrs),
            LogRetention = node.OptionalRetention("logRetentionDays", 30),
            AccessLogRetentionDays = node.OptionalInt("accessLogRetentionDays", defaults.AccessLogRetentionDays),
            LatencyP99AlarmMs = node.OptionalInt("latencyP99AlarmMs", defaults.LatencyP99AlarmMs),
            MemoryAlarmPercent = node.OptionalInt("memoryAlarmPercent", defaults.MemoryAlarmPercent),
        };
    }

    [GeneratedRegex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$")]
    private static partial Regex CertificateArn();
}

/// <summary>An environment's bound <c>service</c> object.</summary>
/// <param name="Service">The app on Fargate; null on Lambda.</param>
/// <param name="Function">The app on Lambda; null on Fargate.</param>
/// <param name="App">The app's own variables and secrets.</param>
/// <param name="AllowPlainHttp">Fargate's load balancer may serve plain HTTP at the production trust level
/// (<c>service.allowPlainHttp</c>, for trials).</param>
internal sealed record ServiceBinding(WebServiceSettings? Service, WebFunctionSettings? Function, AppSettings App, bool AllowPlainHttp);
