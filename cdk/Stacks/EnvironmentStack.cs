using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using Infra.App.Config;
using Infra.Constructs.Database;
using Infra.Constructs.Migration;
using Infra.Constructs.Monitoring;
using Infra.Constructs.Service;

namespace Infra.App.Stacks;

/// <summary>One environment: its alarm topic, PostgreSQL database and web service (the migration function arrives with its
/// issue).</summary>
public sealed class EnvironmentStack : Stack
{
    /// <summary>Name of the stack parameter holding the image tag. The release sets it; every other deploy keeps its previous
    /// value.</summary>
    public const string ImageTagParameterName = "ImageTag";

    /// <summary>The role developers assume to reach this environment's database through the service (where it runs the app's
    /// migrations).</summary>
    public Role? DeveloperRole { get; private set; }

    /// <summary>The migration functions' names end in this (plan-only: with "-plan" after it), after the stack's name.</summary>
    public const string SchemaSyncFunctionSuffix = "schema-sync";

    /// <summary>The environment this stack deploys.</summary>
    public EnvironmentConfig Config { get; }

    /// <summary>The tag every resource carries with its environment's name (the budget filters costs on it).</summary>
    public const string EnvironmentTag = "environment";

    /// <summary>The output naming the app's health URL, which the release's smoke check calls.</summary>
    public const string HealthUrlOutput = "HealthUrl";

    /// <summary>The topic every alarm of the environment notifies.</summary>
    public AlarmTopic Alarms { get; }

    /// <summary>The environment's database.</summary>
    public PostgresDatabase Database { get; }

    /// <summary>The environment's web service, on Fargate; null when the app runs on Lambda.</summary>
    public WebService? Service { get; }

    /// <summary>The environment's web function, on Lambda (<c>service.platform: lambda</c>); null on Fargate.</summary>
    public WebFunction? Function { get; }

    /// <summary>The deploy-time step that creates the database users before the service starts.</summary>
    public DatabaseUsersBootstrap Users { get; }

    /// <summary>The schema migration function, when this environment is the migration's target.</summary>
    public SchemaMigrationFunction? Migration { get; private set; }

    /// <summary>Creates the stack for <paramref name="environment"/>, placed in <paramref name="shared"/>'s network.</summary>
    /// <param name="scope">The app.</param>
    /// <param name="id">The stack's id and name.</param>
    /// <param name="environment">The environment's settings.</param>
    /// <param name="shared">The shared stack holding the network and image repository.</param>
    /// <param name="functionCode">The lambda-src/MigrationFunction package (it also holds the user bootstrap runner).</param>
    /// <param name="props">Stack properties.</param>
    public EnvironmentStack(
        Construct scope,
        string id,
        EnvironmentConfig environment,
        SharedStack shared,
        Code functionCode,
        IStackProps props
    )
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(shared);
        Config = environment;
        var network = shared.Network;

        Alarms = new AlarmTopic(this, "Alarms", new AlarmTopicProps { EmailSubscriptions = environment.AlarmEmails });
        if (environment.Slack is { } slack)
            _ = new SlackNotifications(
                this,
                "Slack",
                new SlackNotificationsProps
                {
                    WorkspaceId = slack.WorkspaceId,
                    ChannelId = slack.ChannelId,
                    Topic = Alarms,
                }
            );
        if (environment.Budget is { } budget)
            _ = new CostBudget(
                this,
                "Budget",
                new CostBudgetProps
                {
                    MonthlyUsd = budget.MonthlyUsd,
                    AlertPercent = budget.AlertPercent,
                    MaxIncreaseUsd = budget.MaxIncreaseUsd,
                    CostTag = (EnvironmentTag, environment.Name),
                    Topic = Alarms,
                }
            );

        Database = new PostgresDatabase(
            this,
            "Database",
            new PostgresDatabaseProps
            {
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                AlarmTopic = Alarms.Topic,
                Settings = environment.Database,
            }
        );

        Users = new DatabaseUsersBootstrap(
            this,
            "DatabaseUsers",
            new DatabaseUsersBootstrapProps
            {
                Database = Database,
                Vpc = network.Vpc,
                Subnets = network.PrivateSubnets,
                Code = functionCode,
            }
        );

