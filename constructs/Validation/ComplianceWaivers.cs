using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.S3;

namespace Infra.Constructs.Validation;

/// <summary>
/// Every finding of the compliance rule packs (cdk-nag's NIST 800-53 R5, HIPAA Security and Serverless packs, and the
/// Control Tower proactive controls as Guard rules) that the platform accepts, with its reason, in one place. The
/// waivers that hold for every IAM policy and log group (CDK creates them all over) are written by <see cref="ApplyTo"/>;
/// the rest are named here and written by the construct that owns the resource, where its configuration makes them
/// true, so a library user's own resources carry none of them. docs/compliance.md explains them; the test run fails on
/// any finding not waived here.
/// </summary>
public static class ComplianceWaivers
{
    /// <summary>The NIST 800-53 R5 and HIPAA Security rules of one name (the packs share most checks).</summary>
    private static string[] NistAndHipaa(params string[] rules) =>
        [.. rules.SelectMany(rule => new[] { $"NIST.800.53.R5-{rule}", $"HIPAA.Security-{rule}" })];

    private static readonly (Type ResourceType, Waiver Waiver)[] ByResourceType =
    [
        (
            typeof(CfnPolicy),
            new(
                "Each role's grants are scoped to this stack's named resources and belong to that role alone; a customer managed "
                    + "policy would be a second, separately attachable object with the same statements.",
                NistAndHipaa("IAMNoInlinePolicy"),
                []
            )
        ),
        (
            typeof(CfnLogGroup),
            new(
                "CloudWatch Logs encrypts every log group at rest with keys it manages; the logs hold request lines and plans, "
                    + "never credentials (IAM tokens are not logged), and IAM decides who reads them, so a customer key would add "
                    + "cost, not control.",
                NistAndHipaa("CloudWatchLogGroupEncrypted"),
                ["cloudwatch_log_group_encrypted_check"]
            )
        ),
        (
            typeof(CfnLogGroup),
            new(
                "Retention is a cost choice made per log group by configuration (weeks, not a year); raise it where a "
                    + "regulation asks for longer.",
                [],
                ["cloudwatch_log_group_retention_period_check"]
            )
        ),
    ];

    /// <summary>A public subnet's route to the internet gateway (no NAT gateway by design).</summary>
    public static readonly Waiver InternetRoute = new(
        "Public subnets route to the internet gateway by design: the platform runs without a NAT gateway, and the "
            + "load balancer (and the tasks, unless interface endpoints are configured) reach out from there. "
            + "Security groups admit only the listener's port; the database's subnets have no such route.",
        NistAndHipaa("VPCNoUnrestrictedRouteToIGW"),
        []
    );

    /// <summary>The VPC's default security group, left open (closing it needs a custom-resource function).</summary>
    public static readonly Waiver DefaultSecurityGroup = new(
        "Nothing here uses the VPC's default security group. CloudFormation cannot edit it, and CDK 2.160 closes it "
            + "with a custom-resource function on a Node.js runtime past its end of life, so docs/compliance.md gives "
            + "the one-time command instead.",
        NistAndHipaa("VPCDefaultSecurityGroupClosed"),
        []
    );

    /// <summary>A bucket kept in one region.</summary>
    public static readonly Waiver SingleRegionBucket = new(
        "One region holds the platform; a replica in a second region would double the storage of logs and revision "
            + "records that S3 already keeps at eleven nines of durability.",
        NistAndHipaa("S3BucketReplicationEnabled"),
        []
    );

    /// <summary>A bucket whose new objects nothing reacts to.</summary>
    public static readonly Waiver NoObjectEvents = new(
        "Nothing reacts to new objects: access logs are read on demand and revisions by the migration function itself.",
        [],
        ["s3_event_notifications_enabled_check"]
    );

    /// <summary>A database watched by CloudWatch's RDS metrics, without OS-level Enhanced Monitoring.</summary>
    public static readonly Waiver NoEnhancedMonitoring = new(
        "CloudWatch's one-minute RDS metrics and the environment's alarms (CPU, connections, free storage) cover these "
            + "instance sizes; OS-level Enhanced Monitoring would add a monitoring role and per-instance log charges.",
        NistAndHipaa("RDSEnhancedMonitoringEnabled"),
        ["rds_instance_enhanced_monitoring_enabled_check"]
    );

    /// <summary>A database on PostgreSQL's default port.</summary>
    public static readonly Waiver DefaultPort = new(
        "A non-default port hides nothing from a scan inside the VPC; only the platform's security groups reach the "
            + "database, which has no public endpoint and signs in with IAM tokens over verified TLS.",
        ["AwsSolutions-RDS11"],
        ["rds_instance_no_default_ports_check"]
    );

