using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.CodeDeploy;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Route53.Targets;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using Infra.Constructs.Bundling;
using Infra.Constructs.Network;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Service;

/// <summary>
/// The app on Lambda from the same container image as <see cref="WebService"/>, for environments with little traffic
/// (no idle cost: no load balancer, no public IPv4, no task). The image runs unchanged: the AWS Lambda Web Adapter
/// extension in it turns invocations into HTTP requests to the app's port. A deploy publishes a version when the image
/// tag or anything else the version freezes changes (and never otherwise), and CodeDeploy shifts the <c>live</c> alias
/// to it (all at once, canary or linear), rolling back on the alias's errors or the endpoint's 5xx. An HTTP API fronts
/// the alias. With an empty tag (first deploy, no image yet) the function and everything that refers to it are left
/// out by one condition.
/// </summary>
public sealed class WebFunction : Construct
{
    /// <summary>The alias the endpoint invokes and CodeDeploy shifts.</summary>
    public const string AliasName = "live";

    /// <summary>
    /// The variable naming the app's secrets on Lambda, as JSON: <c>{"VARIABLE": {"store": "ssm", "name": "/prod/db"},
    /// "OTHER": {"store": "secretsmanager", "name": "prod/stripe", "jsonKey": "key"}}</c>. The app reads each value when it
    /// starts (one SDK call per secret, with the function's role, granted exactly those) and sets the variable. Chosen
    /// over resolving values into the function's environment (they would show in its configuration to anyone who may
    /// read it) and over the Parameters and Secrets extension (an image function takes no layers: it would have to be
    /// built into the app's image, and the app would still call it). On Fargate, ECS sets the variables itself.
    /// </summary>
    public const string SecretsVariable = "APP_SECRETS";

