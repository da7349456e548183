using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.Destinations;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Constructs;
using Infra.Constructs.Bundling;
using Infra.Constructs.Network;
using Infra.Constructs.Validation;
using Infra.Contract;

namespace Infra.Constructs.Migration;

/// <summary>
/// The migration function: syncs the source (DEV) schema to the target (PROD) from inside the VPC, with IAM tokens
/// and verified TLS, and keeps every applied revision in a versioned bucket. Its network reach is the two databases
/// on their port and S3 on 443; its permissions are connect-as-one-user on both databases and put/get on its prefix.
/// </summary>
public sealed class SchemaMigrationFunction : Construct
{
    /// <summary>Key prefix of revisions in the bucket.</summary>
    public const string RevisionsPrefix = Infra.Contract.FunctionContract.RevisionsPrefix;

    /// <summary>The function.</summary>
    public IFunction Function { get; }

    /// <summary>The function's security group.</summary>
    public ISecurityGroup SecurityGroup { get; }

    /// <summary>The bucket keeping every applied revision.</summary>
    public IBucket RevisionsBucket { get; }

    /// <summary>The function's log group.</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>Creates the function.</summary>
    public SchemaMigrationFunction(Construct scope, string id, SchemaMigrationFunctionProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var reach = props.Reach ?? NetworkReach.Of(props.Vpc);
        Validate(id, props, reach);
        Reachability.Record(this, Reachability.Workloads.SchemaMigration, Reachability.LambdaFunction(NetworkReach.S3), reach!);

        SecurityGroup = new SecurityGroup(
            this,
            "SecurityGroup",
            new SecurityGroupProps
            {
                Vpc = props.Vpc,
                Description = "Migration function: the two databases and S3 only",
                AllowAllOutbound = false,
            }
        );
        // Written from the consumer's side (egress here, ingress on each database's group): no cross-stack cycle.
        SecurityGroup.Connections.AllowToDefaultPort(props.Source.Connections, "migration function to the source database");
        SecurityGroup.Connections.AllowToDefaultPort(props.Target.Connections, "migration function to the target database");
        if (props.S3PrefixListId is { } prefixList)
        {
            SecurityGroup.AddEgressRule(Peer.PrefixList(prefixList), Port.Tcp(443), "S3 through the gateway endpoint");
        }
        else
        {
            SecurityGroup.AddEgressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS: with no NAT only the S3 gateway endpoint answers");
            NagSuppressions.Add(
                SecurityGroup,
                "AwsSolutions-EC27",
                "Egress 443 to any address reaches only the S3 gateway endpoint: the subnets have no NAT or internet route; set "
                    + "S3PrefixListId to narrow it."
            );
        }

        RevisionsBucket = CreateBucket(props);
        (Function, LogGroup) = CreateFunction(
            this,
            props,
            ApplyHandler,
            props.FunctionName,
            props.DatabaseUser,
            props.ReservedConcurrency,
            "Migration function: logs, its VPC network interfaces, two database users, its revision prefix"
        );
        RevisionsBucket.GrantPut(Function, RevisionsPrefix + "*");

        // Planning (and status) from the deploy branch and pull requests: a second function whose handler refuses
        // apply, whose database user may only read, and whose role cannot write revisions.
        var plan = new Construct(this, "Plan");
        (PlanFunction, PlanLogGroup) = CreateFunction(
            plan,
            props,
            PlanHandler,
            props.PlanFunctionName,
            props.PlanDatabaseUser,
            props.PlanReservedConcurrency,
            "Plan-only migration function: logs, its VPC network interfaces, two read-only database users, reading its revision prefix",
            props.Notifications is { } topic ? new SnsDestination(topic.Topic) : null
        );
        // The destination grants sns:Publish; the topic's key is granted here.
        if (props.Notifications is { } notifications)
        {
            notifications.GrantPublish(PlanFunction);
            SchemaApplyAlarms.Create(this, LogGroup, notifications.Topic);
            NagSuppressions.Add(
                PlanFunction.Role!.Node.TryFindChild("DefaultPolicy")!,
                "AwsSolutions-IAM5",
                "The failure destination publishes to the topic encrypted with its key: kms:GenerateDataKey* names the data-key "
                    + "variants on that one key.",
                "Action::kms:GenerateDataKey*"
            );
        }
        if (props.DriftCheck is { } schedule)
            ScheduleDriftCheck(plan, schedule);
    }

    /// <summary>The plan-only function runs the drift action on <paramref name="schedule"/>, asynchronously and once: a drift
    /// fails the invocation, and the function's failure destination (the topic) carries what differs.</summary>
    private void ScheduleDriftCheck(Construct scope, Amazon.CDK.AWS.Events.Schedule schedule)
    {
        var rule = new Rule(
            scope,
            "DriftCheck",
            new RuleProps { Schedule = schedule, Description = "Compares the target database with its latest applied revision" }
        );
        ComplianceWaivers.PlatformRule.ApplyTo(rule);
        rule.AddTarget(
            new Amazon.CDK.AWS.Events.Targets.LambdaFunction(
                PlanFunction,
                new Amazon.CDK.AWS.Events.Targets.LambdaFunctionProps
                {
                    Event = RuleTargetInput.FromObject(new Dictionary<string, object> { ["action"] = "drift" }),
                    RetryAttempts = 0,
                }
            )
        );
    }

