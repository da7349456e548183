using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Route53.Targets;
using Amazon.CDK.AWS.S3;
using Constructs;
using Infra.Constructs.Validation;
using HealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace Infra.Constructs.Service;

/// <summary>
/// A Fargate service behind an internet-facing Application Load Balancer, tuned for fast, safe rolling deploys:
/// a short deregistration delay, quick health checks, 100 %/200 % deploy bounds and the circuit breaker with rollback.
/// The image comes from the shared repository by immutable tag; with no tag yet the service runs no task.
/// </summary>
public sealed class WebService : Construct
{
    /// <summary>Placeholder tag in the task definition while no image exists; no task ever runs with it (desired count 0).</summary>
    public const string NoImageTag = "no-image-yet";

    /// <summary>The ECS service.</summary>
    public FargateService Service { get; }

    /// <summary>The role the application's code runs as: grant it what the app needs (for example <c>db.GrantConnect</c>).</summary>
    public IRole TaskRole { get; }

    /// <summary>The load balancer.</summary>
    public IApplicationLoadBalancer LoadBalancer { get; }

    /// <summary>The target group, with the deregistration delay and health check.</summary>
    public ApplicationTargetGroup TargetGroup { get; }

    /// <summary>The tasks' network paths: use <c>Connections.AllowToDefaultPort(database)</c> to reach a database.</summary>
    public Connections_ Connections => Service.Connections;

    /// <summary>
    /// Where the app's health path answers from the internet, with a name its certificate proves: <c>https://domain</c>
    /// with a domain, <c>http://</c> the load balancer's name without TLS; null with a certificate but no domain (the
    /// load balancer's own name is not the certificate's).
    /// </summary>
    public string? HealthUrl { get; }

    /// <summary>The container's log group.</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>The bucket receiving the load balancer's access logs.</summary>
    public IBucket AccessLogBucket { get; }

