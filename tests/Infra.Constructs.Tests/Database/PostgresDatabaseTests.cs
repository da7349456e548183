using System.Text.Json;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Infra.Constructs.Database;
using NetworkConstruct = Infra.Constructs.Network.Network;

namespace Infra.Constructs.Tests.Database;

public class PostgresDatabaseTests
{
    /// <summary>A database in a new network and stack, with <paramref name="settings"/> (the other database tests' too).</summary>
    internal static (Template Template, PostgresDatabase Database) Synth(
        PostgresDatabaseSettings? settings = null,
        Action<Amazon.CDK.Stack, PostgresDatabase>? more = null
    )
    {
        var stack = TestStacks.NewStack();
        var network = new NetworkConstruct(stack, "Network");
        var database = new PostgresDatabase(
            stack,
            "Database",
            new PostgresDatabaseProps
            {
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                AlarmTopic = new Topic(stack, "Alarms"),
                Settings = settings ?? new PostgresDatabaseSettings(),
            }
        );
        more?.Invoke(stack, database);
        return (Template.FromStack(stack), database);
    }

    private static JsonElement Instance(Template template) =>
        TemplateExtensions.ToJson(Assert.Single(template.Resources("AWS::RDS::DBInstance").Values));

    [Fact]
    public void Authenticates_every_user_with_iam_and_stores_no_password()
    {
        var (template, _) = Synth();

        var properties = Instance(template).GetProperty("Properties");
        Assert.True(properties.GetProperty("EnableIAMDatabaseAuthentication").GetBoolean());
        Assert.Equal("iam-db-auth", properties.GetProperty("MasterUserAuthenticationType").GetString());
        Assert.Equal(DatabaseUsers.Admin, properties.GetProperty("MasterUsername").GetString());
        Assert.False(properties.TryGetProperty("MasterUserPassword", out _));
        Assert.False(properties.TryGetProperty("ManageMasterUserPassword", out _));
        template.ResourceCountIs("AWS::SecretsManager::Secret", 0);
    }

    [Fact]
    public void Is_private_encrypted_gp3_and_verifiable_over_tls()
    {
        var (template, _) = Synth();

        var properties = Instance(template).GetProperty("Properties");
        Assert.False(properties.GetProperty("PubliclyAccessible").GetBoolean());
        Assert.True(properties.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal("gp3", properties.GetProperty("StorageType").GetString());
        Assert.Equal("rds-ca-rsa2048-g1", properties.GetProperty("CACertificateIdentifier").GetString());
        Assert.Equal(
            ["iam-db-auth-error", "postgresql", "upgrade"],
            properties.GetProperty("EnableCloudwatchLogsExports").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal)
        );
        template.HasResourceProperties(
            "AWS::RDS::DBParameterGroup",
            new Dictionary<string, object>
            {
                ["Family"] = "postgres17",
                ["Parameters"] = Match.ObjectLike(new Dictionary<string, object> { ["rds.force_ssl"] = "1" }),
            }
        );
        var subnetIds = JsonSerializer.Serialize(
            TemplateExtensions.ToJson(Assert.Single(template.Resources("AWS::RDS::DBSubnetGroup").Values).Properties())
        );
        Assert.Contains("NetworkPrivateSubnet", subnetIds, StringComparison.Ordinal);
        Assert.DoesNotContain("NetworkPublicSubnet", subnetIds, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "Snapshot")]
    [InlineData(false, "Delete")]
    public void Protects_and_snapshots_unless_declared_disposable(bool protect, string deletionPolicy)
    {
        var (template, _) = Synth(new PostgresDatabaseSettings { DeletionProtection = protect });

        var instance = Instance(template);
        Assert.Equal(protect, instance.GetProperty("Properties").GetProperty("DeletionProtection").GetBoolean());
        Assert.Equal(deletionPolicy, instance.GetProperty("DeletionPolicy").GetString());
        Assert.Equal(deletionPolicy, instance.GetProperty("UpdateReplacePolicy").GetString());
    }

    [Fact]
    public void Applies_the_production_options()
    {
        var (template, _) = Synth(
            new PostgresDatabaseSettings
            {
                MultiAz = true,
                InstanceClass = "m7g.large",
                AllocatedStorageGiB = 50,
                MaxAllocatedStorageGiB = 500,
                BackupRetentionDays = 14,
                MajorVersion = 16,
            }
        );

        var properties = Instance(template).GetProperty("Properties");
        Assert.True(properties.GetProperty("MultiAZ").GetBoolean());
        Assert.Equal("db.m7g.large", properties.GetProperty("DBInstanceClass").GetString());
        Assert.Equal("50", properties.GetProperty("AllocatedStorage").GetString());
        Assert.Equal(500, properties.GetProperty("MaxAllocatedStorage").GetInt32());
        Assert.Equal(14, properties.GetProperty("BackupRetentionPeriod").GetInt32());
        Assert.Equal("16", properties.GetProperty("EngineVersion").GetString());
        Assert.True(properties.GetProperty("EnablePerformanceInsights").GetBoolean());
    }

    [Theory]
    [InlineData("t4g.micro", true)]
    [InlineData("r7g.2xlarge", false)]
    public void Keeps_seven_free_days_of_performance_insights_unless_turned_off(string instanceClass, bool enabled)
    {
        var (template, _) = Synth(new PostgresDatabaseSettings { InstanceClass = instanceClass, PerformanceInsights = enabled });

        var properties = Instance(template).GetProperty("Properties");
        Assert.Equal(enabled, properties.GetProperty("EnablePerformanceInsights").GetBoolean());
        Assert.Equal(enabled, properties.TryGetProperty("PerformanceInsightsRetentionPeriod", out var days) && days.GetInt32() == 7);
    }

