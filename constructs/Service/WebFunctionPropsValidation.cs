using Infra.Constructs.Database;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Service;

/// <summary>Checks <see cref="WebFunctionSettings"/>; the app's config binder uses the same checks to name its keys.</summary>
public static class WebFunctionPropsValidation
{
    /// <summary>The first problem in <paramref name="settings"/>, or null.</summary>
    public static PropProblem? FindProblem(WebFunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Range(nameof(settings.MemoryMiB), settings.MemoryMiB, 128, 10240)
            ?? Range(nameof(settings.TimeoutSeconds), settings.TimeoutSeconds, 1, 30)
            ?? Range(nameof(settings.ContainerPort), settings.ContainerPort, 1, 65535)
            ?? Range(nameof(settings.MaxConcurrency), settings.MaxConcurrency, 1, 1000)
            ?? Range(nameof(settings.PoolSize), settings.PoolSize, 1, 20)
            ?? Range(nameof(settings.ThrottleRateLimit), settings.ThrottleRateLimit, 1, 10000)
            ?? Range(nameof(settings.ThrottleBurstLimit), settings.ThrottleBurstLimit, 1, 5000)
            ?? Range(nameof(settings.LatencyP99AlarmMs), settings.LatencyP99AlarmMs, 10, 60000)
            ?? (
                settings.HealthCheckPath.StartsWith('/')
                    ? null
                    : new PropProblem(nameof(settings.HealthCheckPath), $"'{settings.HealthCheckPath}' must start with /")
            )
            ?? PublicDomain.FindProblem(settings.DomainName, settings.CertificateArn, settings.HostedZoneId, certificateNeedsDomain: true);
    }

    /// <summary>The connection bound: <see cref="WebFunctionSettings.MaxConcurrency"/> x <see cref="WebFunctionSettings.PoolSize"/> on the
    /// database's class.</summary>
    public static PropProblem? FindConnectionProblem(WebFunctionSettings settings, string? databaseInstanceClass)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return databaseInstanceClass is null
            ? null
            : ConnectionBudget.FindProblem(
                nameof(settings.MaxConcurrency),
                databaseInstanceClass,
                settings.MaxConcurrency,
                settings.PoolSize
            );
    }

    private static PropProblem? Range(string prop, int value, int min, int max) =>
        value < min || value > max ? new(prop, $"{value} is out of range; expected {min} to {max}") : null;
}