    /// <summary>The handler of the applying function (plan, apply, status).</summary>
    public const string ApplyHandler = Infra.Contract.FunctionContract.ApplyHandler;

    /// <summary>The handler of the plan-only function (plan, status; apply is refused).</summary>
    public const string PlanHandler = Infra.Contract.FunctionContract.PlanHandler;

    /// <summary>The plan-only function: plans and reports status; refuses apply; reads both databases only.</summary>
    public IFunction PlanFunction { get; }

    /// <summary>The plan-only function's log group.</summary>
    public ILogGroup PlanLogGroup { get; }

    // IFunction.GrantInvoke adds every version and alias (function:*); GrantInvokeLatestVersion names the unqualified ARN only.

    /// <summary>Lets <paramref name="grantee"/> apply (and plan): the production role only. The unqualified function only.</summary>
    public Grant GrantInvoke(IGrantable grantee) => Function.GrantInvokeLatestVersion(grantee);

    /// <summary>Lets <paramref name="grantee"/> plan and read status. The unqualified function only.</summary>
    public Grant GrantInvokePlan(IGrantable grantee) => PlanFunction.GrantInvokeLatestVersion(grantee);

    private (IFunction Function, ILogGroup LogGroup) CreateFunction(
        Construct scope,
        SchemaMigrationFunctionProps props,
        string handler,
        string? name,
        string databaseUser,
        int concurrency,
        string description,
        IDestination? onFailure = null
    )
    {
        var logGroup = new LogGroup(
            scope,
            "Logs",
            new LogGroupProps { Retention = props.LogRetention, RemovalPolicy = RemovalPolicy.RETAIN }
        );
        var role = VpcFunctionRole.Create(scope, logGroup, description);
        var function = new Function(
            scope,
            "Resource",
            new FunctionProps
            {
                FunctionName = name,
                Runtime = DotNetCode.Dotnet10,
                Architecture = Architecture.ARM_64,
                Handler = handler,
                Code = props.Code ?? PrebuiltFunctionPackage.Code(nameof(SchemaMigrationFunction)),
                Role = role,
                MemorySize = props.MemorySizeMiB,
                Timeout = Duration.Minutes(props.TimeoutMinutes),
                ReservedConcurrentExecutions = concurrency,
                Vpc = props.Vpc,
                VpcSubnets = props.Subnets,
                SecurityGroups = [SecurityGroup],
                LogGroup = logGroup,
                // CI invokes synchronously with retries off; an async retry could apply twice.
                RetryAttempts = 0,
                OnFailure = onFailure,
                Environment = new Dictionary<string, string>
                {
                    [FunctionEnvironment.SourceHost] = props.Source.Endpoint,
                    [FunctionEnvironment.SourcePort] = props.Source.Port.ToString(CultureInfo.InvariantCulture),
                    [FunctionEnvironment.SourceName] = props.Source.DatabaseName,
                    [FunctionEnvironment.TargetHost] = props.Target.Endpoint,
                    [FunctionEnvironment.TargetPort] = props.Target.Port.ToString(CultureInfo.InvariantCulture),
                    [FunctionEnvironment.TargetName] = props.Target.DatabaseName,
                    [FunctionEnvironment.User] = databaseUser,
                    // Both functions only read the source: they sign in to it as the read-only plan user.
                    [FunctionEnvironment.SourceUser] = props.PlanDatabaseUser,
                    // The plan-only function judges ownership for the applying user, so both plan the same.
                    [FunctionEnvironment.ApplyUser] = props.DatabaseUser,
                    [FunctionEnvironment.RevisionsBucket] = RevisionsBucket.BucketName,
                    [FunctionEnvironment.RevisionsPrefix] = RevisionsPrefix,
                },
            }
        );
        Waiver.ApplyAll(function, ComplianceWaivers.PlatformFunction);
        ComplianceWaivers.AsyncRetriesOff.ApplyTo(function.Node.FindChild("EventInvokeConfig"));
        props.Source.GrantConnect(role, props.PlanDatabaseUser);
        props.Target.GrantConnect(role, databaseUser);
        RevisionsBucket.GrantRead(role, RevisionsPrefix + "*");
        SuppressRoleFindings(role, (Bucket)RevisionsBucket);
        return (function, logGroup);
    }