    [Fact]
    public void Grants_connect_as_one_database_user_only()
    {
        var (template, _) = Synth(
            more: (stack, db) =>
                db.GrantConnect(
                    new Role(stack, "AppRole", new RoleProps { AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com") }),
                    DatabaseUsers.App
                )
        );

        var statement = TemplateExtensions
            .ToJson(
                template.Resources("AWS::IAM::Policy").Single(p => p.Key.StartsWith("AppRole", StringComparison.Ordinal)).Value.Properties()
            )
            .GetProperty("PolicyDocument")
            .GetProperty("Statement")
            .EnumerateArray()
            .Single();
        Assert.Equal("rds-db:connect", statement.GetProperty("Action").GetString());
        // arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/app
        var join = statement.GetProperty("Resource").GetProperty("Fn::Join")[1].EnumerateArray().Select(p => p.ToString()).ToList();
        Assert.Equal("arn:", join[0]);
        Assert.Contains("\"Ref\":\"AWS::Partition\"", join[1].Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(":rds-db:eu-west-2:123456789012:dbuser:", join[2]);
        Assert.Contains("DbiResourceId", join[3], StringComparison.Ordinal);
        Assert.Equal("/app", join[4]);
    }

    [Fact]
    public void Admits_only_the_connections_it_is_given()
    {
        var (template, _) = Synth(
            more: (stack, db) =>
            {
                var client = new SecurityGroup(
                    stack,
                    "Client",
                    new SecurityGroupProps { Vpc = Vpc.FromLookup(stack, "Lookup", new VpcLookupOptions { IsDefault = true }) }
                );
                client.Connections.AllowToDefaultPort(db.Connections, "client to db");
            }
        );

        var group = TemplateExtensions.ToJson(
            template
                .Resources("AWS::EC2::SecurityGroup")
                .Single(g => g.Key.StartsWith("DatabaseSecurityGroup", StringComparison.Ordinal))
                .Value.Properties()
        );
        Assert.False(group.TryGetProperty("SecurityGroupIngress", out _));
        var ingress = TemplateExtensions.ToJson(Assert.Single(template.Resources("AWS::EC2::SecurityGroupIngress").Values).Properties());
        Assert.Equal(5432, ingress.GetProperty("FromPort").GetInt32());
        Assert.True(ingress.TryGetProperty("SourceSecurityGroupId", out _));
    }

    [Fact]
    public void Alarms_on_cpu_storage_and_connections_to_the_topic()
    {
        var (template, database) = Synth(new PostgresDatabaseSettings { AllocatedStorageGiB = 20, ConnectionsAlarmThreshold = 50 });

        var alarms = template
            .Resources("AWS::CloudWatch::Alarm")
            .Values.Select(a => TemplateExtensions.ToJson(a.Properties()))
            .ToDictionary(a => a.GetProperty("MetricName").GetString()!);
        Assert.Equal(3, database.Alarms.Count);
        Assert.Equal(20d * 1024 * 1024 * 1024 * 0.1, alarms["FreeStorageSpace"].GetProperty("Threshold").GetDouble());
        Assert.Equal(50, alarms["DatabaseConnections"].GetProperty("Threshold").GetInt32());
        Assert.Equal(80, alarms["CPUUtilization"].GetProperty("Threshold").GetInt32());
        Assert.All(alarms.Values, a => Assert.Equal(1, a.GetProperty("AlarmActions").GetArrayLength()));
    }

    [Fact]
    public void Imports_an_existing_database_and_grants_connect_on_it()
    {
        var stack = TestStacks.NewStack();
        var imported = PostgresDatabase.FromAttributes(
            stack,
            "Imported",
            new PostgresDatabaseAttributes
            {
                Endpoint = "db.example.internal",
                ResourceId = "db-ABCDEFGHIJKL",
                DatabaseName = "app",
                SecurityGroup = SecurityGroup.FromSecurityGroupId(stack, "Sg", "sg-12345678"),
            }
        );
        imported.GrantConnect(new Role(stack, "Reader", new RoleProps { AssumedBy = new AccountRootPrincipal() }), "schema_sync");

        var policy = JsonSerializer.Serialize(Template.FromStack(stack).Resources("AWS::IAM::Policy").Values.Single());
        Assert.Contains(":rds-db:eu-west-2:123456789012:dbuser:db-ABCDEFGHIJKL/schema_sync", policy, StringComparison.Ordinal);
        Assert.Equal(5432, imported.Port);
    }

    [Theory]
    [InlineData("App")]
    [InlineData("app;drop")]
    [InlineData("")]
    public void Fails_to_grant_connect_for_an_invalid_user_name(string user)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Synth(
                more: (stack, db) => db.GrantConnect(new Role(stack, "R", new RoleProps { AssumedBy = new AccountRootPrincipal() }), user)
            )
        );

        Assert.Contains($"dbUser: '{user}'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<PostgresDatabaseSettings, string> InvalidSettings =>
        new()
        {
            {
                new PostgresDatabaseSettings { InstanceClass = "db.t4g.micro" },
                "InstanceClass: 'db.t4g.micro'"
            },
            {
                new PostgresDatabaseSettings { MajorVersion = 11 },
                "MajorVersion: 11"
            },
            {
                new PostgresDatabaseSettings { BackupRetentionDays = 36 },
                "BackupRetentionDays: 36 is out of range"
            },
            {
                new PostgresDatabaseSettings { MaxAllocatedStorageGiB = 10 },
                "MaxAllocatedStorageGiB: 10 is out of range"
            },
        };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Fails_when_a_setting_is_invalid(PostgresDatabaseSettings settings, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Synth(settings));

        Assert.Contains($"PostgresDatabase Database: {expected}", error.Message, StringComparison.Ordinal);
    }
}
