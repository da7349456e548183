using Infra.Constructs.Database;

namespace Infra.App.Config;

/// <summary>Binds an environment's <c>database</c> object; the construct's own validation names the bad value.</summary>
internal static class DatabaseSettingsBinder
{
    public static PostgresDatabaseSettings Bind(ConfigNode node)
    {
        var defaults = new PostgresDatabaseSettings();
        var settings = new PostgresDatabaseSettings
        {
            MajorVersion = node.OptionalInt("majorVersion", defaults.MajorVersion),
            InstanceClass = node.OptionalString("instanceClass") ?? defaults.InstanceClass,
            DatabaseName = node.OptionalString("databaseName") ?? defaults.DatabaseName,
            AllocatedStorageGiB = node.OptionalInt("allocatedStorageGiB", defaults.AllocatedStorageGiB),
            MaxAllocatedStorageGiB = node.OptionalInt("maxAllocatedStorageGiB", defaults.MaxAllocatedStorageGiB),
            MultiAz = node.OptionalBool("multiAz", defaults.MultiAz),
            BackupRetentionDays = node.OptionalInt("backupRetentionDays", defaults.BackupRetentionDays),
            DeletionProtection = node.OptionalBool("deletionProtection", defaults.DeletionProtection),
            StorageKeyArn = node.OptionalString("storageKeyArn"),
            BackupCopyVaultArn = node.OptionalString("backupCopyVaultArn"),
            PerformanceInsights = node.OptionalBool("performanceInsights", defaults.PerformanceInsights),
            ConnectionsAlarmThreshold = node.OptionalInt("connectionsAlarmThreshold", defaults.ConnectionsAlarmThreshold),
            FreeStorageAlarmPercent = node.OptionalInt("freeStorageAlarmPercent", defaults.FreeStorageAlarmPercent),
        };
        node.RejectUnknownKeys();
        node.ThrowIfAny(PostgresDatabasePropsValidation.FindProblem(settings));
        return settings;
    }
}