    /// <summary>Alarms on target 5xx, load-balancer 5xx, unhealthy targets and CPU.</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    /// <summary>Creates the service.</summary>
    /// <exception cref="ArgumentException">When a prop is invalid; the message names it and echoes the value.</exception>
    public WebService(Construct scope, string id, WebServiceProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var reach = props.Reach ?? Network.NetworkReach.Of(props.Vpc);
        PropProblem.ThrowIfAny(
            WebServicePropsValidation.FindProblem(settings)
                ?? WebServicePropsValidation.FindPlacementProblem(settings, reach)
                ?? props.App.FindProblem(props.Environment.Keys.ToHashSet(StringComparer.Ordinal))?.Under(nameof(props.App)),
            nameof(WebService),
            id
        );
        AppSecretSources.Record(this, Network.Reachability.Workloads.WebService, props.App);
        if (settings.Placement == TaskPlacement.Private)
            Network.Reachability.Record(
                this,
                Network.Reachability.Workloads.WebService,
                Network.Reachability.FargateTask(settings.EnableExecuteCommand),
                reach!
            );

        // An empty tag means the repository has no image yet: deploy the service with no task instead of failing.
        var hasImage = new CfnCondition(
            this,
            "HasImage",
            new CfnConditionProps { Expression = Fn.ConditionNot(Fn.ConditionEquals(props.ImageTag, "")) }
        );
        string IfImage(string value, string otherwise) => Fn.ConditionIf(hasImage.LogicalId, value, otherwise).ToString()!;
        // Numbers go in as raw Fn::If: jsii cannot marshal the condition-expression proxy as a plain override value.
        object CountIfImage(int count) => new Dictionary<string, object> { ["Fn::If"] = new object[] { hasImage.LogicalId, count, 0 } };

        LogGroup = new LogGroup(
            this,
            "Logs",
            new LogGroupProps { Retention = settings.LogRetention, RemovalPolicy = RemovalPolicy.RETAIN }
        );
        var cluster = new Cluster(
            this,
            "Cluster",
            new ClusterProps
            {
                Vpc = props.Vpc,
                ContainerInsights = true,
                // Sessions log to the service's own log group: without this, CDK grants the task role PutLogEvents on
                // every log group in the account (another environment's included).
                ExecuteCommandConfiguration = settings.EnableExecuteCommand
                    ? new ExecuteCommandConfiguration
                    {
                        Logging = ExecuteCommandLogging.OVERRIDE,
                        LogConfiguration = new ExecuteCommandLogConfiguration { CloudWatchLogGroup = LogGroup },
                    }
                    : null,
            }
        );

        var taskDefinition = new FargateTaskDefinition(
            this,
            "Task",
            new FargateTaskDefinitionProps
            {
                Cpu = settings.Cpu,
                MemoryLimitMiB = settings.MemoryMiB,
                RuntimePlatform = new RuntimePlatform
                {
                    CpuArchitecture = settings.Arm64 ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64,
                    OperatingSystemFamily = OperatingSystemFamily.LINUX,
                },
            }
        );
        var app = taskDefinition.AddContainer(
            "App",
            new ContainerDefinitionOptions
            {
                Image = ContainerImage.FromEcrRepository(props.Repository, IfImage(props.ImageTag, NoImageTag)),
                PortMappings = [new PortMapping { ContainerPort = settings.ContainerPort }],
                Environment = props.Environment.Concat(props.App.Variables).ToDictionary(kv => kv.Key, kv => kv.Value),
                // ECS reads each value with the execution role when the task starts; the template holds references only.
                Secrets = AppSecretSources.Import(this, props.App).ToDictionary(s => s.Secret.Variable, s => s.Source),
                Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { StreamPrefix = "app", LogGroup = LogGroup }),
                StopTimeout = Duration.Seconds(settings.StopTimeoutSeconds),
                User = settings.RunAsUser,
                ReadonlyRootFilesystem = settings.ReadOnlyRootFilesystem,
                // The task's memory is the container's hard limit too: the kernel, not Fargate, ends a runaway process.
                MemoryLimitMiB = settings.MemoryMiB,
            }
        );
        AppSecretSources.GrantDecrypt(taskDefinition.ObtainExecutionRole(), props.App);
        ContainerDefinition? migrate = null;
        if (settings.MigrationCommand is { } command)
        {
            // Same image, same tag: the migrations the new code expects run before the new code starts.
            migrate = taskDefinition.AddContainer(
                "Migrate",
                new ContainerDefinitionOptions
                {
                    Image = ContainerImage.FromEcrRepository(props.Repository, IfImage(props.ImageTag, NoImageTag)),
                    Command = [.. command],
                    Essential = false,
                    Environment = props
                        .Environment.Concat(props.MigrationEnvironment)
                        .GroupBy(kv => kv.Key)
                        .ToDictionary(g => g.Key, g => g.Last().Value),
                    Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { StreamPrefix = "migrate", LogGroup = LogGroup }),
                    User = settings.RunAsUser,
                    ReadonlyRootFilesystem = settings.ReadOnlyRootFilesystem,
                    MemoryLimitMiB = settings.MemoryMiB,
                }
            );
            app.AddContainerDependencies(new ContainerDependency { Container = migrate, Condition = ContainerDependencyCondition.SUCCESS });
        }
        if (settings.ReadOnlyRootFilesystem)
            MountScratchSpace(taskDefinition, migrate is null ? [app] : [app, migrate]);
        TaskRole = taskDefinition.TaskRole;

        var (loadBalancer, targetGroup) = CreateLoadBalancer(props.Vpc, props.PublicSubnets, settings, props.DeletionProtection);
        LoadBalancer = loadBalancer;
        HealthUrl =
            settings.DomainName is { } domainName ? $"https://{domainName}{settings.HealthCheckPath}"
            : settings.CertificateArn is null ? $"http://{loadBalancer.LoadBalancerDnsName}{settings.HealthCheckPath}"
            : null;
        TargetGroup = targetGroup;
        AccessLogBucket = CreateAccessLogBucket(settings);
        loadBalancer.LogAccessLogs(AccessLogBucket, "alb");

        var alarms = CreateTrafficAlarms(settings, loadBalancer, targetGroup);
        Service = new FargateService(
            this,
            "Resource",
            new FargateServiceProps
            {
                Cluster = cluster,
                TaskDefinition = taskDefinition,
                DesiredCount = settings.DesiredCount,
                VpcSubnets = settings.Placement == TaskPlacement.Public ? props.PublicSubnets : props.PrivateSubnets,
                AssignPublicIp = settings.Placement == TaskPlacement.Public,
                MinHealthyPercent = settings.MinHealthyPercent,
                MaxHealthyPercent = settings.MaxHealthyPercent,
                CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
                DeploymentAlarms = settings.RollbackOnAlarms
                    ? new DeploymentAlarmConfig
                    {
                        AlarmNames = [.. alarms.Select(a => a.AlarmName)],
                        Behavior = AlarmBehavior.ROLLBACK_ON_ALARM,
                    }
                    : null,
                HealthCheckGracePeriod = Duration.Seconds(settings.HealthCheckGracePeriodSeconds),
                EnableExecuteCommand = settings.EnableExecuteCommand,
                PropagateTags = PropagatedTagSource.SERVICE,
            }
        );
        ((CfnService)Service.Node.DefaultChild!).AddPropertyOverride("DesiredCount", CountIfImage(settings.DesiredCount));
        if (settings.Placement == TaskPlacement.Public)
            ComplianceWaivers.PublicTaskAddress.ApplyTo(Service);
        Service.AttachToApplicationTargetGroup(targetGroup);

        var maxCount = settings.MaxCount ?? settings.DesiredCount;
        if (maxCount > settings.DesiredCount)
        {
            var scaling = Service.AutoScaleTaskCount(
                new EnableScalingProps { MinCapacity = settings.DesiredCount, MaxCapacity = maxCount }
            );
            scaling.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps { TargetUtilizationPercent = settings.TargetCpuPercent });
            // Scaling must not start tasks before an image exists either.
            var target = scaling.Node.FindAll().OfType<CfnScalableTarget>().Single();
            target.AddPropertyOverride("MinCapacity", CountIfImage(settings.DesiredCount));
            target.AddPropertyOverride("MaxCapacity", CountIfImage(maxCount));
        }

        alarms.Add(
            Service
                .MetricCpuUtilization(new MetricOptions { Period = Duration.Minutes(5) })
                .CreateAlarm(
                    this,
                    "CpuHigh",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = "Service CPU above 85 % for 15 minutes",
                        Threshold = 85,
                        EvaluationPeriods = 3,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }
                )
        );
        alarms.Add(
            Service
                .MetricMemoryUtilization(new MetricOptions { Period = Duration.Minutes(5) })
                .CreateAlarm(
                    this,
                    "MemoryHigh",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = $"Service memory above {settings.MemoryAlarmPercent} % for 15 minutes",
                        Threshold = settings.MemoryAlarmPercent,
                        EvaluationPeriods = 3,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }
                )
        );
        alarms.Add(
            targetGroup
                .Metrics.TargetResponseTime(new MetricOptions { Period = Duration.Minutes(5), Statistic = "p99" })
                .CreateAlarm(
                    this,
                    "LatencyP99High",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = $"p99 response time above {settings.LatencyP99AlarmMs} ms for 15 minutes",
                        // TargetResponseTime is in seconds.
                        Threshold = settings.LatencyP99AlarmMs / 1000d,
                        EvaluationPeriods = 3,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }
                )
        );
        if (props.AlarmTopic is { } topic)
            alarms.ForEach(alarm => alarm.AddAlarmAction(new SnsAction(topic)));
        Alarms = alarms;

        SuppressFindings(props, taskDefinition);
    }

    private (ApplicationLoadBalancer, ApplicationTargetGroup) CreateLoadBalancer(
        IVpc vpc,
        SubnetSelection subnets,
        WebServiceSettings settings,
        bool deletionProtection
    )
    {
        var securityGroup = new SecurityGroup(
            this,
            "LoadBalancerSecurityGroup",
            new SecurityGroupProps
            {
                Vpc = vpc,
                Description = "Load balancer: HTTP(S) from the allowed CIDRs",
                AllowAllOutbound = false,
            }
        );
        var domain = PublicDomain.Of(this, settings.DomainName, settings.CertificateArn, settings.HostedZoneId);
        var certificate = domain?.Certificate
            ?? (settings.CertificateArn is { } arn ? Certificate.FromCertificateArn(this, "Certificate", arn) : null);
        var ports = certificate is null ? new[] { 80 } : [80, 443];
        foreach (var cidr in settings.AllowedCidrs)
        {
            foreach (var port in ports)
                securityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.Tcp(port), $"HTTP{(port == 443 ? "S" : "")} from {cidr}");
        }
        if (settings.AllowedCidrs.Contains("0.0.0.0/0"))
            NagSuppressions.Add(
                securityGroup,
                "AwsSolutions-EC23",
                "The load balancer is the public web endpoint; AllowedCidrs narrows it when the service is not public."
            );

        var loadBalancer = new ApplicationLoadBalancer(
            this,
            "LoadBalancer",
            new ApplicationLoadBalancerProps
            {
                Vpc = vpc,
                VpcSubnets = subnets,
                InternetFacing = true,
                SecurityGroup = securityGroup,
                DropInvalidHeaderFields = true,
                DeletionProtection = deletionProtection,
            }
        );
        Waiver.ApplyAll(
            loadBalancer,
            deletionProtection ? [ComplianceWaivers.NoWebAcl] : [ComplianceWaivers.NoWebAcl, ComplianceWaivers.DeletableLoadBalancer]
        );
        var targetGroup = new ApplicationTargetGroup(
            this,
            "Targets",
            new ApplicationTargetGroupProps
            {
                Vpc = vpc,
                Port = settings.ContainerPort,
                Protocol = ApplicationProtocol.HTTP,
                TargetType = TargetType.IP,
                DeregistrationDelay = Duration.Seconds(settings.DeregistrationDelaySeconds),
                HealthCheck = new HealthCheck
                {
                    Path = settings.HealthCheckPath,
                    Interval = Duration.Seconds(settings.HealthCheckIntervalSeconds),
                    Timeout = Duration.Seconds(settings.HealthCheckTimeoutSeconds),
                    HealthyThresholdCount = settings.HealthyThresholdCount,
                    UnhealthyThresholdCount = settings.UnhealthyThresholdCount,
                    HealthyHttpCodes = "200-399",
                },
            }
        );

        domain?.PointAt(new LoadBalancerTarget(loadBalancer));
        if (certificate is not null)
        {
            loadBalancer.AddListener(
                "Https",
                new BaseApplicationListenerProps
                {
                    Port = 443,
                    Open = false,
                    Certificates = [ListenerCertificate.FromCertificateManager(certificate)],
                    SslPolicy = SslPolicy.RECOMMENDED_TLS,
                    DefaultTargetGroups = [targetGroup],
                }
            );
            var redirect = loadBalancer.AddListener(
                "Http",
                new BaseApplicationListenerProps
                {
                    Port = 80,
                    Open = false,
                    DefaultAction = ListenerAction.Redirect(
                        new RedirectOptions
                        {
                            Protocol = "HTTPS",
                            Port = "443",
                            Permanent = true,
                        }
                    ),
                }
            );
            ComplianceWaivers.RedirectListener.ApplyTo(redirect);
        }
        else
        {
            var plain = loadBalancer.AddListener(
                "Http",
                new BaseApplicationListenerProps
                {
                    Port = 80,
                    Open = false,
                    DefaultTargetGroups = [targetGroup],
                }
            );
            ComplianceWaivers.PlainHttpListener.ApplyTo(plain);
        }
        return (loadBalancer, targetGroup);
    }

    /// <summary>With a read-only root file system, <c>/tmp</c> is a volume on the task's own ephemeral storage.</summary>
    private static void MountScratchSpace(FargateTaskDefinition taskDefinition, ContainerDefinition[] containers)
    {
        const string volume = "tmp";
        taskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume { Name = volume });
        foreach (var container in containers)
            container.AddMountPoints(
                new MountPoint
                {
                    SourceVolume = volume,
                    ContainerPath = "/tmp",
                    ReadOnly = false,
                }
            );
    }

    private Bucket CreateAccessLogBucket(WebServiceSettings settings)
    {
        var bucket = new Bucket(
            this,
            "AccessLogs",
            new BucketProps
            {
                // ALB access logs support SSE-S3 only, not KMS.
                Encryption = BucketEncryption.S3_MANAGED,
                EnforceSSL = true,
                BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
                ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
                LifecycleRules = [new Amazon.CDK.AWS.S3.LifecycleRule { Expiration = Duration.Days(settings.AccessLogRetentionDays) }],
                RemovalPolicy = RemovalPolicy.RETAIN,
            }
        );
        Waiver.ApplyAll(bucket, ComplianceWaivers.AccessLogBucket);
        return bucket;
    }

    private List<Alarm> CreateTrafficAlarms(
        WebServiceSettings settings,
        ApplicationLoadBalancer loadBalancer,
        ApplicationTargetGroup targetGroup
    )
    {
        var oneMinuteSum = new MetricOptions { Period = Duration.Minutes(1), Statistic = "Sum" };
        return
        [
            targetGroup
                .Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, oneMinuteSum)
                .CreateAlarm(
                    this,
                    "Target5xx",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = "The application answered 5xx more than 5 times a minute, 3 minutes running",
                        Threshold = 5,
                        EvaluationPeriods = 3,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }
                ),
            loadBalancer
                .Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, oneMinuteSum)
                .CreateAlarm(
                    this,
                    "LoadBalancer5xx",
                    new CreateAlarmOptions
                    {
                        AlarmDescription =
                            "The load balancer answered 5xx (no healthy target, timeouts) more than 5 times a minute, 3 minutes running",
                        Threshold = 5,
                        EvaluationPeriods = 3,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }
                ),
            targetGroup
                .Metrics.UnhealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" })
                .CreateAlarm(
                    this,
                    "UnhealthyTargets",
                    new CreateAlarmOptions
                    {
                        AlarmDescription = $"A target failed its health check ({settings.HealthCheckPath}) for 3 minutes",
                        Threshold = 1,
                        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                        EvaluationPeriods = 3,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }
                ),
        ];
    }

    private void SuppressFindings(WebServiceProps props, FargateTaskDefinition taskDefinition)
    {
        if (props.Environment.Count > 0)
            NagSuppressions.Add(
                taskDefinition,
                "AwsSolutions-ECS2",
                "Only non-secret settings (database host, port, name and IAM user) are plain variables; the database password does "
                    + "not exist (IAM auth)."
            );
        if (taskDefinition.ExecutionRole?.Node.TryFindChild("DefaultPolicy") is Policy executionPolicy)
            NagSuppressions.Add(
                executionPolicy,
                "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken has no resource-level permission; image pulls and log writes name their repository and log "
                    + "group.",
                "Resource::*"
            );
        if (props.Settings.EnableExecuteCommand && taskDefinition.TaskRole.Node.TryFindChild("DefaultPolicy") is Policy taskPolicy)
        {
            NagSuppressions.Add(
                taskPolicy,
                "AwsSolutions-IAM5",
                "ECS Exec's ssmmessages channel actions have no resource-level permission (opt-in, for debugging).",
                "Resource::*"
            );
            NagSuppressions.AddMatching(
                taskPolicy,
                "AwsSolutions-IAM5",
                "ECS Exec writes session logs as streams it names itself, in the service's own log group only.",
                "/^Resource::arn:[^:]+:logs:[^:]+:[^:]+:log-group:<[A-Za-z0-9]+>:\\*$/"
            );
        }
    }
}
