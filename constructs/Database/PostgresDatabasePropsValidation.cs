using System.Text.RegularExpressions;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Database;

/// <summary>Checks <see cref="PostgresDatabaseSettings"/> before any resource is created.</summary>
public static partial class PostgresDatabasePropsValidation
{
    /// <summary>Major versions RDS for PostgreSQL offers under standard support.</summary>
    public static readonly IReadOnlyList<int> SupportedMajorVersions = [13, 14, 15, 16, 17, 18];

    /// <summary>Returns the first problem with <paramref name="props"/>, or null when they are valid.</summary>
    public static PropProblem? FindProblem(PostgresDatabaseSettings props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (!SupportedMajorVersions.Contains(props.MajorVersion))
            return new(
                nameof(props.MajorVersion),
                $"{props.MajorVersion} is not an RDS for PostgreSQL major version; expected one of "
                    + $"{string.Join(", ", SupportedMajorVersions)}"
            );
        if (!InstanceClassPattern().IsMatch(props.InstanceClass))
            return new(
                nameof(props.InstanceClass),
                props.InstanceClass.StartsWith("db.", StringComparison.Ordinal)
                    ? $"'{props.InstanceClass}': write it without the 'db.' prefix, e.g. {props.InstanceClass[3..]}"
                    : $"'{props.InstanceClass}' is not an instance class such as t4g.micro or m7g.large (family.size)"
            );
        if (!DatabaseUsers.IsValidName(props.DatabaseName))
            return new(
                nameof(props.DatabaseName),
                $"'{props.DatabaseName}' must be 1-63 lower-case letters, digits or underscores, starting with a letter"
            );
        if (props.AllocatedStorageGiB is < 20 or > 65536)
            return new(nameof(props.AllocatedStorageGiB), $"{props.AllocatedStorageGiB} is out of range; expected 20 to 65536");
        if (props.MaxAllocatedStorageGiB < props.AllocatedStorageGiB || props.MaxAllocatedStorageGiB > 65536)
            return new(
                nameof(props.MaxAllocatedStorageGiB),
                $"{props.MaxAllocatedStorageGiB} is out of range; expected AllocatedStorageGiB ({props.AllocatedStorageGiB}) to 65536"
            );
        if (props.BackupRetentionDays is < 1 or > 35)
            return new(nameof(props.BackupRetentionDays), $"{props.BackupRetentionDays} is out of range; expected 1 to 35");
        if (props.StorageKeyArn is { } key && !KmsKeyArnPattern().IsMatch(key))
            return new(nameof(props.StorageKeyArn), $"'{key}' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
        if (props.BackupCopyVaultArn is { } vault)
        {
            if (!BackupVaultArnPattern().IsMatch(vault))
                return new(
                    nameof(props.BackupCopyVaultArn),
                    $"'{vault}' is not a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)"
                );
            if (props.StorageKeyArn is null)
                return new(
                    nameof(props.BackupCopyVaultArn),
                    "needs StorageKeyArn: a snapshot encrypted with AWS's key for RDS cannot be copied to another account"
                );
        }
        if (props.ConnectionsAlarmThreshold < 1)
            return new(nameof(props.ConnectionsAlarmThreshold), $"{props.ConnectionsAlarmThreshold} must be at least 1");
        if (props.FreeStorageAlarmPercent is < 1 or > 50)
            return new(nameof(props.FreeStorageAlarmPercent), $"{props.FreeStorageAlarmPercent} is out of range; expected 1 to 50");
        return null;
    }

    [GeneratedRegex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$")]
    private static partial Regex KmsKeyArnPattern();

    [GeneratedRegex("^arn:aws[a-z-]*:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$")]
    private static partial Regex BackupVaultArnPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]*\\.[0-9]*(nano|micro|small|medium|large|xlarge|metal)(-[0-9]+xl)?$")]
    private static partial Regex InstanceClassPattern();
}