        // `cdk deploy` reuses a parameter's previous value unless told otherwise, so an infrastructure-only deploy keeps
        // the running image; the empty default lets the very first deploy succeed with no image at all.
        var imageTag = new CfnParameter(
            this,
            ImageTagParameterName,
            new CfnParameterProps
            {
                Type = "String",
                Default = "",
                AllowedPattern = "^$|^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$",
                Description = "Immutable image tag (git SHA) of the service; set by the release, kept by every other deploy",
            }
        );

        // Where and as whom to connect; the password is a fresh IAM token the app signs per connection.
        var appEnvironment = new Dictionary<string, string>
        {
            [PlatformVariables.DbHost] = Database.Endpoint,
            [PlatformVariables.DbPort] = Database.Port.ToString(CultureInfo.InvariantCulture),
            [PlatformVariables.DbName] = Database.DatabaseName,
            [PlatformVariables.DbUser] = DatabaseUsers.App,
            [PlatformVariables.DbSslMode] = "verify-full",
        };
        if (environment.Function is { } functionSettings)
        {
            // The same image, database user and variables on Lambda; no ALB, no task, no idle cost.
            Function = new WebFunction(
                this,
                "Function",
                new WebFunctionProps
                {
                    Vpc = network.Vpc,
                    Subnets = network.PrivateSubnets,
                    Repository = shared.Images.Repository,
                    ImageTag = imageTag.ValueAsString,
                    Environment = appEnvironment,
                    App = environment.App ?? new(),
                    DatabaseInstanceClass = environment.Database.InstanceClass,
                    AlarmTopic = Alarms.Topic,
                    Settings = functionSettings,
                }
            );
            Database.GrantConnect(Function.Role, DatabaseUsers.App);
            // The app's user must exist before the first version runs.
            Function.Function.Node.AddDependency(Users.Resource);
            Function.SecurityGroup.Connections.AllowToDefaultPort(Database.Connections, "the web function connects to PostgreSQL");
        }
        else if (environment.Service is { } serviceSettings)
        {
            Service = CreateService(serviceSettings, environment.App ?? new(), shared, network, imageTag.ValueAsString, appEnvironment);
        }

        if (environment.Schedule is { } schedule)
            _ = new SleepSchedule(
                this,
                "Sleep",
                new SleepScheduleProps
                {
                    WakeHour = schedule.WakeHour,
                    SleepHour = schedule.SleepHour,
                    Days = schedule.Days,
                    TimeZone = schedule.TimeZone,
                    Service = Service,
                    DesiredCount = environment.Service?.DesiredCount ?? 1,
                    Database = Database,
                }
            );
        _ = new EnvironmentDashboard(
            this,
            "Dashboard",
            new EnvironmentDashboardProps
            {
                Service = Service,
                Function = Function,
                Database = Database,
            }
        );
        _ = new DeployNotifications(
            this,
            "DeployNotifications",
            new DeployNotificationsProps
            {
                Topic = Alarms,
                Service = Service?.Service,
                Deployment = Function?.Deployment,
                DeploymentCondition = Function?.HasImage,
            }
        );

        // The release's smoke check (scripts/ci/smoke-check) asks this output where the app answers.
        if ((Function?.HealthUrl ?? Service?.HealthUrl) is { } healthUrl)
        {
            var output = new CfnOutput(
                this,
                HealthUrlOutput,
                new CfnOutputProps { Value = healthUrl, Description = "The app's health path through its public endpoint" }
            );
            if (Function is not null)
                output.Condition = Function.HasImage;
        }

