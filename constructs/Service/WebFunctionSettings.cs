using Amazon.CDK.AWS.Logs;

namespace Infra.Constructs.Service;

/// <summary>How a <see cref="WebFunction"/> shifts traffic to a new version (CodeDeploy's predefined Lambda configurations).</summary>
public enum LambdaRollout
{
    /// <summary>Every request moves at once (dev).</summary>
    AllAtOnce,

    /// <summary>10 % for 5 minutes, then the rest.</summary>
    Canary10Percent5Minutes,

    /// <summary>10 % for 15 minutes, then the rest.</summary>
    Canary10Percent15Minutes,

    /// <summary>10 % more every minute.</summary>
    Linear10PercentEvery1Minute,

    /// <summary>10 % more every 3 minutes.</summary>
    Linear10PercentEvery3Minutes,
}

/// <summary>What differs between environments running the app on Lambda.</summary>
public sealed record WebFunctionSettings
{
    /// <summary>Memory (MiB); Lambda gives CPU in proportion.</summary>
    /// <remarks>Default: 1024.</remarks>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>Seconds one request may take (an HTTP API integration waits at most 30).</summary>
    /// <remarks>Default: 29.</remarks>
    public int TimeoutSeconds { get; init; } = 29;

    /// <summary>Run on Graviton (arm64); the image must be built for the same architecture.</summary>
    /// <remarks>Default: true.</remarks>
    public bool Arm64 { get; init; } = true;

    /// <summary>The port the app listens on inside the image (the Web Adapter forwards requests to it).</summary>
    /// <remarks>Default: 8000, as on Fargate.</remarks>
    public int ContainerPort { get; init; } = 8000;

    /// <summary>The Web Adapter waits for this path to answer before the first request (readiness).</summary>
    /// <remarks>Default: /health, as on Fargate.</remarks>
    public string HealthCheckPath { get; init; } = "/health";

    /// <summary>Instances at most (reserved concurrency): with <see cref="PoolSize"/>, bounds the database connections.</summary>
    /// <remarks>Default: 10.</remarks>
    public int MaxConcurrency { get; init; } = 10;

    /// <summary>Database connections each instance's pool opens at most (the app reads <c>DB_POOL_SIZE</c>).</summary>
    /// <remarks>Default: 2.</remarks>
    public int PoolSize { get; init; } = 2;

    /// <summary>How a release shifts traffic to the new version.</summary>
    /// <remarks>Default: <see cref="LambdaRollout.AllAtOnce"/>.</remarks>
    public LambdaRollout Rollout { get; init; } = LambdaRollout.AllAtOnce;

    /// <summary>Steady requests per second the endpoint admits.</summary>
    /// <remarks>Default: 50.</remarks>
    public int ThrottleRateLimit { get; init; } = 50;

    /// <summary>Burst of requests the endpoint admits.</summary>
    /// <remarks>Default: 100.</remarks>
    public int ThrottleBurstLimit { get; init; } = 100;

    /// <summary>A custom domain for the endpoint, with <see cref="CertificateArn"/> (an ACM certificate in the region) or
    /// <see cref="HostedZoneId"/> (a DNS-validated certificate is created, and the alias record).</summary>
    /// <remarks>Default: none: the API's own execute-api URL (HTTPS too).</remarks>
    public string? DomainName { get; init; }

    /// <summary>The ACM certificate of <see cref="DomainName"/>.</summary>
    /// <remarks>Default: none: created when <see cref="HostedZoneId"/> is given.</remarks>
    public string? CertificateArn { get; init; }

    /// <summary>The Route 53 public hosted zone holding <see cref="DomainName"/>.</summary>
    /// <remarks>Default: none: the record is the domain owner's to make.</remarks>
    public string? HostedZoneId { get; init; }

    /// <summary>The 99th percentile of the endpoint's latency (ms) above which the latency alarm fires (5 minutes, 3
    /// periods running).</summary>
    /// <remarks>Default: 1000.</remarks>
    public int LatencyP99AlarmMs { get; init; } = 1000;

    /// <summary>How long the function's and the endpoint's logs are kept.</summary>
    /// <remarks>Default: one month.</remarks>
    public RetentionDays LogRetention { get; init; } = RetentionDays.ONE_MONTH;
}
