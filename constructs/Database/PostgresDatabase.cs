using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SNS;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Database;

/// <summary>
/// RDS for PostgreSQL with IAM database authentication for every user, the master user included (no password
/// exists anywhere): private subnets, encrypted gp3 storage, TLS forced, backups, log exports, alarms.
/// </summary>
/// <remarks>
/// Built on the L1 <c>CfnDBInstance</c>: CDK 2.160's <c>DatabaseInstance</c> always creates a master password secret,
/// and IAM master-user authentication (<c>MasterUserAuthenticationType: iam-db-auth</c>) is newer than its L1 props.
/// </remarks>
public sealed class PostgresDatabase : Construct, IPostgresDatabase
{
    /// <summary>PostgreSQL's port, kept: obscurity adds nothing once only named security groups can reach it.</summary>
    public const int DefaultPort = 5432;

    /// <summary>The instance.</summary>
    public CfnDBInstance Instance { get; }

    /// <inheritdoc/>
    public string Endpoint => Instance.AttrEndpointAddress;

    /// <inheritdoc/>
    public int Port => DefaultPort;

    /// <inheritdoc/>
    public string ResourceId => Instance.AttrDbiResourceId;

    /// <inheritdoc/>
    public string DatabaseName { get; }

    /// <inheritdoc/>
    public ISecurityGroup SecurityGroup { get; }

    /// <inheritdoc/>
    public Connections_ Connections { get; }

    /// <summary>Alarms on CPU, free storage and connections.</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    /// <summary>Creates the database.</summary>
    /// <exception cref="ArgumentException">When a prop is invalid; the message names it and echoes the value.</exception>
    public PostgresDatabase(Construct scope, string id, PostgresDatabaseProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        PropProblem.ThrowIfAny(PostgresDatabasePropsValidation.FindProblem(settings), nameof(PostgresDatabase), id);
        DatabaseName = settings.DatabaseName;

        SecurityGroup = new SecurityGroup(
            this,
            "SecurityGroup",
            new SecurityGroupProps
            {
                Vpc = props.Vpc,
                Description = "PostgreSQL: reachable only from the security groups granted access",
                AllowAllOutbound = false,
            }
        );
        Connections = new Connections_(
            new ConnectionsProps { SecurityGroups = [SecurityGroup], DefaultPort = Amazon.CDK.AWS.EC2.Port.Tcp(DefaultPort) }
        );

        var subnetGroup = new SubnetGroup(
            this,
            "Subnets",
            new SubnetGroupProps
            {
                Vpc = props.Vpc,
                VpcSubnets = props.Subnets,
                Description = "Private subnets of the PostgreSQL instance",
            }
        );
        var parameters = new CfnDBParameterGroup(
            this,
            "Parameters",
            new CfnDBParameterGroupProps
            {
                Family = $"postgres{settings.MajorVersion}",
                Description = "TLS required; connection and DDL logging",
                Parameters = new Dictionary<string, string>
                {
                    ["rds.force_ssl"] = "1",
                    ["log_connections"] = "1",
                    ["log_disconnections"] = "1",
                    ["log_statement"] = "ddl",
                    ["log_min_duration_statement"] = "1000",
                },
            }
        );

        var performanceInsights = settings.PerformanceInsights;
        Instance = new CfnDBInstance(
            this,
            "Resource",
            new CfnDBInstanceProps
            {
                Engine = "postgres",
                EngineVersion = settings.MajorVersion.ToString(CultureInfo.InvariantCulture),
                AutoMinorVersionUpgrade = true,
                DbInstanceClass = "db." + settings.InstanceClass,
                DbName = settings.DatabaseName,
                Port = DefaultPort.ToString(CultureInfo.InvariantCulture),
                MasterUsername = DatabaseUsers.Admin,
                EnableIamDatabaseAuthentication = true,
                DbSubnetGroupName = subnetGroup.SubnetGroupName,
                VpcSecurityGroups = [SecurityGroup.SecurityGroupId],
                DbParameterGroupName = parameters.Ref,
                PubliclyAccessible = false,
                StorageType = "gp3",
                AllocatedStorage = settings.AllocatedStorageGiB.ToString(CultureInfo.InvariantCulture),
                MaxAllocatedStorage =
                    settings.MaxAllocatedStorageGiB > settings.AllocatedStorageGiB ? settings.MaxAllocatedStorageGiB : null,
                StorageEncrypted = true,
                KmsKeyId = settings.StorageKeyArn,
                CaCertificateIdentifier = "rds-ca-rsa2048-g1",
                MultiAz = settings.MultiAz,
                BackupRetentionPeriod = settings.BackupRetentionDays,
                CopyTagsToSnapshot = true,
                DeletionProtection = settings.DeletionProtection,
                EnableCloudwatchLogsExports = ["postgresql", "upgrade", "iam-db-auth-error"],
                EnablePerformanceInsights = performanceInsights,
                PerformanceInsightsRetentionPeriod = performanceInsights ? 7 : null,
            }
        );
        // The master user signs in with an IAM token too, so no password is generated, stored or read by anyone.
        Instance.AddPropertyOverride("MasterUserAuthenticationType", "iam-db-auth");
        Instance.ApplyRemovalPolicy(settings.DeletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);

        Alarms = CreateAlarms(settings, props.AlarmTopic);
        if (settings.BackupCopyVaultArn is { } vault)
            _ = new DatabaseBackupCopy(this, "BackupCopy", Instance, settings.StorageKeyArn!, vault, settings.BackupRetentionDays);
        SuppressFindings(settings);
    }

