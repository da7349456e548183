using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Constructs.Bootstrap;
using Infra.Constructs.GitHub;
using Infra.Constructs.Monitoring;
using Infra.Constructs.Network;
using Infra.Constructs.Registry;

namespace Infra.App.Config;

/// <summary>Binds and validates the <c>infra</c> context object. Every failure is a <see cref="ConfigException"/>.</summary>
public static partial class ConfigBinder
{
    /// <summary>The cdk.json context key that holds the configuration.</summary>
    public const string ContextKey = "infra";

    /// <summary>Binds the configuration from its JSON text.</summary>
    public static InfraConfig Bind(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ConfigException(ContextKey, $"not valid JSON ({e.Message})");
        }
        using (document)
            return Bind(document.RootElement);
    }

    /// <summary>Binds the configuration from the <c>infra</c> element.</summary>
    public static InfraConfig Bind(JsonElement infra)
    {
        var root = ConfigNode.Root(infra, ContextKey);
        var project = root.RequiredString("project");
        if (!ProjectName().IsMatch(project))
            throw new ConfigException(
                root.KeyPath("project"),
                $"'{project}' must be 1-20 lower-case letters, digits or hyphens, starting with a letter"
            );

        // Each section on its own, so every independent problem is reported at once; what depends on a failed
        // section (the registry and migration on the environments) is checked only once that section binds.
        var problems = new ConfigProblems();
        var network = problems.Try(() => BindNetwork(root.OptionalObject("network")));
        var environments = BindEnvironments(root.RequiredObject("environments"), network ?? new NetworkProps(), problems);
        var trustLevels = problems.Try(() => BindTrustLevels(root.OptionalObject("trustLevels"), project));
        var github = root.Has("github") ? problems.Try(() => BindGitHub(root.OptionalObject("github"))) : null;
        var environmentsBound = problems.None;
        // Known keys even where their section is left unchecked, so no "unknown key" follows the real problem.
        _ = root.Has("registry") | root.Has("migration");
        var registry = environmentsBound ? problems.Try(() => BindRegistry(root.OptionalObject("registry"), project, environments)) : null;
        var migration = environmentsBound ? problems.Try(() => BindMigration(root, environments)) : null;
        problems.Try(root.RejectUnknownKeys);
        problems.ThrowIfAny();
        return new InfraConfig(project, network!, registry!, environments, trustLevels!, migration, github);
    }

    private static TrustLevels BindTrustLevels(ConfigNode node, string project)
    {
        // Default qualifiers from the project ("infra" gives infradev and infraprod): at most 10 characters.
        var stem = project.Replace("-", "", StringComparison.Ordinal);
        stem = stem[..Math.Min(stem.Length, 6)];
        TrustLevel Level(string name, string suffix)
        {
            var level = node.OptionalObject(name);
            var bound = new TrustLevel(name, level.OptionalString("qualifier") ?? stem + suffix);
            level.RejectUnknownKeys();
            level.ThrowIfAny(bound.FindProblem());
            return bound;
        }
        var levels = new TrustLevels(Level(TrustLevel.Dev, "dev"), Level(TrustLevel.Production, "prod"));
        node.RejectUnknownKeys();
        if (levels.Dev.Qualifier == levels.Production.Qualifier)
            throw new ConfigException(
                node.KeyPath("production.qualifier"),
                $"'{levels.Production.Qualifier}' is also the dev level's qualifier; each level needs its own bootstrap"
            );
        return levels;
    }

    private static NetworkProps BindNetwork(ConfigNode node)
    {
        var defaults = new NetworkProps();
        var props = new NetworkProps
        {
            Cidr = node.OptionalString("cidr") ?? defaults.Cidr,
            MaxAzs = node.OptionalInt("maxAzs", defaults.MaxAzs),
            NatGateways = node.OptionalInt("natGateways", defaults.NatGateways),
            SubnetCidrMask = node.OptionalInt("subnetCidrMask", defaults.SubnetCidrMask),
            InterfaceEndpoints = node.OptionalStringList("interfaceEndpoints"),
            FlowLogRetention = node.OptionalRetention("flowLogRetentionDays", 30),
        };
        node.RejectUnknownKeys();

        node.ThrowIfAny(NetworkPropsValidation.FindProblem(props));
        return props;
    }

    private static ImageRepositoryProps BindRegistry(ConfigNode node, string project, List<EnvironmentConfig> environments)
    {
        var defaults = new ImageRepositoryProps();
        var props = new ImageRepositoryProps
        {
            RepositoryName = node.OptionalString("repositoryName") ?? $"{project}/app",
            // The release promotes an image to an environment by tagging it "<environment>-<git sha>".
            PromotedTagPrefixes = [.. environments.Select(e => e.Name + "-")],
            KeepPromotedImages = node.OptionalInt("keepPromotedImages", defaults.KeepPromotedImages),
            KeepImages = node.OptionalInt("keepImages", defaults.KeepImages),
            UntaggedExpiryDays = node.OptionalInt("untaggedExpiryDays", defaults.UntaggedExpiryDays),
        };
        node.RejectUnknownKeys();
        node.ThrowIfAny(ImageRepositoryPropsValidation.FindProblem(props));
        return props;
    }

    private static GitHubConfig BindGitHub(ConfigNode node)
    {
        var repository = new GitHubRepository(
            node.RequiredString("owner"),
            node.RequiredString("repository"),
            node.OptionalLong("ownerId"),
            node.OptionalLong("repositoryId")
        );
        if (repository.FindProblem() is { } problem)
            throw new ConfigException(node.Path, problem);
        var images = node.OptionalStringList("imageRepositories")
            .Select(
                (full, i) =>
                {
                    var parts = full.Split('/');
                    var image = parts.Length == 2 ? new GitHubRepository(parts[0], parts[1]) : null;
                    return image is not null && image.FindProblem() is null
                        ? image
                        : throw new ConfigException($"{node.KeyPath("imageRepositories")}[{i}]", $"'{full}' is not owner/repository");
                }
            )
            .ToList();
        var createProvider = node.OptionalBool("createProvider", false);
        node.RejectUnknownKeys();
        return new GitHubConfig(repository, createProvider, images);
    }

    private static MigrationConfig? BindMigration(ConfigNode root, List<EnvironmentConfig> environments)
    {
        if (!root.Has("migration"))
            return null;
        var node = root.OptionalObject("migration");
        var names = environments.Select(e => e.Name).ToList();
        string Environment(string key)
        {
            var name = node.RequiredString(key);
            // Every environment shares the account's VPC (enforced above), so the function reaches any of them.
            return names.Contains(name)
                ? name
                : throw new ConfigException(
                    node.KeyPath(key),
                    $"'{name}' is not a configured environment; expected one of {string.Join(", ", names)}"
                );
        }
        var source = Environment("source");
        var target = Environment("target");
        if (source == target)
            throw new ConfigException(
                node.KeyPath("target"),
                $"'{target}' is also the source; the function syncs one environment's schema to another"
            );
        // The applying function lives in the target's stack; only the production level may invoke it.
        if (environments.Single(e => e.Name == target).TrustLevel != TrustLevel.Production)
            throw new ConfigException(
                node.KeyPath("target"),
                $"'{target}' is at trust level '{TrustLevel.Dev}'; the schema-sync target must be at '{TrustLevel.Production}'"
            );
        // The target's schema changes only through the migration function: no migration step of its own.
        if (environments.Single(e => e.Name == target).Service?.MigrationCommand is { } command)
            throw new ConfigException(
                $"{root.Path}.environments.{target}.service.migrationCommand",
                $"[{string.Join(", ", command)}] would change the schema of '{target}', the migration target, "
                    + $"outside the migration function; only the source ('{source}') runs the app's migrations"
            );
        var prefixList = node.OptionalString("s3PrefixListId");
        if (prefixList is not null && !prefixList.StartsWith("pl-", StringComparison.Ordinal))
            throw new ConfigException(node.KeyPath("s3PrefixListId"), $"'{prefixList}' is not a prefix list id (pl-...)");
        // EventBridge reads the expression at deploy time; a shape check here turns a typo into a synth error.
        var driftCheck = node.OptionalString("driftCheck") ?? MigrationConfig.DailyDriftCheck;
        if (!System.Text.RegularExpressions.Regex.IsMatch(driftCheck, @"^(rate|cron)\(.+\)$|^off$"))
            throw new ConfigException(
                node.KeyPath("driftCheck"),
                $"'{driftCheck}' is not an EventBridge schedule (rate(...) or cron(...)) or off"
            );
        node.RejectUnknownKeys();
        return new MigrationConfig(source, target, prefixList, driftCheck == "off" ? null : driftCheck);
    }

    private static List<EnvironmentConfig> BindEnvironments(ConfigNode node, NetworkProps network, ConfigProblems problems)
    {
        var environments = new List<EnvironmentConfig>();
        foreach (var (name, env) in node.Entries())
        {
            if (problems.Try(() => BindEnvironment(name, env, network, environments)) is { } environment)
                environments.Add(environment);
        }
        if (environments.Count == 0 && problems.None)
            throw new ConfigException(node.Path, "no environments configured; add at least one, for example 'dev'");
        return environments;
    }

    /// <summary>One environment; the ones bound before it (all must share one account and region).</summary>
    private static EnvironmentConfig BindEnvironment(
        string name,
        ConfigNode env,
        NetworkProps network,
        List<EnvironmentConfig> environments
    )
    {
        if (!EnvironmentName().IsMatch(name))
            throw new ConfigException(
                env.Path,
                $"environment name '{name}' must be 1-16 lower-case letters or digits, starting with a letter"
            );
        var account = env.RequiredString("account");
        if (!AccountId().IsMatch(account))
            throw new ConfigException(env.KeyPath("account"), $"'{account}' is not a 12-digit AWS account id");
        var region = env.RequiredString("region");
        if (!AwsRegions.Known.Contains(region))
            throw new ConfigException(env.KeyPath("region"), $"'{region}' is not a known AWS region");
        var terminationProtection = env.OptionalBool("terminationProtection", false);
        var database = DatabaseSettingsBinder.Bind(env.OptionalObject("database"));
        var serviceNode = env.OptionalObject("service");
        var (service, function, app, allowPlainHttp) = ServiceSettingsBinder.Bind(serviceNode, network, database.InstanceClass);
        // Production unless said otherwise: a new environment needs approval until someone decides it need not.
        var trustLevel = env.OptionalString("trustLevel") ?? TrustLevel.Production;
        if (TrustLevel.FindNameProblem(trustLevel) is { } levelProblem)
            throw new ConfigException(env.KeyPath("trustLevel"), levelProblem);
        if (trustLevel == TrustLevel.Production && service is { CertificateArn: null, HostedZoneId: null } && !allowPlainHttp)
            throw new ConfigException(
                serviceNode.Path,
                "at the production trust level the load balancer serves the internet over TLS: set certificateArn, or "
                    + "domainName and hostedZoneId (a certificate is created), or allowPlainHttp: true for a trial"
            );
        var budget = env.Has("budget") ? BindBudget(env.OptionalObject("budget")) : null;
        var slack = env.Has("notifications") ? BindNotifications(env.OptionalObject("notifications")) : null;
        var schedule = env.Has("schedule") ? BindSchedule(env.OptionalObject("schedule")) : null;
        if (trustLevel == TrustLevel.Production && schedule is not null)
            throw new ConfigException(
                env.KeyPath("schedule"),
                "an environment at the production trust level does not sleep; remove schedule or move it to trustLevel dev"
            );
        var alarmEmails = env.OptionalStringList("alarmEmails");
        if (alarmEmails.FirstOrDefault(e => !EmailAddress().IsMatch(e)) is { } badEmail)
            throw new ConfigException(env.KeyPath("alarmEmails"), $"'{badEmail}' is not an e-mail address");
        env.RejectUnknownKeys();

        // One shared stack (VPC, repository, CI roles) serves every environment, so they must share its account and region.
        if (environments.Count > 0 && (environments[0].Account, environments[0].Region) != (account, region))
            throw new ConfigException(
                env.Path,
                $"account/region '{account}/{region}' differs from '{environments[0].Account}/{environments[0].Region}' of "
                    + $"environment '{environments[0].Name}'; all environments share one account's network"
            );
        return new EnvironmentConfig(
            name,
            account,
            region,
            terminationProtection,
            database,
            service,
            alarmEmails,
            trustLevel,
            function,
            app,
            budget,
            slack,
            schedule
        );
    }

    /// <summary>An environment's <c>notifications</c>: <c>slack</c> with <c>workspaceId</c> and <c>channelId</c>.</summary>
    private static SlackConfig? BindNotifications(ConfigNode node)
    {
        var slack = node.Has("slack") ? node.OptionalObject("slack") : null;
        node.RejectUnknownKeys();
        if (slack is null)
            return null;
        var config = new SlackConfig(slack.RequiredString("workspaceId"), slack.RequiredString("channelId"));
        slack.RejectUnknownKeys();
        slack.ThrowIfAny(SlackNotifications.FindProblem(config.WorkspaceId, config.ChannelId));
        return config;
    }

    /// <summary>An environment's <c>schedule</c>: <c>wakeHour</c>, <c>sleepHour</c>, <c>timeZone</c> (required), <c>days</c>.</summary>
    private static SleepConfig BindSchedule(ConfigNode node)
    {
        foreach (var key in new[] { "wakeHour", "sleepHour" })
        {
            if (!node.Has(key))
                throw new ConfigException(node.KeyPath(key), "missing required key");
        }
        var schedule = new SleepConfig(
            node.OptionalInt("wakeHour", 0),
            node.OptionalInt("sleepHour", 0),
            node.OptionalString("days") ?? "MON-FRI",
            node.RequiredString("timeZone")
        );
        node.RejectUnknownKeys();
        node.ThrowIfAny(SleepSchedule.FindProblem(schedule.WakeHour, schedule.SleepHour, schedule.Days, schedule.TimeZone));
        return schedule;
    }

    /// <summary>An environment's <c>budget</c>: <c>monthlyUsd</c> (required), <c>alertPercent</c>, <c>maxIncreaseUsd</c>.</summary>
    private static BudgetConfig BindBudget(ConfigNode node)
    {
        if (!node.Has("monthlyUsd"))
            throw new ConfigException(node.KeyPath("monthlyUsd"), "missing required key (the monthly budget, whole US dollars)");
        var budget = new BudgetConfig(
            node.OptionalInt("monthlyUsd", 0),
            node.OptionalInt("alertPercent", CostBudgetProps.DefaultAlertPercent),
            node.OptionalNullableInt("maxIncreaseUsd")
        );
        node.RejectUnknownKeys();
        node.ThrowIfAny(CostBudget.FindProblem(budget.MonthlyUsd, budget.AlertPercent, budget.MaxIncreaseUsd));
        return budget;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
