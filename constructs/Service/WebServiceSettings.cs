using Amazon.CDK.AWS.Logs;

namespace Infra.Constructs.Service;

/// <summary>The tunable part of <see cref="WebServiceProps"/>, bound from each environment's configuration.</summary>
public sealed record WebServiceSettings
{
    /// <summary>Where the tasks run.</summary>
    /// <remarks>Default: <see cref="TaskPlacement.Public"/>.</remarks>
    public TaskPlacement Placement { get; init; } = TaskPlacement.Public;

    /// <summary>Port the container listens on.</summary>
    /// <remarks>Default: 8000 (uvicorn's).</remarks>
    public int ContainerPort { get; init; } = 8000;

    /// <summary>Run on ARM64 (Graviton, about 20 % cheaper) instead of x86-64; the image must be built for it.</summary>
    /// <remarks>Default: true.</remarks>
    public bool Arm64 { get; init; } = true;

    /// <summary>Task CPU units (a Fargate size: 256, 512, 1024, 2048, 4096, 8192, 16384).</summary>
    /// <remarks>Default: 256.</remarks>
    public int Cpu { get; init; } = 256;

    /// <summary>Task memory, valid for <see cref="Cpu"/> as Fargate defines.</summary>
    /// <remarks>Default: 512.</remarks>
    public int MemoryMiB { get; init; } = 512;

    /// <summary>Tasks to run once an image exists.</summary>
    /// <remarks>Default: 1.</remarks>
    public int DesiredCount { get; init; } = 1;

    /// <summary>Upper bound for CPU-based autoscaling; autoscaling is on when it exceeds <see cref="DesiredCount"/>.</summary>
    /// <remarks>Default: <see cref="DesiredCount"/>, so no autoscaling.</remarks>
    public int? MaxCount { get; init; }

    /// <summary>Average CPU utilisation autoscaling aims for.</summary>
    /// <remarks>Default: 60.</remarks>
    public int TargetCpuPercent { get; init; } = 60;

    /// <summary>
    /// How long the load balancer lets in-flight requests finish on a deregistering task (0 to 3600). AWS's default of
    /// 300 s is the largest part of a slow rolling deploy; an API whose requests end in seconds needs far less.
    /// </summary>
    /// <remarks>Default: 30.</remarks>
    public int DeregistrationDelaySeconds { get; init; } = 30;

    /// <summary>Path the load balancer's health check requests.</summary>
    /// <remarks>Default: <c>/health</c>.</remarks>
    public string HealthCheckPath { get; init; } = "/health";

    /// <summary>Seconds between health checks (5 to 300).</summary>
    /// <remarks>Default: 10.</remarks>
    public int HealthCheckIntervalSeconds { get; init; } = 10;

    /// <summary>Seconds a health check may take (2 to 120, less than the interval).</summary>
    /// <remarks>Default: 5.</remarks>
    public int HealthCheckTimeoutSeconds { get; init; } = 5;

    /// <summary>Consecutive successes before a new task takes traffic (2 to 10).</summary>
    /// <remarks>Default: 2.</remarks>
    public int HealthyThresholdCount { get; init; } = 2;

    /// <summary>Consecutive failures before a task is taken out (2 to 10).</summary>
    /// <remarks>Default: 3.</remarks>
    public int UnhealthyThresholdCount { get; init; } = 3;

    /// <summary>Seconds ECS ignores failing load-balancer health checks of a starting task (0 to 2147483647).</summary>
    /// <remarks>Default: 30.</remarks>
    public int HealthCheckGracePeriodSeconds { get; init; } = 30;

    /// <summary>Seconds between SIGTERM and SIGKILL when a task stops (2 to 120).</summary>
    /// <remarks>Default: 30.</remarks>
    public int StopTimeoutSeconds { get; init; } = 30;

    /// <summary>The user the containers run as: a numeric uid, or uid:gid (never root). The image needs no matching user
    /// entry; its files need only be readable by others, as a pip-installed app's are.</summary>
    /// <remarks>Default: 1000.</remarks>
    public string RunAsUser { get; init; } = "1000";