    /// <summary>Imports an existing database, for example one another team's stack created.</summary>
    public static IPostgresDatabase FromAttributes(Construct scope, string id, PostgresDatabaseAttributes attributes) =>
        new ImportedPostgresDatabase(scope, id, attributes);

    /// <inheritdoc/>
    public Grant GrantConnect(IGrantable grantee, string dbUser) => DatabaseConnectGrant.Grant(this, ResourceId, grantee, dbUser);

    /// <summary>A metric of this instance from the AWS/RDS namespace.</summary>
    public Metric Metric(string metricName, string statistic = "Average") =>
        new(
            new MetricProps
            {
                Namespace = "AWS/RDS",
                MetricName = metricName,
                DimensionsMap = new Dictionary<string, string> { ["DBInstanceIdentifier"] = Instance.Ref },
                Statistic = statistic,
                Period = Duration.Minutes(5),
            }
        );

    private List<Alarm> CreateAlarms(PostgresDatabaseSettings settings, ITopic? alarmTopic)
    {
        List<Alarm> alarms =
        [
            Metric("CPUUtilization")
                .CreateAlarm(
                    this,
                    "CpuHigh",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = "Database CPU above 80 % for 15 minutes",
                        Threshold = 80,
                        EvaluationPeriods = 3,
                    }
                ),
            Metric("FreeStorageSpace", "Minimum")
                .CreateAlarm(
                    this,
                    "FreeStorageLow",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = $"Less than {settings.FreeStorageAlarmPercent} % of the allocated storage is free",
                        Threshold = settings.AllocatedStorageGiB * 1024d * 1024 * 1024 * settings.FreeStorageAlarmPercent / 100,
                        ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
                        EvaluationPeriods = 1,
                    }
                ),
            Metric("DatabaseConnections", "Maximum")
                .CreateAlarm(
                    this,
                    "ConnectionsHigh",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = $"More than {settings.ConnectionsAlarmThreshold} connections",
                        Threshold = settings.ConnectionsAlarmThreshold,
                        EvaluationPeriods = 2,
                    }
                ),
        ];
        if (alarmTopic is { } topic)
            alarms.ForEach(alarm => alarm.AddAlarmAction(new SnsAction(topic)));
        return alarms;
    }

    private void SuppressFindings(PostgresDatabaseSettings settings)
    {
        List<Waiver> waivers = [ComplianceWaivers.NoEnhancedMonitoring, ComplianceWaivers.DefaultPort, ComplianceWaivers.NewerLogType];
        if (!settings.MultiAz)
            waivers.Add(ComplianceWaivers.SingleAzDatabase);
        if (!settings.DeletionProtection)
            waivers.Add(ComplianceWaivers.DeletableDatabase);
        if (settings.BackupRetentionDays < 7)
            waivers.Add(ComplianceWaivers.ShortBackupRetention);
        if (settings.StorageKeyArn is null)
            waivers.Add(ComplianceWaivers.AwsManagedStorageKey);
        if (settings.BackupCopyVaultArn is null)
            waivers.Add(ComplianceWaivers.NoBackupPlan);
        Waiver.ApplyAll(Instance, waivers);
    }
}
