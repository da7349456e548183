using System.Text.RegularExpressions;
using Infra.Constructs.Network;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Service;

/// <summary>Checks <see cref="WebServiceSettings"/> before any resource is created.</summary>
public static partial class WebServicePropsValidation
{
    /// <summary>Fargate's CPU sizes and the memory (MiB) each allows.</summary>
    private static readonly IReadOnlyDictionary<int, (int Min, int Max, int Step)> FargateMemory = new Dictionary<int, (int, int, int)>
    {
        [256] = (512, 2048, 512),
        [512] = (1024, 4096, 1024),
        [1024] = (2048, 8192, 1024),
        [2048] = (4096, 16384, 1024),
        [4096] = (8192, 30720, 1024),
        [8192] = (16384, 61440, 4096),
        [16384] = (32768, 122880, 8192),
    };

    /// <summary>Returns the first problem with <paramref name="props"/>, or null when they are valid.</summary>
    public static PropProblem? FindProblem(WebServiceSettings props)
    {
        ArgumentNullException.ThrowIfNull(props);
        return Range(nameof(props.DeregistrationDelaySeconds), props.DeregistrationDelaySeconds, 0, 3600)
            ?? Range(nameof(props.HealthCheckIntervalSeconds), props.HealthCheckIntervalSeconds, 5, 300)
            ?? Range(nameof(props.HealthCheckTimeoutSeconds), props.HealthCheckTimeoutSeconds, 2, 120)
            ?? (
                props.HealthCheckTimeoutSeconds >= props.HealthCheckIntervalSeconds
                    ? new PropProblem(
                        nameof(props.HealthCheckTimeoutSeconds),
                        $"{props.HealthCheckTimeoutSeconds} must be less than HealthCheckIntervalSeconds "
                            + $"({props.HealthCheckIntervalSeconds})"
                    )
                    : null
            )
            ?? Range(nameof(props.HealthyThresholdCount), props.HealthyThresholdCount, 2, 10)
            ?? Range(nameof(props.UnhealthyThresholdCount), props.UnhealthyThresholdCount, 2, 10)
            ?? Range(nameof(props.HealthCheckGracePeriodSeconds), props.HealthCheckGracePeriodSeconds, 0, int.MaxValue)
            ?? Range(nameof(props.StopTimeoutSeconds), props.StopTimeoutSeconds, 2, 120)
            ?? (
                NonRootUser().IsMatch(props.RunAsUser)
                    ? null
                    : new PropProblem(nameof(props.RunAsUser), $"'{props.RunAsUser}' is not a non-root uid or uid:gid (for example 1000)")
            )
            ?? (
                props.HealthCheckPath.StartsWith('/') && props.HealthCheckPath.Length <= 1024
                    ? null
                    : new PropProblem(
                        nameof(props.HealthCheckPath),
                        $"'{props.HealthCheckPath}' must start with '/' (at most 1024 characters)"
                    )
            )
            ?? Range(nameof(props.MinHealthyPercent), props.MinHealthyPercent, 0, 100)
            ?? Range(nameof(props.MaxHealthyPercent), props.MaxHealthyPercent, Math.Max(100, props.MinHealthyPercent + 1), 400)
            ?? Range(nameof(props.ContainerPort), props.ContainerPort, 1, 65535)
            ?? Range(nameof(props.DesiredCount), props.DesiredCount, 1, 1000)
            ?? Range(nameof(props.MaxCount), props.MaxCount ?? props.DesiredCount, props.DesiredCount, 1000)
            ?? Range(nameof(props.TargetCpuPercent), props.TargetCpuPercent, 10, 95)
            ?? Range(nameof(props.AccessLogRetentionDays), props.AccessLogRetentionDays, 1, 3650)
            ?? Range(nameof(props.LatencyP99AlarmMs), props.LatencyP99AlarmMs, 10, 60000)
            ?? Range(nameof(props.MemoryAlarmPercent), props.MemoryAlarmPercent, 10, 100)
            ?? PublicDomain.FindProblem(props.DomainName, props.CertificateArn, props.HostedZoneId, certificateNeedsDomain: false)
            ?? (
                props.MigrationCommand is { } command && (command.Count == 0 || command.Any(string.IsNullOrWhiteSpace))
                    ? new PropProblem(
                        nameof(props.MigrationCommand),
                        $"[{string.Join(", ", command.Select(c => $"'{c}'"))}] must be a program and its arguments, none empty"
                    )
                    : null
            )
            ?? FargateSize(props)
            ?? props
                .AllowedCidrs.Where(c => !NetworkPropsValidation.TryParseCidr(c, out _))
                .Select(c => new PropProblem(nameof(props.AllowedCidrs), $"'{c}' is not an IPv4 CIDR block such as 203.0.113.0/24"))
                .FirstOrDefault()
            ?? (
                props.AllowedCidrs.Count == 0
                    ? new PropProblem(nameof(props.AllowedCidrs), "is empty: nobody could reach the service")
                    : null
            );
    }

    private static PropProblem? FargateSize(WebServiceSettings props)
    {
        if (!FargateMemory.TryGetValue(props.Cpu, out var memory))
            return new(
                nameof(props.Cpu),
                $"{props.Cpu} is not a Fargate CPU size; expected one of {string.Join(", ", FargateMemory.Keys)}"
            );
        if (props.MemoryMiB < memory.Min || props.MemoryMiB > memory.Max || props.MemoryMiB % memory.Step != 0)
            return new(
                nameof(props.MemoryMiB),
                $"{props.MemoryMiB} does not fit Cpu {props.Cpu}; expected {memory.Min} to {memory.Max} in steps of {memory.Step}"
            );
        return null;
    }

    /// <summary>
    /// Refuses a placement whose tasks could not start or be reached: tasks in private subnets are judged by
    /// <see cref="Reachability"/> against what the subnets reach (<paramref name="reach"/>; null for an undeclared VPC).
    /// </summary>
    public static PropProblem? FindPlacementProblem(WebServiceSettings settings, NetworkReach? reach)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Placement == TaskPlacement.Public
            ? null
            : Reachability.FindProblem(
                nameof(WebServiceSettings.Placement),
                "a 'private' Fargate task",
                Reachability.FargateTask(settings.EnableExecuteCommand),
                reach
            );
    }

    private static PropProblem? Range(string prop, int value, int min, int max) =>
        value < min || value > max ? new(prop, $"{value} is out of range; expected {min} to {max}") : null;

    /// <summary>A uid (or uid:gid) other than 0: ECS runs the containers as that user without looking it up.</summary>
    [GeneratedRegex("^(?!0+(:|$))[0-9]{1,10}(:[0-9]{1,10})?$")]
    private static partial Regex NonRootUser();
}
