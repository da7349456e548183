namespace Infra.Constructs.Database;

/// <summary>The tunable part of <see cref="PostgresDatabaseProps"/>, bound from each environment's configuration.</summary>
public sealed record PostgresDatabaseSettings
{
    /// <summary>PostgreSQL major version; RDS picks the newest minor and upgrades minors automatically.</summary>
    /// <remarks>Default: 17.</remarks>
    public int MajorVersion { get; init; } = 17;

    /// <summary>Instance class without the <c>db.</c> prefix, for example <c>t4g.micro</c> or <c>m7g.large</c>.</summary>
    /// <remarks>Default: t4g.micro.</remarks>
    public string InstanceClass { get; init; } = "t4g.micro";

    /// <summary>Name of the database created on the instance.</summary>
    /// <remarks>Default: app.</remarks>
    public string DatabaseName { get; init; } = "app";

    /// <summary>Allocated gp3 storage (20 to 65536 GiB).</summary>
    /// <remarks>Default: 20.</remarks>
    public int AllocatedStorageGiB { get; init; } = 20;

    /// <summary>Ceiling for storage autoscaling; equal to <see cref="AllocatedStorageGiB"/> turns autoscaling off.</summary>
    /// <remarks>Default: 100.</remarks>
    public int MaxAllocatedStorageGiB { get; init; } = 100;

    /// <summary>A standby in a second AZ with automatic failover (doubles the instance cost).</summary>
    /// <remarks>Default: false.</remarks>
    public bool MultiAz { get; init; }

    /// <summary>Days of automated backups (1 to 35).</summary>
    /// <remarks>Default: 7.</remarks>
    public int BackupRetentionDays { get; init; } = 7;

    /// <summary>
    /// A customer managed KMS key (ARN) that encrypts the instance's storage instead of AWS's key for RDS. Needed to copy
    /// backups to another account (<see cref="BackupCopyVaultArn"/>): no snapshot under the AWS managed key may leave its
    /// account. Its policy must let AWS Backup and the destination account use it. Set it when the database is created:
    /// changing an existing instance's key replaces the instance.
    /// </summary>
    /// <remarks>Default: none (AWS's key for RDS).</remarks>
    public string? StorageKeyArn { get; init; }

    /// <summary>
    /// An AWS Backup vault in another account (ARN) that receives a copy of the database's daily backup, so a lost or
    /// compromised account does not take the backups with it: a backup plan (daily, kept
    /// <see cref="BackupRetentionDays"/> days here and there) with a copy action to the vault. Needs
    /// <see cref="StorageKeyArn"/>, and cross-account backup enabled in the organization.
    /// </summary>
    /// <remarks>Default: none (RDS's automated backups only, in this account).</remarks>
    public string? BackupCopyVaultArn { get; init; }

    /// <summary>Refuse to delete the instance; and take a final snapshot when its stack deletes it anyway.</summary>
    /// <remarks>Default: true. A throwaway dev database sets false: no protection, no final snapshot.</remarks>
    public bool DeletionProtection { get; init; } = true;

    /// <summary>
    /// Performance Insights with 7 days of history: free, and the Standard mode of CloudWatch Database Insights since
    /// the Performance Insights console's retirement. RDS for PostgreSQL offers it on every instance class (the
    /// micro/small exclusions apply to MySQL and MariaDB).
    /// </summary>
    /// <remarks>Default: true.</remarks>
    public bool PerformanceInsights { get; init; } = true;

    /// <summary>Connections that trigger the high-connections alarm.</summary>
    /// <remarks>Default: 80, most of a micro instance's max_connections.</remarks>
    public int ConnectionsAlarmThreshold { get; init; } = 80;

    /// <summary>The share of the allocated storage (%) below which free space fires the storage alarm.</summary>
    /// <remarks>Default: 10.</remarks>
    public int FreeStorageAlarmPercent { get; init; } = 10;
}
