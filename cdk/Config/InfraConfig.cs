using Infra.Constructs.Bootstrap;
using Infra.Constructs.Database;
using Infra.Constructs.GitHub;
using Infra.Constructs.Network;
using Infra.Constructs.Registry;
using Infra.Constructs.Service;

namespace Infra.App.Config;

/// <summary>The whole app's configuration, bound once from the <c>infra</c> key of the cdk.json context.</summary>
/// <param name="Project">Lower-case name that prefixes stack names and tags every resource.</param>
/// <param name="Network">The account-level network shared by every environment.</param>
/// <param name="Registry">The image repository shared by every environment.</param>
/// <param name="Environments">The deployable environments, in the order cdk.json lists them.</param>
/// <param name="TrustLevels">The two CDK bootstraps: what the deploy branch may deploy, and what only production may.</param>
/// <param name="Migration">Which environment's schema the migration function syncs to which, or null for no function.</param>
/// <param name="GitHub">The repository CI runs in and the application repositories that push images, or null for no CI roles.</param>
public sealed record InfraConfig(
    string Project,
    NetworkProps Network,
    ImageRepositoryProps Registry,
    IReadOnlyList<EnvironmentConfig> Environments,
    TrustLevels TrustLevels,
    MigrationConfig? Migration = null,
    GitHubConfig? GitHub = null
)
{
    /// <summary>The trust level of <paramref name="environment"/>'s stack.</summary>
    public TrustLevel LevelOf(EnvironmentConfig environment) =>
        environment?.TrustLevel == TrustLevel.Dev ? TrustLevels.Dev : TrustLevels.Production;

    /// <summary>The account every environment (and so the shared stack) deploys to.</summary>
    public string Account => Environments[0].Account;

    /// <summary>The region every environment (and so the shared stack) deploys to.</summary>
    public string Region => Environments[0].Region;
}

/// <summary>One deployable environment (dev, prod, ...).</summary>
/// <param name="Name">Lower-case name, used in stack names and the <c>environment</c> tag.</param>
/// <param name="Account">12-digit AWS account id.</param>
/// <param name="Region">AWS region code.</param>
/// <param name="TerminationProtection">Whether CloudFormation refuses to delete the environment's stack.</param>
/// <param name="Database">The environment's PostgreSQL settings.</param>
/// <param name="Service">The app on Fargate (<c>service.platform: fargate</c>, the default); null on Lambda.</param>
/// <param name="AlarmEmails">Addresses subscribed to the environment's alarm topic.</param>
/// <param name="TrustLevel">The environment's trust level: <c>dev</c> (deployable from the deploy branch) or <c>production</c> (approved
/// jobs only).</param>
/// <param name="Function">The app on Lambda (<c>service.platform: lambda</c>); null on Fargate. Exactly one of the two is set.</param>
/// <param name="App">The app's own variables and secrets (<c>service.environment</c>, <c>service.secrets</c>); null for none.</param>
/// <param name="Budget">The environment's cost budget; null for none.</param>
/// <param name="Slack">The Slack channel its notifications go to; null for e-mail only.</param>
/// <param name="Schedule">When it is awake; null for always.</param>
public sealed record EnvironmentConfig(
    string Name,
    string Account,
    string Region,
    bool TerminationProtection,
    PostgresDatabaseSettings Database,
    WebServiceSettings? Service,
    IReadOnlyList<string> AlarmEmails,
    string TrustLevel,
    WebFunctionSettings? Function = null,
    AppSettings? App = null,
    BudgetConfig? Budget = null,
    SlackConfig? Slack = null,
    SleepConfig? Schedule = null
);

/// <summary>When a (dev) environment is awake (<c>schedule</c>); it sleeps the rest of the week.</summary>
/// <param name="WakeHour">The local hour it wakes on <paramref name="Days"/>.</param>
/// <param name="SleepHour">The local hour it goes to sleep on them.</param>
/// <param name="Days">EventBridge Scheduler's day-of-week field, such as MON-FRI.</param>
/// <param name="TimeZone">The IANA time zone of the hours.</param>
public sealed record SleepConfig(int WakeHour, int SleepHour, string Days, string TimeZone);

/// <summary>The Slack channel an environment's topic is delivered to (<c>notifications.slack</c>).</summary>
/// <param name="WorkspaceId">The workspace (team) id authorized for AWS's chat integration.</param>
/// <param name="ChannelId">The channel id.</param>
public sealed record SlackConfig(string WorkspaceId, string ChannelId);

/// <summary>An environment's cost budget (<c>budget</c>): AWS Budgets notifies its topic, pull requests are held to it.</summary>
/// <param name="MonthlyUsd">The monthly budget, whole US dollars.</param>
/// <param name="AlertPercent">The share of it actually spent that notifies.</param>
/// <param name="MaxIncreaseUsd">The largest monthly increase a pull request may bring; null for no limit.</param>
public sealed record BudgetConfig(int MonthlyUsd, int AlertPercent, int? MaxIncreaseUsd);

/// <summary>The two trust levels (CDK bootstraps) of the account; the shared stack is always in production.</summary>
/// <param name="Dev">The level the deploy branch deploys without approval.</param>
/// <param name="Production">The level only the approved production environment deploys.</param>
public sealed record TrustLevels(TrustLevel Dev, TrustLevel Production);

/// <summary>The schema sync: the function lives in the target environment's stack and reads the source's database.</summary>
/// <param name="Source">The environment whose schema is desired (DEV).</param>
/// <param name="Target">The environment brought in line (PROD).</param>
/// <param name="S3PrefixListId">The region's S3 prefix list, to narrow the function's HTTPS egress; null for any address.</param>
/// <param name="DriftCheck">When the target is compared with its latest applied revision (an EventBridge schedule
/// expression); null for never.</param>
public sealed record MigrationConfig(
    string Source,
    string Target,
    string? S3PrefixListId,
    string? DriftCheck = MigrationConfig.DailyDriftCheck
)
{
    /// <summary>The drift check's schedule unless configured: once a day.</summary>
    public const string DailyDriftCheck = "rate(1 day)";
}

/// <summary>GitHub Actions' access: this repository's CI roles and the application repositories that push images.</summary>
/// <param name="Repository">This (infrastructure) repository.</param>
/// <param name="CreateProvider">Create the account's GitHub OIDC provider instead of importing it.</param>
/// <param name="ImageRepositories">Application repositories allowed to push images.</param>
public sealed record GitHubConfig(GitHubRepository Repository, bool CreateProvider, IReadOnlyList<GitHubRepository> ImageRepositories);