    /// <summary>Whether the containers' root file system is read-only. <c>/tmp</c> is then a writable scratch volume of
    /// the task, so Python's temporary files and a server's worker heartbeats keep working.</summary>
    /// <remarks>Default: true.</remarks>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    /// <summary>Lower bound of running tasks during a deploy, in percent of the desired count.</summary>
    /// <remarks>Default: 100: old tasks keep serving until new ones are healthy (CDK's own default is 50).</remarks>
    public int MinHealthyPercent { get; init; } = 100;

    /// <summary>Upper bound of running tasks during a deploy, in percent of the desired count.</summary>
    /// <remarks>Default: 200: a whole new set starts at once.</remarks>
    public int MaxHealthyPercent { get; init; } = 200;

    /// <summary>Roll back a deploy when the service's alarms (5xx, unhealthy targets) fire during it.</summary>
    /// <remarks>Default: false; the deployment circuit breaker (always on, with rollback) still catches tasks that never become
    /// healthy.</remarks>
    public bool RollbackOnAlarms { get; init; }

    /// <summary>Allow ECS Exec (a shell in a running task, through Session Manager).</summary>
    /// <remarks>Default: false.</remarks>
    public bool EnableExecuteCommand { get; init; }

    /// <summary>
    /// The image's migration command (for example <c>["alembic", "upgrade", "head"]</c>), run by a "Migrate" container
    /// in every new task before the app container starts: the app starts only when it exits 0, so new tasks take
    /// traffic only on a migrated schema. The container gets <see cref="WebServiceProps.MigrationEnvironment"/>.
    /// </summary>
    /// <remarks>Default: none: the schema is changed elsewhere (in this project, PROD's by the migration function).</remarks>
    public IReadOnlyList<string>? MigrationCommand { get; init; }

    /// <summary>ACM certificate for an HTTPS listener; HTTP then redirects to HTTPS.</summary>
    /// <remarks>Default: none: created for <see cref="DomainName"/> when <see cref="HostedZoneId"/> is given, else HTTP only.</remarks>
    public string? CertificateArn { get; init; }

    /// <summary>The service's domain (<c>app.example.com</c>): with <see cref="HostedZoneId"/>, a DNS-validated certificate
    /// is created for it (unless <see cref="CertificateArn"/> is given) and its alias record points at the load
    /// balancer.</summary>
    /// <remarks>Default: none: the load balancer's own DNS name.</remarks>
    public string? DomainName { get; init; }

    /// <summary>The Route 53 public hosted zone holding <see cref="DomainName"/>.</summary>
    /// <remarks>Default: none: the record is the domain owner's to make.</remarks>
    public string? HostedZoneId { get; init; }

    /// <summary>IPv4 CIDR blocks allowed to reach the load balancer.</summary>
    /// <remarks>Default: <c>0.0.0.0/0</c>, a public web endpoint.</remarks>
    public IReadOnlyList<string> AllowedCidrs { get; init; } = ["0.0.0.0/0"];

    /// <summary>How long container logs are kept.</summary>
    /// <remarks>Default: one month.</remarks>
    public RetentionDays LogRetention { get; init; } = RetentionDays.ONE_MONTH;

    /// <summary>The 99th percentile of the targets' response time (ms) above which the latency alarm fires (5 minutes,
    /// 3 periods running).</summary>
    /// <remarks>Default: 1000.</remarks>
    public int LatencyP99AlarmMs { get; init; } = 1000;

    /// <summary>The service's memory utilization (%) above which the memory alarm fires (5 minutes, 3 periods).</summary>
    /// <remarks>Default: 85.</remarks>
    public int MemoryAlarmPercent { get; init; } = 85;

    /// <summary>Days the load balancer's access logs are kept.</summary>
    /// <remarks>Default: 90.</remarks>
    public int AccessLogRetentionDays { get; init; } = 90;
}