    /// <summary>A database encrypted with AWS's key for RDS (no database.storageKeyArn).</summary>
    public static readonly Waiver AwsManagedStorageKey = new(
        "Storage is encrypted with AWS's managed key for RDS (aws/rds); a customer key matters only for sharing "
            + "snapshots with another account: database.storageKeyArn sets one (copying backups out needs it).",
        [],
        ["rds_storage_encrypted_kms_key_check"]
    );

    /// <summary>A database exporting a log type newer than the Guard rule's list.</summary>
    public static readonly Waiver NewerLogType = new(
        "The instance exports the postgresql and upgrade logs this control asks for, and iam-db-auth-error too (failed "
            + "IAM sign-ins, a log type newer than the control's list of allowed ones).",
        [],
        ["rds_instance_logging_enabled_check"]
    );

    /// <summary>A load balancer without a web ACL.</summary>
    public static readonly Waiver NoWebAcl = new(
        "A web ACL costs $5 a month plus $1 per rule and $0.60 per million requests, more than a small environment's "
            + "load balancer; associate one with the load balancer's ARN where the app needs it.",
        ["NIST.800.53.R5-ALBWAFEnabled"],
        []
    );

    /// <summary>A KMS key with AWS's default account statement.</summary>
    public static readonly Waiver DefaultKeyPolicy = new(
        "The key policy's account statement is AWS's default: it delegates the key to IAM, and no IAM policy here "
            + "grants kms:CreateGrant on it; the services that use the key are named in their own statements.",
        [],
        ["kms_create_grant_aws_service_check"]
    );

    /// <summary>The platform's own functions: each in the VPC, each answering its caller.</summary>
    public static readonly Waiver[] PlatformFunction =
    [
        AnswersItsCaller(["Serverless-LambdaDLQ", .. NistAndHipaa("LambdaDLQ")]),
        new(
            "X-Ray is not part of the platform: each invocation's outcome is in its log and in the answer to its caller, "
                + "and tracing would grant xray:PutTraceSegments on every resource to each function's role.",
            ["Serverless-LambdaTracing"],
            []
        ),
        new(
            "The function runs in the VPC, in subnets imported from the shared stack (Fn::ImportValue), which this Guard "
                + "rule cannot follow; the compliance check asserts each waiving function has its VpcConfig.",
            [],
            ["lambda_inside_vpc_check"]
        ),
    ];

    /// <summary>A platform function's asynchronous invocation settings: retries off, failures answered or sent to the topic.</summary>
    public static readonly Waiver AsyncRetriesOff = AnswersItsCaller(["Serverless-LambdaAsyncFailureDestination"]);

    /// <summary>The platform's EventBridge rules: the deploy notifications and the drift check.</summary>
    public static readonly Waiver PlatformRule = new(
        "A failed delivery costs little here: the deploy rules' target is the environment's topic, which EventBridge "
            + "retries for 24 hours, and the drift check runs again on its next schedule; a queue for what still failed "
            + "would need a reader this platform does not have.",
        ["Serverless-EventBusDLQ"],
        []
    );

    private static Waiver AnswersItsCaller(string[] rules) =>
        new(
            "Each function answers its caller: CI and API Gateway synchronously, CloudFormation through its response URL, "
                + "the drift check's schedule through the topic (its failure destination), and asynchronous retries are off. "
                + "A failed call fails the release or deploy that made it; a dead-letter target would hold events nobody replays.",
            rules,
            []
        );

    /// <summary>The load balancer's access-log bucket logs nothing of its own, and keeps each log once.</summary>
    public static readonly Waiver[] AccessLogBucket =
    [
        SingleRegionBucket,
        NoObjectEvents,
        new(
            "This bucket holds access logs itself; logging its own access would log the log writes.",
            ["AwsSolutions-S1", .. NistAndHipaa("S3BucketLoggingEnabled")],
            ["s3_bucket_logging_enabled_check"]
        ),
        new(
            "Load balancer access logs are written once and expire (service.accessLogRetentionDays); versions and object "
                + "locks would keep what the lifecycle rule is there to delete.",
            NistAndHipaa("S3BucketVersioningEnabled"),
            ["s3_bucket_versioning_enabled_check", "s3_bucket_object_lock_enabled_check"]
        ),
        new(
            "Load balancers write access logs only to buckets encrypted with S3-managed keys (SSE-S3), not KMS.",
            NistAndHipaa("S3DefaultEncryptionKMS"),
            ["s3_bucket_default_encryption_kms_check"]
        ),
    ];

    /// <summary>The migration function's revisions bucket: versioned and locked, written only by the function.</summary>
    public static readonly Waiver[] RevisionsBucket =
    [
        SingleRegionBucket,
        NoObjectEvents,
        new(
            "Only the migration function's role writes here, once per release; versioning keeps every object version and "
                + "CloudTrail records the writes.",
            ["AwsSolutions-S1", .. NistAndHipaa("S3BucketLoggingEnabled")],
            ["s3_bucket_logging_enabled_check"]
        ),
        new(
            "Revisions hold schema SQL and plans, no rows; S3-managed keys encrypt them at rest and IAM limits the readers to "
                + "the migration function and CI.",
            NistAndHipaa("S3DefaultEncryptionKMS"),
            ["s3_bucket_default_encryption_kms_check"]
        ),
        new(
            "Object Lock is on, in governance mode, through the bucket's ObjectLockConfiguration; this control reads the "
                + "create-time ObjectLockEnabled flag, which on an existing bucket replaces it and strands the revision history.",
            [],
            ["s3_bucket_object_lock_enabled_check"]
        ),
    ];

