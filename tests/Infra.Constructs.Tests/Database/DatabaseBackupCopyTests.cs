using System.Text.Json;
using Infra.Constructs.Database;

namespace Infra.Constructs.Tests.Database;

public class DatabaseBackupCopyTests
{
    private const string Key = "arn:aws:kms:ap-northeast-2:111122223333:key/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private const string Vault = "arn:aws:backup:ap-northeast-2:444455556666:backup-vault:copies";

    private static Amazon.CDK.Assertions.Template Synth(PostgresDatabaseSettings settings) =>
        PostgresDatabaseTests.Synth(settings).Template;

    [Fact]
    public void Copies_a_daily_backup_of_the_instance_to_the_other_accounts_vault_under_its_own_key()
    {
        var template = Synth(
            new PostgresDatabaseSettings
            {
                StorageKeyArn = Key,
                BackupCopyVaultArn = Vault,
                BackupRetentionDays = 14,
            }
        );

        var instance = Assert.Single(template.Resources("AWS::RDS::DBInstance"));
        Assert.Equal(Key, instance.Value.Properties()["KmsKeyId"]);
        var rule = Assert.Single(
            Assert
                .Single(template.Resources("AWS::Backup::BackupPlan").Values)
                .Properties()
                .ToJson()
                .GetProperty("BackupPlan")
                .GetProperty("BackupPlanRule")
                .EnumerateArray()
        );
        var copy = Assert.Single(rule.GetProperty("CopyActions").EnumerateArray());
        Assert.Equal(Vault, copy.GetProperty("DestinationBackupVaultArn").GetString());
        Assert.Equal(14, copy.GetProperty("Lifecycle").GetProperty("DeleteAfterDays").GetInt32());
        Assert.Equal(14, rule.GetProperty("Lifecycle").GetProperty("DeleteAfterDays").GetInt32());
        var selection = Assert.Single(template.Resources("AWS::Backup::BackupSelection").Values).Properties().ToJson();
        var selected = Assert.Single(selection.GetProperty("BackupSelection").GetProperty("Resources").EnumerateArray());
        Assert.Contains(instance.Key, selected.GetRawText(), StringComparison.Ordinal);
        // The role names this instance, AWS Backup's snapshots and the key: no AWS managed policy covering every database.
        var roles = template.Resources("AWS::IAM::Role").Values.Select(r => r.Properties().ToJson()).ToList();
        var backupRole = Assert.Single(roles, r => r.GetProperty("AssumeRolePolicyDocument").GetRawText().Contains("backup.amazonaws.com"));
        Assert.False(backupRole.TryGetProperty("ManagedPolicyArns", out _));
        var statements = template.PolicyStatements("DatabaseBackupCopyRole");
        Assert.All(statements, s => Assert.DoesNotContain("\"*\"", s.GetProperty("Resource").GetRawText(), StringComparison.Ordinal));
        Assert.Contains(statements, s => s.GetProperty("Resource").GetRawText().Contains(Key, StringComparison.Ordinal));
        Assert.Contains(statements, s => s.GetProperty("Resource").GetRawText().Contains(Vault, StringComparison.Ordinal));
    }

    [Fact]
    public void Keeps_no_plan_without_a_destination_and_says_why_on_the_instance()
    {
        var template = Synth(new PostgresDatabaseSettings());

        Assert.Empty(template.Resources("AWS::Backup::BackupPlan"));
        var metadata = JsonSerializer.Serialize(Assert.Single(template.Resources("AWS::RDS::DBInstance").Values)["Metadata"]);
        Assert.Contains("NIST.800.53.R5-RDSInBackupPlan", metadata, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Vault, "BackupCopyVaultArn: needs StorageKeyArn")]
    [InlineData(Key, "arn:aws:s3:::copies", "BackupCopyVaultArn: 'arn:aws:s3:::copies' is not a backup vault ARN")]
    [InlineData("alias/aws/rds", null, "StorageKeyArn: 'alias/aws/rds' is not a KMS key ARN")]
    public void Refuses_a_copy_it_could_not_make(string? key, string? vault, string expected)
    {
        var problem = PostgresDatabasePropsValidation.FindProblem(
            new PostgresDatabaseSettings { StorageKeyArn = key, BackupCopyVaultArn = vault }
        );
        Assert.NotNull(problem);
        Assert.StartsWith(expected, $"{problem.Prop}: {problem.Message}", StringComparison.Ordinal);
    }
}