    /// <summary>The variables the function sets itself; the app's own may not take these names.</summary>
    public static readonly IReadOnlySet<string> OwnVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS_LWA_PORT",
        "AWS_LWA_READINESS_CHECK_PATH",
        "DB_POOL_SIZE",
        SecretsVariable,
    };

    /// <summary>The function (present only when the image tag is not empty).</summary>
    public DockerImageFunction Function { get; }

    /// <summary>The version of this deploy's image and configuration.</summary>
    public Version_ Version { get; }

    /// <summary>Where the app's health path answers through the endpoint (the custom domain, or the API's URL).</summary>
    public string HealthUrl { get; }

    /// <summary>True when the image tag is not empty: the function, and all that refers to it, exist only then.</summary>
    public CfnCondition HasImage { get; }

    /// <summary>The alias traffic goes through.</summary>
    public Alias Alias { get; }

    /// <summary>The HTTP API in front of the alias.</summary>
    public HttpApi Api { get; }

    /// <summary>The execution role: grant it what the app needs (for example <c>rds-db:connect</c> as <c>app</c>).</summary>
    public IRole Role { get; }

    /// <summary>Its security group: allow it to the database.</summary>
    public ISecurityGroup SecurityGroup { get; }

    /// <summary>The deployment group shifting the alias.</summary>
    public LambdaDeploymentGroup Deployment { get; }

    /// <summary>Alarms that roll a release back: the alias's errors and the endpoint's 5xx.</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    /// <summary>The endpoint's p99 latency above <see cref="WebFunctionSettings.LatencyP99AlarmMs"/> (notifies only).</summary>
    public Alarm LatencyAlarm { get; }

    /// <summary>Creates the function, its version, alias, deployment group and endpoint.</summary>
    /// <exception cref="ArgumentException">When a prop is invalid; the message names it and echoes the value.</exception>
    public WebFunction(Construct scope, string id, WebFunctionProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        // The app's own code reaches only the database (in the VPC); Lambda delivers code, logs and credentials.
        var reach = props.Reach ?? NetworkReach.Of(props.Vpc);
        PropProblem.ThrowIfAny(
            WebFunctionPropsValidation.FindProblem(settings)
                ?? WebFunctionPropsValidation.FindConnectionProblem(settings, props.DatabaseInstanceClass)
                ?? props
                    .App.FindProblem(OwnVariables.Concat(props.Environment.Keys).ToHashSet(StringComparer.Ordinal))
                    ?.Under(nameof(props.App))
                ?? Reachability.FindProblem(nameof(props.Reach), "the web function", Reachability.LambdaFunction(), reach),
            nameof(WebFunction),
            id
        );

        Reachability.Record(this, Reachability.Workloads.WebFunction, Reachability.LambdaFunction(), reach!);
        AppSecretSources.Record(this, Reachability.Workloads.WebFunction, props.App);
        var hasImage = new CfnCondition(
            this,
            "HasImage",
            new CfnConditionProps { Expression = Fn.ConditionNot(Fn.ConditionEquals(props.ImageTag, "")) }
        );
        SecurityGroup = new SecurityGroup(
            this,
            "SecurityGroup",
            new SecurityGroupProps
            {
                Vpc = props.Vpc,
                Description = "Web function: reaches only what is allowed to it (the database)",
                AllowAllOutbound = false,
            }
        );
        var logs = new LogGroup(
            this,
            "Logs",
            new LogGroupProps { Retention = settings.LogRetention, RemovalPolicy = RemovalPolicy.RETAIN }
        );
        var role = VpcFunctionRole.Create(
            this,
            logs,
            "Web function: logs, VPC network interfaces, the image; database access is granted by the stack"
        );
        Role = role;

        Function = new DockerImageFunction(
            this,
            "Function",
            new DockerImageFunctionProps
            {
                Code = DockerImageCode.FromEcr(props.Repository, new EcrImageCodeProps { TagOrDigest = props.ImageTag }),
                Architecture = settings.Arm64 ? Architecture.ARM_64 : Architecture.X86_64,
                MemorySize = settings.MemoryMiB,
                Timeout = Duration.Seconds(settings.TimeoutSeconds),
                ReservedConcurrentExecutions = settings.MaxConcurrency,
                Role = role,
                Vpc = props.Vpc,
                VpcSubnets = props.Subnets,
                SecurityGroups = [SecurityGroup],
                LogGroup = logs,
                Environment = props
                    .Environment.Concat(props.App.Variables)
                    .Concat(
                        new Dictionary<string, string>
                        {
                            // The Web Adapter (in the image) forwards to the app's port once the readiness path answers.
                            ["AWS_LWA_PORT"] = settings.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["AWS_LWA_READINESS_CHECK_PATH"] = settings.HealthCheckPath,
                            ["DB_POOL_SIZE"] = settings.PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        }
                    )
                    .Concat(SecretReferences(props.App))
                    .ToDictionary(kv => kv.Key, kv => kv.Value),
                // A version is published when anything it freezes changes (seed 003's trap on every input): CDK's
                // current version is named after a hash of the function's resolved configuration (memory, timeout,
                // architecture, environment, role, network, image URI...), and its description carries the image tag,
                // which that hash cannot see (the template holds only a reference to the tag parameter). An unchanged
                // synth keeps both, so nothing is published. Reserved concurrency is the function's, not a version's:
                // it applies at once without one.
                CurrentVersionOptions = new VersionOptions
                {
                    Description = Fn.Join("", ["image ", props.ImageTag]),
                    RemovalPolicy = RemovalPolicy.DESTROY,
                },
            }
        );
        Waiver.ApplyAll(Function, ComplianceWaivers.PlatformFunction);
        Version = Function.CurrentVersion;
        foreach (var (_, source) in AppSecretSources.Import(this, props.App))
            source.GrantRead(role);
        AppSecretSources.GrantDecrypt(role, props.App);
        Alias = new Alias(this, "Alias", new AliasProps { AliasName = AliasName, Version = Version });

        var apiLogs = new LogGroup(
            this,
            "ApiLogs",
            new LogGroupProps { Retention = settings.LogRetention, RemovalPolicy = RemovalPolicy.RETAIN }
        );
        Api = new HttpApi(
            this,
            "Api",
            new HttpApiProps
            {
                Description = "The app on Lambda",
                CreateDefaultStage = false,
                DefaultIntegration = new HttpLambdaIntegration("Alias", Alias),
                DisableExecuteApiEndpoint = settings.DomainName is not null,
            }
        );
        var stage = new HttpStage(
            this,
            "Stage",
            new HttpStageProps
            {
                HttpApi = Api,
                StageName = "$default",
                AutoDeploy = true,
                Throttle = new ThrottleSettings { RateLimit = settings.ThrottleRateLimit, BurstLimit = settings.ThrottleBurstLimit },
            }
        );
        ((CfnStage)stage.Node.DefaultChild!).AccessLogSettings = new CfnStage.AccessLogSettingsProperty
        {
            DestinationArn = apiLogs.LogGroupArn,
            Format =
                "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"method\":\"$context.httpMethod\","
                + "\"path\":\"$context.path\",\"status\":\"$context.status\",\"latency\":\"$context.responseLatency\","
                + "\"integrationError\":\"$context.integrationErrorMessage\"}",
        };
        var conditional = new List<IConstruct> { Function, Version, Alias, Api, stage };
        if (PublicDomain.Of(this, settings.DomainName, settings.CertificateArn, settings.HostedZoneId) is { } publicDomain)
        {
            var domain = new DomainName(
                this,
                "Domain",
                new DomainNameProps
                {
                    DomainName = publicDomain.Name,
                    Certificate = publicDomain.Certificate,
                    SecurityPolicy = SecurityPolicy.TLS_1_2,
                }
            );
            conditional.Add(domain);
            if (publicDomain.PointAt(new ApiGatewayv2DomainProperties(domain.RegionalDomainName, domain.RegionalHostedZoneId)) is { } alias)
                conditional.Add(alias);
            conditional.Add(
                new ApiMapping(
                    this,
                    "Mapping",
                    new ApiMappingProps
                    {
                        Api = Api,
                        DomainName = domain,
                        Stage = stage,
                    }
                )
            );
        }

        // One failed invocation or 5xx in a minute rolls a release back.
        Alarm RollbackAlarm(string id, string description, Metric metric) =>
            new(
                this,
                id,
                new AlarmProps
                {
                    AlarmDescription = description,
                    Metric = metric,
                    Threshold = 1,
                    EvaluationPeriods = 1,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                }
            );
        var perMinute = new Amazon.CDK.AWS.CloudWatch.MetricOptions { Period = Duration.Minutes(1), Statistic = "Sum" };
        var errors = RollbackAlarm("Errors", "The live alias's invocations fail (a release rolls back)", Alias.MetricErrors(perMinute));
        // Under the Web Adapter an app's 500 is a successful invocation: only the endpoint sees it.
        var serverErrors = RollbackAlarm(
            "ServerErrors",
            "The endpoint answers 5xx (a release rolls back)",
            Api.MetricServerError(perMinute)
        );
        Alarms = [errors, serverErrors];
        // Slow, not failing: it tells, it does not roll a release back.
        LatencyAlarm = new Alarm(
            this,
            "LatencyP99High",
            new AlarmProps
            {
                AlarmDescription = $"The endpoint's p99 latency above {settings.LatencyP99AlarmMs} ms for 15 minutes",
                Metric = Api.MetricLatency(new Amazon.CDK.AWS.CloudWatch.MetricOptions { Period = Duration.Minutes(5), Statistic = "p99" }),
                Threshold = settings.LatencyP99AlarmMs,
                EvaluationPeriods = 3,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            }
        );
        if (props.AlarmTopic is { } topic)
        {
            foreach (var alarm in Alarms.Append(LatencyAlarm))
                alarm.AddAlarmAction(new SnsAction(topic));
        }
        Deployment = new LambdaDeploymentGroup(
            this,
            "Deployment",
            new LambdaDeploymentGroupProps
            {
                Alias = Alias,
                DeploymentConfig = Rollout(settings.Rollout),
                Alarms = [errors, serverErrors],
                AutoRollback = new AutoRollbackConfig
                {
                    FailedDeployment = true,
                    StoppedDeployment = true,
                    DeploymentInAlarm = true,
                },
            }
        );
        conditional.AddRange([errors, serverErrors, LatencyAlarm, Deployment]);
        var url = new CfnOutput(
            this,
            "Url",
            new CfnOutputProps
            {
                Value = settings.DomainName is { } name ? $"https://{name}" : Api.ApiEndpoint,
                Description = "The app's endpoint",
            }
        );
        url.Condition = hasImage;
        HasImage = hasImage;
        HealthUrl = (settings.DomainName is { } customDomain ? $"https://{customDomain}" : Api.ApiEndpoint) + settings.HealthCheckPath;

        // No image, no function: everything that refers to it goes with it (the role, logs and security group stay).
        foreach (var resource in conditional.SelectMany(c => c.Node.FindAll()).OfType<CfnResource>())
            resource.CfnOptions.Condition = hasImage;
        if (role.Node.TryFindChild("DefaultPolicy") is Policy policy)
            NagSuppressions.Add(
                policy,
                "AwsSolutions-IAM5",
                VpcFunctionRole.NetworkInterfaceReason
                    + "; ecr:GetAuthorizationToken (pulling the image) has no resource-level permission either.",
                "Resource::*"
            );
        if (Deployment.Role.Node.DefaultChild is CfnRole codeDeployRole)
            NagSuppressions.Add(
                codeDeployRole,
                "AwsSolutions-IAM4",
                "CodeDeploy's own service role for Lambda: AWSCodeDeployRoleForLambdaLimited allows only reading and updating "
                    + "aliases, reading the rollback alarms and publishing to CodeDeployTopic-* topics.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"
            );
        foreach (var resource in Api.Node.FindAll().OfType<CfnResource>())
        {
            if (resource is Amazon.CDK.AWS.Apigatewayv2.CfnRoute route)
                ComplianceWaivers.PublicApiRoute.ApplyTo(route);
            // Only this account's API may invoke the function (the source ARN is a joined token Guard cannot read).
            if (resource is CfnPermission permission)
                permission.SourceAccount = Stack.Of(this).Account;
        }
    }

    /// <summary><see cref="SecretsVariable"/> for <paramref name="app"/>'s secrets (references, never values); none without
    /// secrets.</summary>
    private static IEnumerable<KeyValuePair<string, string>> SecretReferences(AppSettings app)
    {
        if (app.Secrets.Count == 0)
            yield break;
        var references = app.Secrets.ToDictionary(s => s.Variable, s => s.Location);
        yield return new(SecretsVariable, System.Text.Json.JsonSerializer.Serialize(references));
    }

    private static ILambdaDeploymentConfig Rollout(LambdaRollout rollout) =>
        rollout switch
        {
            LambdaRollout.Canary10Percent5Minutes => LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
            LambdaRollout.Canary10Percent15Minutes => LambdaDeploymentConfig.CANARY_10PERCENT_15MINUTES,
            LambdaRollout.Linear10PercentEvery1Minute => LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
            LambdaRollout.Linear10PercentEvery3Minutes => LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_3MINUTES,
            _ => LambdaDeploymentConfig.ALL_AT_ONCE,
        };
}
