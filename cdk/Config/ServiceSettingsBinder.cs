using System.Text.RegularExpressions;
using Infra.Constructs.Network;
using Infra.Constructs.Service;

namespace Infra.App.Config;

/// <summary>Binds an environment's <c>service</c> object, and refuses a placement whose tasks could not pull their image.</summary>
internal static partial class ServiceSettingsBinder
{
    public static WebServiceSettings Bind(ConfigNode node, NetworkProps network)
    {
        var defaults = new WebServiceSettings();
        var placement = node.OptionalString("placement") ?? "public";
        var settings = new WebServiceSettings
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
            MinHealthyPercent = node.OptionalInt("minHealthyPercent", defaults.MinHealthyPercent),
            MaxHealthyPercent = node.OptionalInt("maxHealthyPercent", defaults.MaxHealthyPercent),
            RollbackOnAlarms = node.OptionalBool("rollbackOnAlarms", defaults.RollbackOnAlarms),
            EnableExecuteCommand = node.OptionalBool("enableExecuteCommand", defaults.EnableExecuteCommand),
            MigrationCommand = node.Has("migrationCommand") ? node.OptionalStringList("migrationCommand") : null,
            CertificateArn = node.OptionalString("certificateArn"),
            AllowedCidrs = node.OptionalStringList("allowedCidrs", defaults.AllowedCidrs),
            LogRetention = node.OptionalRetention("logRetentionDays", 30),
            AccessLogRetentionDays = node.OptionalInt("accessLogRetentionDays", defaults.AccessLogRetentionDays),
        };
        node.RejectUnknownKeys();
        if (settings.CertificateArn is { } arn && !CertificateArn().IsMatch(arn))
            throw new ConfigException(node.KeyPath("certificateArn"), $"'{arn}' is not an ACM certificate ARN");
        node.ThrowIfAny(WebServicePropsValidation.FindProblem(settings) ?? WebServicePropsValidation.FindPlacementProblem(settings, NetworkReach.Of(network)));
        return settings;
    }

    [GeneratedRegex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$")]
    private static partial Regex CertificateArn();
}