    private Bucket CreateBucket(SchemaMigrationFunctionProps props)
    {
        var bucket = new Bucket(
            this,
            "Revisions",
            new BucketProps
            {
                Versioned = true,
                Encryption = BucketEncryption.S3_MANAGED,
                EnforceSSL = true,
                BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
                ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
                RemovalPolicy = RemovalPolicy.RETAIN,
                LifecycleRules =
                [
                    new Amazon.CDK.AWS.S3.LifecycleRule
                    {
                        Prefix = RevisionsPrefix,
                        Transitions =
                        [
                            new Transition
                            {
                                StorageClass = StorageClass.INFREQUENT_ACCESS,
                                TransitionAfter = Duration.Days(props.RevisionsInfrequentAccessAfterDays),
                            },
                        ],
                        NoncurrentVersionTransitions =
                        [
                            new NoncurrentVersionTransition
                            {
                                StorageClass = StorageClass.INFREQUENT_ACCESS,
                                TransitionAfter = Duration.Days(30),
                            },
                        ],
                    },
                ],
            }
        );
        // Object Lock through its configuration alone: S3 turns it on for an existing versioned bucket, where the create-time
        // ObjectLockEnabled flag would replace the bucket and strand its revision history.
        ((CfnBucket)bucket.Node.DefaultChild!).ObjectLockConfiguration = new CfnBucket.ObjectLockConfigurationProperty
        {
            ObjectLockEnabled = "Enabled",
            Rule = new CfnBucket.ObjectLockRuleProperty
            {
                DefaultRetention = new CfnBucket.DefaultRetentionProperty { Mode = "GOVERNANCE", Days = props.RevisionsLockDays },
            },
        };
        Waiver.ApplyAll(bucket, ComplianceWaivers.RevisionsBucket);
        return bucket;
    }

    private static void SuppressRoleFindings(Role role, Bucket bucket)
    {
        if (role.Node.TryFindChild("DefaultPolicy") is not Policy policy)
            return;
        // cdk-nag names a token resource by its logical id: <LogicalId.Arn>.
        var stack = Stack.Of(role);
        var bucketLogicalId = (string)stack.Resolve(stack.GetLogicalId((CfnElement)bucket.Node.DefaultChild!));
        NagSuppressions.Add(
            policy,
            "AwsSolutions-IAM5",
            VpcFunctionRole.NetworkInterfaceReason + "; S3 object actions are limited to the revisions/ prefix of this bucket.",
            "Resource::*",
            $"Resource::<{bucketLogicalId}.Arn>/{RevisionsPrefix}*",
            "Action::s3:GetObject*",
            "Action::s3:GetBucket*",
            "Action::s3:List*",
            "Action::s3:Abort*"
        );
    }

    private static void Validate(string id, SchemaMigrationFunctionProps props, NetworkReach? reach)
    {
        string? problem = props switch
        {
            { ReservedConcurrency: < 1 } => $"ReservedConcurrency: {props.ReservedConcurrency} must be at least 1",
            { PlanReservedConcurrency: < 1 } => $"PlanReservedConcurrency: {props.PlanReservedConcurrency} must be at least 1",
            _ when props.PlanDatabaseUser == props.DatabaseUser =>
                $"PlanDatabaseUser: '{props.PlanDatabaseUser}' is also DatabaseUser; planning must not run as the user that changes "
                    + "the schema",
            { MemorySizeMiB: < 128 or > 10240 } => $"MemorySizeMiB: {props.MemorySizeMiB} is out of range; expected 128 to 10240",
            { TimeoutMinutes: < 1 or > 15 } => $"TimeoutMinutes: {props.TimeoutMinutes} is out of range; expected 1 to 15",
            { DriftCheck: not null, Notifications: null } => "Notifications: required with DriftCheck (where a drift is told)",
            { RevisionsLockDays: < 1 or > 36500 } => $"RevisionsLockDays: {props.RevisionsLockDays} is out of range; expected 1 to 36500",
            { RevisionsInfrequentAccessAfterDays: < 30 } =>
                $"RevisionsInfrequentAccessAfterDays: {props.RevisionsInfrequentAccessAfterDays} must be at least 30 (S3's minimum "
                    + "for Infrequent Access)",
            { S3PrefixListId: { } pl } when !pl.StartsWith("pl-", StringComparison.Ordinal) =>
                $"S3PrefixListId: '{pl}' is not a prefix list id (pl-...)",
            _ => null,
        };
        if (problem is not null)
            throw new ArgumentException($"SchemaMigrationFunction {id}: {problem}", nameof(props));
        if (ReferenceEquals(props.Source, props.Target))
            throw new ArgumentException($"SchemaMigrationFunction {id}: Source and Target are the same database", nameof(props));
        // Its code calls S3 (the revisions bucket); the databases are in the VPC.
        PropProblem.ThrowIfAny(
            Reachability.FindProblem(
                nameof(props.Reach),
                "the schema migration function",
                Reachability.LambdaFunction(NetworkReach.S3),
                reach
            ),
            nameof(SchemaMigrationFunction),
            id
        );
    }
}
