using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Infra.Constructs.Database;

namespace Infra.Constructs.Migration;

/// <summary>Properties of <see cref="SchemaMigrationFunction"/>.</summary>
public sealed record SchemaMigrationFunctionProps
{
    /// <summary>The VPC both databases are in.</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>Private subnets for the function (no internet; S3 through the gateway endpoint).</summary>
    public required SubnetSelection Subnets { get; init; }

    /// <summary>The desired schema (DEV).</summary>
    public required IPostgresDatabase Source { get; init; }

    /// <summary>The database brought in line (PROD).</summary>
    public required IPostgresDatabase Target { get; init; }

    /// <summary>What <see cref="Subnets"/> reach, for a VPC not created by <see cref="Network.Network"/>: the function calls S3 (its
    /// revisions).</summary>
    /// <remarks>Default: the creating Network's reach; none for an imported VPC (the construct then fails, saying so).</remarks>
    public Network.NetworkReach? Reach { get; init; }

    /// <summary>The function's package, for example <c>DotNetCode.FromProject(...)</c> of lambda-src/MigrationFunction.</summary>
    /// <remarks>Default: the package embedded in the NuGet package (<see cref="Bundling.PrebuiltFunctionPackage"/>).</remarks>
    public Code? Code { get; init; }

    /// <summary>The IAM database user the function signs in as on both databases.</summary>
    /// <remarks>Default: schema_sync (<see cref="DatabaseUsers.SchemaSync"/>).</remarks>
    public string DatabaseUser { get; init; } = DatabaseUsers.SchemaSync;

    /// <summary>The IAM database user the plan-only function signs in as on both databases: it may read, never change.</summary>
    /// <remarks>Default: schema_plan (<see cref="DatabaseUsers.SchemaPlan"/>).</remarks>
    public string PlanDatabaseUser { get; init; } = DatabaseUsers.SchemaPlan;

    /// <summary>Concurrent executions reserved (and allowed) for the plan-only function.</summary>
    /// <remarks>Default: 2: a release's plan and a pull request's plan may overlap; each only reads.</remarks>
    public int PlanReservedConcurrency { get; init; } = 2;

    /// <summary>The applying function's name, so CI can call it without looking it up.</summary>
    /// <remarks>Default: none: CloudFormation generates one.</remarks>
    public string? FunctionName { get; init; }

    /// <summary>The plan-only function's name.</summary>
    /// <remarks>Default: none: CloudFormation generates one.</remarks>
    public string? PlanFunctionName { get; init; }

    /// <summary>The S3 managed prefix list of the region (pl-...), to limit HTTPS egress to S3.</summary>
    /// <remarks>Default: none: HTTPS egress to any address, which with no NAT reaches only the S3 gateway endpoint.</remarks>
    public string? S3PrefixListId { get; init; }

    /// <summary>Concurrent executions reserved (and allowed).</summary>
    /// <remarks>Default: 1: applies are serialised by the advisory lock in any case; one at a time keeps plans readable.</remarks>
    public int ReservedConcurrency { get; init; } = 1;

    /// <summary>Memory, which also sizes the CPU share.</summary>
    /// <remarks>Default: 1024 MiB: inspecting two 300-table schemas and planning takes well under a second with it.</remarks>
    public int MemorySizeMiB { get; init; } = 1024;

    /// <summary>Timeout of one invocation.</summary>
    /// <remarks>Default: 15 minutes (the most Lambda allows): a table rewrite in apply may take minutes.</remarks>
    public int TimeoutMinutes { get; init; } = 15;

    /// <summary>Days after which revision objects move to S3 Infrequent Access (they are never deleted).</summary>
    /// <remarks>Default: 90.</remarks>
    public int RevisionsInfrequentAccessAfterDays { get; init; } = 90;

    /// <summary>When to compare the target with the catalog its latest applied revision kept (for example
    /// <c>Schedule.Rate(Duration.Days(1))</c>): the plan-only function runs the drift action, and a drift (or a check that
    /// cannot run) fails that invocation, which Lambda sends to <see cref="Notifications"/>.</summary>
    /// <remarks>Default: none (no scheduled check).</remarks>
    public Amazon.CDK.AWS.Events.Schedule? DriftCheck { get; init; }

    /// <summary>The environment's topic: told of every apply's outcome (applied, refused, failed) and of a drift. Required
    /// with <see cref="DriftCheck"/>.</summary>
    /// <remarks>Default: none (outcomes are in the function's log and the release's summary only).</remarks>
    public Monitoring.AlarmTopic? Notifications { get; init; }

    /// <summary>Days each revision object version is locked in Object Lock's governance mode: no one deletes or overwrites it
    /// in that time without the <c>s3:BypassGovernanceRetention</c> permission, which no role here has.</summary>
    /// <remarks>Default: 365.</remarks>
    public int RevisionsLockDays { get; init; } = 365;

    /// <summary>How long the function's logs are kept.</summary>
    /// <remarks>Default: three months.</remarks>
    public RetentionDays LogRetention { get; init; } = RetentionDays.THREE_MONTHS;
}