        AddDependency(shared, "environment resources live in the shared network");
        if (shared.GitHub is { } github)
            CiRoles = ImportCiRoles(github.RoleNames);
    }

    /// <summary>The app on Fargate behind the load balancer (<c>service.platform: fargate</c>, the default).</summary>
    private WebService CreateService(
        WebServiceSettings settings,
        AppSettings app,
        SharedStack shared,
        Infra.Constructs.Network.Network network,
        string imageTag,
        Dictionary<string, string> appEnvironment
    )
    {
        var service = new WebService(
            this,
            "Service",
            new WebServiceProps
            {
                Vpc = network.Vpc,
                PublicSubnets = network.PublicSubnets,
                PrivateSubnets = network.PrivateSubnets,
                Repository = shared.Images.Repository,
                DeletionProtection = Config.TerminationProtection,
                ImageTag = imageTag,
                Environment = appEnvironment,
                App = app,
                // The app team's migrations (where this environment runs them) connect as the schema's owner, as the
                // migration function does in PROD: ownership and default privileges come out the same in both.
                MigrationEnvironment = new Dictionary<string, string> { [PlatformVariables.DbUser] = DatabaseUsers.SchemaSync },
                AlarmTopic = Alarms.Topic,
                Settings = settings,
            }
        );
        Database.GrantConnect(service.TaskRole, DatabaseUsers.App);
        if (settings.MigrationCommand is not null)
        {
            // ECS has no per-container role: the task role signs schema_sync's token for the Migrate container. Only
            // in an environment that runs the app's migrations (never the migration target: config refuses it).
            Database.GrantConnect(service.TaskRole, DatabaseUsers.SchemaSync);
            // People change DEV's schema the same way, through a port forward into the service's task (ECS Exec).
            if (settings.EnableExecuteCommand)
                DeveloperRole = new DatabaseTunnelRole(
                    this,
                    "DatabaseTunnel",
                    service,
                    Database,
                    DatabaseUsers.SchemaSync,
                    $"{StackName}-developer"
                ).Role;
        }
        // The app's user must exist before the first task connects.
        service.Service.Node.AddDependency(Users.Resource);
        // Written from the consumer's side: the reverse direction makes a cyclic reference across constructs.
        service.Connections.AllowToDefaultPort(Database.Connections, "the service connects to PostgreSQL");
        // The tasks' group already allows all outbound traffic (image pulls, AWS APIs), so CDK skips the egress half of
        // that rule and warns on every synth; the database's ingress half is the one that matters.
        Annotations.Of(service).AcknowledgeWarning("@aws-cdk/aws-ec2:ipv4IgnoreEgressRule", "the tasks may already reach any address");
        return service;
    }

    /// <summary>The CI roles (pull request, dev, production) as this stack grants to them, or null without GitHub configuration.</summary>
    public (IRole PullRequest, IRole Dev, IRole Production)? CiRoles { get; }

    /// <summary>
    /// Imports the CI roles by name, so this stack can grant them what they do here beyond CloudFormation (invoking
    /// the migration functions) while the shared stack never depends on an environment stack. Waiting for the
    /// service needs no grant: CloudFormation completes the update only once the ECS deployment is stable.
    /// </summary>
    private (IRole, IRole, IRole) ImportCiRoles((string PullRequest, string Dev, string Production) names)
    {
        IRole Import(string id, string name) => Role.FromRoleName(this, id, name, new FromRoleNameOptions { Mutable = true });
        return (
            Import("GitHubPullRequestRole", names.PullRequest),
            Import("GitHubDevRole", names.Dev),
            Import("GitHubProductionRole", names.Production)
        );
    }

    /// <summary>Adds the function that syncs <paramref name="source"/>'s schema to this environment's database.</summary>
    public SchemaMigrationFunction AddSchemaMigration(EnvironmentStack source, SharedStack shared, Code code, MigrationConfig migration)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(migration);
        Migration = new SchemaMigrationFunction(
            this,
            "SchemaMigration",
            new SchemaMigrationFunctionProps
            {
                Vpc = shared.Network.Vpc,
                Subnets = shared.Network.PrivateSubnets,
                Source = source.Database,
                Target = Database,
                Code = code,
                S3PrefixListId = migration.S3PrefixListId,
                DriftCheck = migration.DriftCheck is { } expression ? Amazon.CDK.AWS.Events.Schedule.Expression(expression) : null,
                Notifications = Alarms,
                // Fixed names CI calls (release.yml, pull-request.yml): <stack>-schema-sync and <stack>-schema-sync-plan.
                FunctionName = $"{StackName}-{SchemaSyncFunctionSuffix}",
                PlanFunctionName = $"{StackName}-{SchemaSyncFunctionSuffix}-plan",
            }
        );
        if (CiRoles is var (pullRequest, dev, production))
        {
            // Plans are shown on pull requests and made by the release from the deploy branch; only the approved
            // production job applies.
            Migration.GrantInvokePlan(pullRequest);
            Migration.GrantInvokePlan(dev);
            Migration.GrantInvokePlan(production);
            Migration.GrantInvoke(production);
        }
        // The function reads the source's database: that stack deploys first.
        AddDependency(source, "the migration function reads the source environment's database");
        return Migration;
    }
}