    /// <summary>A database without an AWS Backup plan: no vault in another account is configured (database.backupCopyVaultArn).</summary>
    public static readonly Waiver NoBackupPlan = new(
        "RDS automated backups with point-in-time recovery (database.backupRetentionDays) and a final snapshot on deletion "
            + "protect this database; an AWS Backup plan copying them to another account's vault comes with "
            + "database.backupCopyVaultArn.",
        NistAndHipaa("RDSInBackupPlan"),
        []
    );

    /// <summary>A database with fewer than seven days of backups: a configuration choice (database.backupRetentionDays).</summary>
    public static readonly Waiver ShortBackupRetention = new(
        "The configuration keeps backups for fewer than seven days (database.backupRetentionDays), a choice for an "
            + "environment whose data can be re-created.",
        [],
        ["rds_instance_backup_enabled_check"]
    );

    /// <summary>A single-AZ database: a configuration choice (database.multiAz).</summary>
    public static readonly Waiver SingleAzDatabase = new(
        "The configuration runs this database in one availability zone (database.multiAz: false), half the cost of a "
            + "standby; the report prices both.",
        ["AwsSolutions-RDS3", .. NistAndHipaa("RDSMultiAZSupport")],
        ["rds_instance_multi_az_support_check"]
    );

    /// <summary>A database that may be deleted: a configuration choice (database.deletionProtection).</summary>
    public static readonly Waiver DeletableDatabase = new(
        "The configuration lets this environment's database be deleted with its stack (database.deletionProtection: false).",
        ["AwsSolutions-RDS10", .. NistAndHipaa("RDSInstanceDeletionProtectionEnabled")],
        ["rds_instance_deletion_protection_enabled_check"]
    );

    /// <summary>A load balancer that may be deleted, in an environment without termination protection.</summary>
    public static readonly Waiver DeletableLoadBalancer = new(
        "The environment's stack is not termination protected (terminationProtection: false), so neither is its load "
            + "balancer; it holds no data and a deploy re-creates it.",
        NistAndHipaa("ELBDeletionProtectionEnabled"),
        ["elbv2_deletion_protection_enabled_check"]
    );

    /// <summary>The port 80 listener that only redirects to HTTPS.</summary>
    public static readonly Waiver RedirectListener = new(
        "Port 80 only redirects to HTTPS; a redirect carries no data and needs no certificate.",
        NistAndHipaa("ELBv2ACMCertificateRequired"),
        []
    );

    /// <summary>A listener serving plain HTTP because no domain is configured (refused at production unless allowed).</summary>
    public static readonly Waiver PlainHttpListener = new(
        "No domain is configured for this environment, so the app answers plain HTTP; the production level refuses that "
            + "unless service.allowPlainHttp says so, and scripts/synth warns about every such listener.",
        NistAndHipaa("ELBv2ACMCertificateRequired", "ALBHttpToHttpsRedirection"),
        ["alb_http_to_https_redirection_check"]
    );

    /// <summary>The web function's public API routes: the app authenticates its users itself.</summary>
    public static readonly Waiver PublicApiRoute = new(
        "The app's public web endpoint, like the load balancer on Fargate: the app authenticates its users itself.",
        ["AwsSolutions-APIG4"],
        ["api_gw_v2_authorization_type_configured_check"]
    );

    /// <summary>Tasks given a public address, because without a NAT gateway that is how they reach AWS's services.</summary>
    public static readonly Waiver PublicTaskAddress = new(
        "Without a NAT gateway, tasks in public subnets need a public address to reach ECR, CloudWatch and STS (unless "
            + "network.interfaceEndpoints); their security group admits only the load balancer.",
        [],
        ["ecs_service_assign_public_ip_disabled_check"]
    );

    /// <summary>Writes the waivers that hold for every resource of a type onto <paramref name="stack"/>'s resources; call once
    /// the stack is complete.</summary>
    public static void ApplyTo(Stack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        // One walk of the tree; the resource types are the .NET classes jsii gives each resource, so matching costs no call.
        foreach (var resource in stack.Node.FindAll().OfType<CfnResource>())
        {
            var waivers = ByResourceType
                .Where(entry => entry.ResourceType.IsInstanceOfType(resource))
                .Select(entry => entry.Waiver)
                .ToList();
            if (waivers.Count > 0)
                Waiver.WriteAll(resource, waivers);
        }
    }
}
