using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.Logs;
using Infra.Constructs.Database;
using Infra.Constructs.Network;
using Infra.Constructs.Registry;
using Infra.Constructs.Service;
using Infra.Constructs.Validation;

namespace Infra.App.Config;

/// <summary>Binds and validates the <c>infra</c> context object. Every failure is a <see cref="ConfigException"/>.</summary>
public static partial class ConfigBinder
{
    /// <summary>The cdk.json context key that holds the configuration.</summary>
    public const string ContextKey = "infra";

    private static readonly IReadOnlyDictionary<int, RetentionDays> RetentionByDays = new Dictionary<int, RetentionDays>
    {
        [1] = RetentionDays.ONE_DAY, [3] = RetentionDays.THREE_DAYS, [5] = RetentionDays.FIVE_DAYS, [7] = RetentionDays.ONE_WEEK,
        [14] = RetentionDays.TWO_WEEKS, [30] = RetentionDays.ONE_MONTH, [60] = RetentionDays.TWO_MONTHS, [90] = RetentionDays.THREE_MONTHS,
        [120] = RetentionDays.FOUR_MONTHS, [150] = RetentionDays.FIVE_MONTHS, [180] = RetentionDays.SIX_MONTHS, [365] = RetentionDays.ONE_YEAR,
        [400] = RetentionDays.THIRTEEN_MONTHS, [545] = RetentionDays.EIGHTEEN_MONTHS, [731] = RetentionDays.TWO_YEARS,
        [1096] = RetentionDays.THREE_YEARS, [1827] = RetentionDays.FIVE_YEARS, [2192] = RetentionDays.SIX_YEARS,
        [2557] = RetentionDays.SEVEN_YEARS, [2922] = RetentionDays.EIGHT_YEARS, [3288] = RetentionDays.NINE_YEARS,
        [3653] = RetentionDays.TEN_YEARS,
    };

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
            throw new ConfigException(root.KeyPath("project"), $"'{project}' must be 1-20 lower-case letters, digits or hyphens, starting with a letter");

