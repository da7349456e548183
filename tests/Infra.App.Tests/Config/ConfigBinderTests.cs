using System.Text.Json.Nodes;
using Amazon.CDK.AWS.Logs;
using Infra.App.Config;

namespace Infra.App.Tests.Config;

public class ConfigBinderTests
{
    [Fact]
    public void Binds_the_committed_configuration()
    {
        var config = ConfigBinder.Bind(RepoFiles.InfraConfig().ToJsonString());

        Assert.Equal("infra", config.Project);
        Assert.Equal(["dev", "prod"], config.Environments.Select(e => e.Name));
        Assert.Equal(0, config.Network.NatGateways);
        Assert.Equal(RetentionDays.THREE_MONTHS, config.Network.FlowLogRetention);
        Assert.False(config.Environments[0].TerminationProtection);
        Assert.True(config.Environments[1].TerminationProtection);
    }

    [Fact]
    public void Applies_documented_defaults_for_optional_keys()
    {
        var config = ConfigBinder.Bind("""{"project":"p","environments":{"dev":{"account":"123456789012","region":"eu-west-1"}}}""");

        Assert.Equal("10.0.0.0/16", config.Network.Cidr);
        Assert.Equal(2, config.Network.MaxAzs);
        Assert.Equal(0, config.Network.NatGateways);
        Assert.Empty(config.Network.InterfaceEndpoints);
        Assert.Equal(RetentionDays.ONE_MONTH, config.Network.FlowLogRetention);
        Assert.False(config.Environments.Single().TerminationProtection);
        Assert.Equal("p/app", config.Registry.RepositoryName);
        Assert.Equal(["dev-"], config.Registry.PromotedTagPrefixes);
    }

    /// <summary>Each row: a path to set in the committed config (null value removes the key), the JSON to put there, and the exact error.</summary>
    public static TheoryData<string, string?, string> InvalidInputs => new()
    {
        { "environments.dev.account", "\"12345\"", "infra.environments.dev.account: '12345' is not a 12-digit AWS account id" },
        { "environments.dev.account", "111122223333", "infra.environments.dev.account: expected a string, got 111122223333" },
        { "environments.dev.account", null, "infra.environments.dev.account: missing required key" },
        { "environments.dev.region", "\"eu-westt-1\"", "infra.environments.dev.region: 'eu-westt-1' is not a known AWS region" },
        { "environments.dev.acount", "\"111122223333\"", "infra.environments.dev.acount: unknown key; expected one of account, region, terminationProtection" },
        { "environments.dev.terminationProtection", "\"yes\"", "infra.environments.dev.terminationProtection: expected true or false, got 'yes'" },
        { "environments.Dev", "{\"account\":\"111122223333\",\"region\":\"ap-northeast-2\"}", "infra.environments.Dev: environment name 'Dev' must be 1-16 lower-case letters or digits, starting with a letter" },
        { "environments.qa", "{\"account\":\"444455556666\",\"region\":\"ap-northeast-2\"}", "infra.environments.qa: account/region '444455556666/ap-northeast-2' differs from '111122223333/ap-northeast-2' of environment 'dev'; all environments share one account's network" },
        { "environments.dev", "[]", "infra.environments.dev: expected an object, got []" },
        { "environments", "{}", "infra.environments: no environments configured; add at least one, for example 'dev'" },
        { "environments", null, "infra.environments: missing required key" },
        { "project", "\"My_Project\"", "infra.project: 'My_Project' must be 1-20 lower-case letters, digits or hyphens, starting with a letter" },
        { "projet", "\"x\"", "infra.projet: unknown key; expected one of environments, network, project, registry" },
        { "network.cidr", "\"10.40.0.0/33\"", "infra.network.cidr: '10.40.0.0/33' is not an IPv4 CIDR block such as 10.0.0.0/16" },
        { "network.cidr", "\"10.40.0.300/16\"", "infra.network.cidr: '10.40.0.300/16' is not an IPv4 CIDR block such as 10.0.0.0/16" },
        { "network.cidr", "\"10.40.0.0/23\"", "infra.network.cidr: '10.40.0.0/23' is too small: 4 subnets of /24 (2 AZs x 2) need at least /22" },
        { "network.cidr", "\"10.0.0.0/12\"", "infra.network.cidr: '10.0.0.0/12' has prefix /12; a VPC's prefix must be between /16 and /28" },
        { "network.maxAzs", "9", "infra.network.maxAzs: 9 is out of range; expected 2 to 6" },
        { "network.maxAzs", "\"two\"", "infra.network.maxAzs: expected a whole number, got 'two'" },
        { "network.maxAzs", "2.5", "infra.network.maxAzs: expected a whole number, got 2.5" },
        { "network.natGateways", "3", "infra.network.natGateways: 3 is out of range; expected 0 to MaxAzs (2)" },
        { "network.interfaceEndpoints", "[\"ecr.api\", \"s3\"]", "infra.network.interfaceEndpoints: 's3' is not a known interface endpoint" },
        { "network.interfaceEndpoints", "\"logs\"", "infra.network.interfaceEndpoints: expected a list of strings, got 'logs'" },
        { "network.interfaceEndpoints", "[\"logs\", 7]", "infra.network.interfaceEndpoints[1]: expected a string, got 7" },
        { "network.flowLogRetentionDays", "10", "infra.network.flowLogRetentionDays: 10 is not a CloudWatch Logs retention" },
        { "registry.repositoryName", "\"Infra App\"", "infra.registry.repositoryName: 'Infra App' must be 2-256 lower-case letters" },
        { "registry.keepImages", "0", "infra.registry.keepImages: 0 must be at least 1" },
        { "registry.keepPromotedImages", "0", "infra.registry.keepPromotedImages: 0 must be at least 1 (the running image)" },
        { "registry.untaggedExpiryDays", "-1", "infra.registry.untaggedExpiryDays: -1 must be at least 1" },
        { "registry.keepImage", "5", "infra.registry.keepImage: unknown key" },
        { "network.natGateway", "1", "infra.network.natGateway: unknown key; expected one of cidr, flowLogRetentionDays, interfaceEndpoints, maxAzs, natGateways, subnetCidrMask" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Fails_with_one_line_naming_the_key_and_value(string path, string? json, string expected)
    {
        var config = RepoFiles.InfraConfig();
        Set(config, path, json is null ? null : JsonNode.Parse(json));

        var error = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(config.ToJsonString()));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Fails_on_malformed_json()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigBinder.Bind("{\"project\": "));

        Assert.StartsWith("infra: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "dev,prod")]
    [InlineData("", "dev,prod")]
    [InlineData("prod", "prod")]
    [InlineData("prod, dev,prod", "prod,dev")]
    public void Selects_environments_by_name_all_by_default(string? names, string expected)
    {
        var config = ConfigBinder.Bind(RepoFiles.InfraConfig().ToJsonString());

        var selected = EnvironmentSelection.Select(config, names);

        Assert.Equal(expected, string.Join(',', selected.Select(e => e.Name)));
    }

    [Fact]
    public void Fails_when_an_unknown_environment_is_selected()
    {
        var config = ConfigBinder.Bind(RepoFiles.InfraConfig().ToJsonString());

        var error = Assert.Throws<ConfigException>(() => EnvironmentSelection.Select(config, "dev,staging"));

        Assert.Equal("env: 'staging' is not a configured environment; expected one of dev, prod", error.Message);
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var keys = path.Split('.');
        var parent = keys[..^1].Aggregate(root, (node, key) => node[key]!.AsObject());
        if (value is null)
            parent.Remove(keys[^1]);
        else
            parent[keys[^1]] = value;
    }
}
