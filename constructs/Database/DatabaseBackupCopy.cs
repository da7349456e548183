using Amazon.CDK;
using Amazon.CDK.AWS.Backup;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.RDS;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Database;

/// <summary>
/// The database's backups copied out of the account: an AWS Backup plan takes a daily backup into a vault here (kept
/// as long as RDS keeps its automated backups) and copies it to a vault in another account, kept as long there. The
/// instance's storage must be encrypted with a customer managed key that account may use
/// (<see cref="PostgresDatabaseSettings.StorageKeyArn"/>).
/// </summary>
internal sealed class DatabaseBackupCopy : Construct
{
    public DatabaseBackupCopy(
        Construct scope,
        string id,
        CfnDBInstance instance,
        string storageKeyArn,
        string destinationVaultArn,
        int retentionDays
    )
        : base(scope, id)
    {
        var keep = Duration.Days(retentionDays);
        var vault = new BackupVault(this, "Vault", new BackupVaultProps { RemovalPolicy = RemovalPolicy.RETAIN });
        var plan = new BackupPlan(
            this,
            "Plan",
            new BackupPlanProps { BackupPlanName = $"{Stack.Of(this).StackName}-database", BackupVault = vault }
        );
        plan.AddRule(
            new BackupPlanRule(
                new BackupPlanRuleProps
                {
                    RuleName = "DailyCopiedOut",
                    // 03:00 UTC, after the automated backup window RDS picks by default in most regions.
                    ScheduleExpression = Amazon.CDK.AWS.Events.Schedule.Cron(
                        new Amazon.CDK.AWS.Events.CronOptions { Hour = "3", Minute = "0" }
                    ),
                    DeleteAfter = keep,
                    CopyActions =
                    [
                        new BackupPlanCopyActionProps
                        {
                            DestinationBackupVault = BackupVault.FromBackupVaultArn(this, "Destination", destinationVaultArn),
                            DeleteAfter = keep,
                        },
                    ],
                }
            )
        );
        var instanceArn = Stack
            .Of(this)
            .FormatArn(
                new ArnComponents
                {
                    Service = "rds",
                    Resource = "db",
                    ResourceName = instance.Ref,
                    ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                }
            );
        _ = plan.AddSelection(
            "Database",
            new BackupSelectionOptions
            {
                Resources = [BackupResource.FromArn(instanceArn)],
                Role = BackupRole(instanceArn, storageKeyArn, destinationVaultArn),
                DisableDefaultBackupPolicy = true,
            }
        );
    }

    /// <summary>
    /// The role AWS Backup works as: what its managed policy allows for RDS, narrowed to this instance, the snapshots AWS
    /// Backup names <c>awsbackup:*</c>, the storage key and the destination vault (the managed policy covers every
    /// database in the account, the other level's included).
    /// </summary>
    private Role BackupRole(string instanceArn, string storageKeyArn, string destinationVaultArn)
    {
        var snapshots = Stack
            .Of(this)
            .FormatArn(
                new ArnComponents
                {
                    Service = "rds",
                    Resource = "snapshot",
                    ResourceName = "awsbackup:*",
                    ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                }
            );
        var role = new Role(this, "Role", new RoleProps { AssumedBy = new ServicePrincipal("backup.amazonaws.com") });
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["rds:DescribeDBInstances", "rds:CreateDBSnapshot", "rds:ListTagsForResource", "rds:AddTagsToResource"],
                    Resources = [instanceArn, snapshots],
                }
            )
        );
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["rds:DescribeDBSnapshots", "rds:CopyDBSnapshot", "rds:DeleteDBSnapshot", "rds:ModifyDBSnapshotAttribute"],
                    Resources = [snapshots],
                }
            )
        );
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions =
                    [
                        "kms:DescribeKey",
                        "kms:Decrypt",
                        "kms:Encrypt",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo",
                        "kms:GenerateDataKey",
                    ],
                    Resources = [storageKeyArn],
                }
            )
        );
        role.AddToPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["kms:CreateGrant"],
                    Resources = [storageKeyArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["Bool"] = new Dictionary<string, object> { ["kms:GrantIsForAWSResource"] = "true" },
                    },
                }
            )
        );
        role.AddToPolicy(
            new PolicyStatement(new PolicyStatementProps { Actions = ["backup:CopyIntoBackupVault"], Resources = [destinationVaultArn] })
        );
        NagSuppressions.AddMatching(
            role.Node.FindChild("DefaultPolicy"),
            "AwsSolutions-IAM5",
            "AWS Backup names the snapshots it takes awsbackup:<job id>: the snapshot statements cover that prefix only.",
            "/^Resource::arn:aws:rds:[a-z0-9-]+:[0-9]{12}:snapshot:awsbackup:\\*$/"
        );
        return role;
    }
}