        var network = BindNetwork(root.OptionalObject("network"));
        var environments = BindEnvironments(root.RequiredObject("environments"), network);
        var registry = BindRegistry(root.OptionalObject("registry"), project, environments);
        root.RejectUnknownKeys();
        return new InfraConfig(project, network, registry, environments);
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
            FlowLogRetention = BindRetention(node, "flowLogRetentionDays", 30),
        };
        node.RejectUnknownKeys();

        ThrowIfAny(node, NetworkPropsValidation.FindProblem(props));
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
        ThrowIfAny(node, ImageRepositoryPropsValidation.FindProblem(props));
        return props;
    }

    private static List<EnvironmentConfig> BindEnvironments(ConfigNode node, NetworkProps network)
    {
        var environments = new List<EnvironmentConfig>();
        foreach (var (name, env) in node.Entries())
        {
            if (!EnvironmentName().IsMatch(name))
                throw new ConfigException(env.Path, $"environment name '{name}' must be 1-16 lower-case letters or digits, starting with a letter");
            var account = env.RequiredString("account");
            if (!AccountId().IsMatch(account))
                throw new ConfigException(env.KeyPath("account"), $"'{account}' is not a 12-digit AWS account id");
            var region = env.RequiredString("region");
            if (!AwsRegions.Known.Contains(region))
                throw new ConfigException(env.KeyPath("region"), $"'{region}' is not a known AWS region");
            var terminationProtection = env.OptionalBool("terminationProtection", false);
            var database = BindDatabase(env.OptionalObject("database"));
            var service = BindService(env.OptionalObject("service"), network);
            var alarmEmails = env.OptionalStringList("alarmEmails");
            if (alarmEmails.FirstOrDefault(e => !EmailAddress().IsMatch(e)) is { } badEmail)
                throw new ConfigException(env.KeyPath("alarmEmails"), $"'{badEmail}' is not an e-mail address");
            env.RejectUnknownKeys();

            // One shared stack (VPC, repository, CI roles) serves every environment, so they must share its account and region.
            if (environments.Count > 0 && (environments[0].Account, environments[0].Region) != (account, region))
                throw new ConfigException(env.Path, $"account/region '{account}/{region}' differs from '{environments[0].Account}/{environments[0].Region}' of environment '{environments[0].Name}'; all environments share one account's network");
            environments.Add(new EnvironmentConfig(name, account, region, terminationProtection, database, service, alarmEmails));
        }
        if (environments.Count == 0)
            throw new ConfigException(node.Path, "no environments configured; add at least one, for example 'dev'");
        return environments;
    }

    private static PostgresDatabaseSettings BindDatabase(ConfigNode node)
    {
        var defaults = new PostgresDatabaseSettings();
        var settings = new PostgresDatabaseSettings
        {
            MajorVersion = node.OptionalInt("majorVersion", defaults.MajorVersion),
            InstanceClass = node.OptionalString("instanceClass") ?? defaults.InstanceClass,
            DatabaseName = node.OptionalString("databaseName") ?? defaults.DatabaseName,
            AllocatedStorageGiB = node.OptionalInt("allocatedStorageGiB", defaults.AllocatedStorageGiB),
            MaxAllocatedStorageGiB = node.OptionalInt("maxAllocatedStorageGiB", defaults.MaxAllocatedStorageGiB),
            MultiAz = node.OptionalBool("multiAz", defaults.MultiAz),
            BackupRetentionDays = node.OptionalInt("backupRetentionDays", defaults.BackupRetentionDays),
            DeletionProtection = node.OptionalBool("deletionProtection", defaults.DeletionProtection),
            PerformanceInsights = node.OptionalNullableBool("performanceInsights"),
            ConnectionsAlarmThreshold = node.OptionalInt("connectionsAlarmThreshold", defaults.ConnectionsAlarmThreshold),
        };
        node.RejectUnknownKeys();
        ThrowIfAny(node, PostgresDatabasePropsValidation.FindProblem(settings));
        return settings;
    }

    private static WebServiceSettings BindService(ConfigNode node, NetworkProps network)
    {
        var defaults = new WebServiceSettings();
        var placement = node.OptionalString("placement") ?? "public";
        var settings = new WebServiceSettings
        {
            Placement = placement switch
            {
                "public" => TaskPlacement.Public,
                "private" => TaskPlacement.Private,
                _ => throw new ConfigException(node.KeyPath("placement"), $"'{placement}' is not a placement; expected public or private"),
            },
            ContainerPort = node.OptionalInt("containerPort", defaults.ContainerPort),
            Arm64 = node.OptionalBool("arm64", defaults.Arm64),
            Cpu = node.OptionalInt("cpu", defaults.Cpu),
            MemoryMiB = node.OptionalInt("memoryMiB", defaults.MemoryMiB),
            DesiredCount = node.OptionalInt("desiredCount", defaults.DesiredCount),
            MaxCount = node.OptionalNullableInt("maxCount"),
            TargetCpuPercent = node.OptionalInt("targetCpuPercent", defaults.TargetCpuPercent),
            DeregistrationDelaySeconds = node.OptionalInt("deregistrationDelaySeconds", defaults.DeregistrationDelaySeconds),
            HealthCheckPath = node.OptionalString("healthCheckPath") ?? defaults.HealthCheckPath,
            HealthCheckIntervalSeconds = node.OptionalInt("healthCheckIntervalSeconds", defaults.HealthCheckIntervalSeconds),
            HealthCheckTimeoutSeconds = node.OptionalInt("healthCheckTimeoutSeconds", defaults.HealthCheckTimeoutSeconds),
            HealthyThresholdCount = node.OptionalInt("healthyThresholdCount", defaults.HealthyThresholdCount),
            UnhealthyThresholdCount = node.OptionalInt("unhealthyThresholdCount", defaults.UnhealthyThresholdCount),
            HealthCheckGracePeriodSeconds = node.OptionalInt("healthCheckGracePeriodSeconds", defaults.HealthCheckGracePeriodSeconds),
            StopTimeoutSeconds = node.OptionalInt("stopTimeoutSeconds", defaults.StopTimeoutSeconds),
            MinHealthyPercent = node.OptionalInt("minHealthyPercent", defaults.MinHealthyPercent),
            MaxHealthyPercent = node.OptionalInt("maxHealthyPercent", defaults.MaxHealthyPercent),
            RollbackOnAlarms = node.OptionalBool("rollbackOnAlarms", defaults.RollbackOnAlarms),
            EnableExecuteCommand = node.OptionalBool("enableExecuteCommand", defaults.EnableExecuteCommand),
            CertificateArn = node.OptionalString("certificateArn"),
            AllowedCidrs = node.OptionalStringList("allowedCidrs", defaults.AllowedCidrs),
            LogRetention = BindRetention(node, "logRetentionDays", 30),
            AccessLogRetentionDays = node.OptionalInt("accessLogRetentionDays", defaults.AccessLogRetentionDays),
        };
        node.RejectUnknownKeys();
        if (settings.CertificateArn is { } arn && !CertificateArn().IsMatch(arn))
            throw new ConfigException(node.KeyPath("certificateArn"), $"'{arn}' is not an ACM certificate ARN");
        ThrowIfAny(node, WebServicePropsValidation.FindProblem(settings) ?? WebServicePropsValidation.FindPlacementProblem(settings.Placement, network));
        return settings;
    }

    private static RetentionDays BindRetention(ConfigNode node, string key, int fallbackDays)
    {
        var days = node.OptionalInt(key, fallbackDays);
        return RetentionByDays.TryGetValue(days, out var retention)
            ? retention
            : throw new ConfigException(node.KeyPath(key), $"{days} is not a CloudWatch Logs retention; expected one of {string.Join(", ", RetentionByDays.Keys)}");
    }

    /// <summary>Constructs validate their own props; re-key a finding to the config key a user edits (MaxAzs → maxAzs).</summary>
    private static void ThrowIfAny(ConfigNode node, PropProblem? problem)
    {
        if (problem is not null)
            throw new ConfigException(node.KeyPath(char.ToLowerInvariant(problem.Prop[0]) + problem.Prop[1..]), problem.Message);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$")]
    private static partial Regex CertificateArn();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
