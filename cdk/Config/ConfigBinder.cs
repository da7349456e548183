using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.Logs;
using Infra.Constructs.Network;
using Infra.Constructs.Registry;
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
        var environments = BindEnvironments(root.RequiredObject("environments"));
        var registry = BindRegistry(root.OptionalObject("registry"), project, environments);
        root.RejectUnknownKeys();
        return new InfraConfig(project, network, registry, environments);
    }

    private static NetworkProps BindNetwork(ConfigNode node)
    {
        var defaults = new NetworkProps();
        var retentionDays = node.OptionalInt("flowLogRetentionDays", 30);
        if (!RetentionByDays.TryGetValue(retentionDays, out var retention))
            throw new ConfigException(node.KeyPath("flowLogRetentionDays"), $"{retentionDays} is not a CloudWatch Logs retention; expected one of {string.Join(", ", RetentionByDays.Keys)}");

        var props = new NetworkProps
        {
            Cidr = node.OptionalString("cidr") ?? defaults.Cidr,
            MaxAzs = node.OptionalInt("maxAzs", defaults.MaxAzs),
            NatGateways = node.OptionalInt("natGateways", defaults.NatGateways),
            SubnetCidrMask = node.OptionalInt("subnetCidrMask", defaults.SubnetCidrMask),
            InterfaceEndpoints = node.OptionalStringList("interfaceEndpoints"),
            FlowLogRetention = retention,
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

    private static List<EnvironmentConfig> BindEnvironments(ConfigNode node)
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
            env.RejectUnknownKeys();

            // One shared stack (VPC, repository, CI roles) serves every environment, so they must share its account and region.
            if (environments.Count > 0 && (environments[0].Account, environments[0].Region) != (account, region))
                throw new ConfigException(env.Path, $"account/region '{account}/{region}' differs from '{environments[0].Account}/{environments[0].Region}' of environment '{environments[0].Name}'; all environments share one account's network");
            environments.Add(new EnvironmentConfig(name, account, region, terminationProtection));
        }
        if (environments.Count == 0)
            throw new ConfigException(node.Path, "no environments configured; add at least one, for example 'dev'");
        return environments;
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

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
