using System.Text.Json.Nodes;
using Amazon.CDK.AWS.Logs;
using Infra.App.Config;
using Infra.Constructs.Service;

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
        // The one key a minimal environment needs: production (the default level) serves plain HTTP only when told to.
        var config = ConfigBinder.Bind(
            """{"project":"p","environments":{"dev":{"account":"123456789012","region":"eu-west-1","service":{"allowPlainHttp":true}}}}"""
        );

        Assert.Equal("10.0.0.0/16", config.Network.Cidr);
        Assert.Equal(2, config.Network.MaxAzs);
        Assert.Equal(0, config.Network.NatGateways);
        Assert.Empty(config.Network.InterfaceEndpoints);
        Assert.Equal(RetentionDays.ONE_MONTH, config.Network.FlowLogRetention);
        Assert.False(config.Environments.Single().TerminationProtection);
        Assert.Equal("p/app", config.Registry.RepositoryName);
        // A new environment needs approval until it says otherwise; qualifiers derive from the project.
        Assert.Equal("production", config.Environments.Single().TrustLevel);
        Assert.Equal(("pdev", "pprod"), (config.TrustLevels.Dev.Qualifier, config.TrustLevels.Production.Qualifier));
        Assert.Equal(["dev-"], config.Registry.PromotedTagPrefixes);
    }

    /// <summary>Each row: a path to set in the committed config (null value removes the key), the JSON to put there, and the exact
    /// error.</summary>
    public static TheoryData<string, string?, string> InvalidInputs =>
        new()
        {
            { "environments.dev.account", "\"12345\"", "infra.environments.dev.account: '12345' is not a 12-digit AWS account id" },
            { "environments.dev.account", "111122223333", "infra.environments.dev.account: expected a string, got 111122223333" },
            { "environments.dev.account", null, "infra.environments.dev.account: missing required key" },
            { "environments.dev.region", "\"eu-westt-1\"", "infra.environments.dev.region: 'eu-westt-1' is not a known AWS region" },
            {
                "environments.dev.acount",
                "\"111122223333\"",
                "infra.environments.dev.acount: unknown key; expected one of account, alarmEmails, budget, database, notifications, "
                    + "region, schedule, service, terminationProtection, trustLevel"
            },
            {
                "environments.dev.terminationProtection",
                "\"yes\"",
                "infra.environments.dev.terminationProtection: expected true or false, got 'yes'"
            },
            {
                "environments.Dev",
                "{\"account\":\"111122223333\",\"region\":\"ap-northeast-2\"}",
                "infra.environments.Dev: environment name 'Dev' must be 1-16 lower-case letters or digits, starting with a letter"
            },
            {
                "environments.qa",
                "{\"account\":\"444455556666\",\"region\":\"ap-northeast-2\",\"trustLevel\":\"dev\"}",
                "infra.environments.qa: account/region '444455556666/ap-northeast-2' differs from '111122223333/ap-northeast-2' of "
                    + "environment 'dev'; all environments share one account's network"
            },
            { "environments.dev", "[]", "infra.environments.dev: expected an object, got []" },
            { "environments", "{}", "infra.environments: no environments configured; add at least one, for example 'dev'" },
            { "environments", null, "infra.environments: missing required key" },
            {
                "project",
                "\"My_Project\"",
                "infra.project: 'My_Project' must be 1-20 lower-case letters, digits or hyphens, starting with a letter"
            },
            {
                "projet",
                "\"x\"",
                "infra.projet: unknown key; expected one of environments, github, migration, network, project, registry, trustLevels"
            },
            { "network.cidr", "\"10.40.0.0/33\"", "infra.network.cidr: '10.40.0.0/33' is not an IPv4 CIDR block such as 10.0.0.0/16" },
            { "network.cidr", "\"10.40.0.300/16\"", "infra.network.cidr: '10.40.0.300/16' is not an IPv4 CIDR block such as 10.0.0.0/16" },
            {
                "network.cidr",
                "\"10.40.0.0/8\"",
                "infra.network.cidr: '10.40.0.0/8' has host bits set: a /8 block starts at 10.0.0.0/8 (or 10.40.0.0/16)"
            },
            {
                "network.cidr",
                "\"10.40.0.0/23\"",
                "infra.network.cidr: '10.40.0.0/23' is too small: 4 subnets of /24 (2 AZs x 2) need at least /22"
            },
            {
                "network.cidr",
                "\"10.0.0.0/12\"",
                "infra.network.cidr: '10.0.0.0/12' has prefix /12; a VPC's prefix must be between /16 and /28"
            },
            { "network.maxAzs", "9", "infra.network.maxAzs: 9 is out of range; expected 2 to 6" },
            { "network.maxAzs", "\"two\"", "infra.network.maxAzs: expected a whole number, got 'two'" },
            { "network.maxAzs", "2.5", "infra.network.maxAzs: expected a whole number, got 2.5" },
            { "network.natGateways", "3", "infra.network.natGateways: 3 is out of range; expected 0 to MaxAzs (2)" },
            {
                "network.interfaceEndpoints",
                "[\"ecr.api\", \"s3\"]",
                "infra.network.interfaceEndpoints: 's3' is not a known interface endpoint"
            },
            { "network.interfaceEndpoints", "\"logs\"", "infra.network.interfaceEndpoints: expected a list of strings, got 'logs'" },
            { "network.interfaceEndpoints", "[\"logs\", 7]", "infra.network.interfaceEndpoints[1]: expected a string, got 7" },
            { "network.flowLogRetentionDays", "10", "infra.network.flowLogRetentionDays: 10 is not a CloudWatch Logs retention" },
            { "registry.repositoryName", "\"Infra App\"", "infra.registry.repositoryName: 'Infra App' must be 2-256 lower-case letters" },
            { "registry.keepImages", "0", "infra.registry.keepImages: 0 must be at least 1" },
            { "registry.keepPromotedImages", "0", "infra.registry.keepPromotedImages: 0 must be at least 1 (the running image)" },
            { "registry.untaggedExpiryDays", "-1", "infra.registry.untaggedExpiryDays: -1 must be at least 1" },
            { "registry.keepImage", "5", "infra.registry.keepImage: unknown key" },
            {
                "environments.prod.service.deregistrationDelaySeconds",
                "3601",
                "infra.environments.prod.service.deregistrationDelaySeconds: 3601 is out of range; expected 0 to 3600"
            },
            {
                "environments.prod.service.migrationCommand",
                "[\"alembic\", \"upgrade\", \"head\"]",
                "infra.environments.prod.service.migrationCommand: [alembic, upgrade, head] would change the schema of 'prod', the "
                    + "migration target, outside the migration function; only the source ('dev') runs the app's migrations"
            },
            {
                "environments.dev.service.migrationCommand",
                "[]",
                "infra.environments.dev.service.migrationCommand: [] must be a program and its arguments, none empty"
            },
            {
                "environments.dev.service.migrationCommand",
                "\"alembic upgrade head\"",
                "infra.environments.dev.service.migrationCommand: expected a list of strings, got 'alembic upgrade head'"
            },
            {
                "environments.prod.service.deregistrationDelaySeconds",
                "\"60s\"",
                "infra.environments.prod.service.deregistrationDelaySeconds: expected a whole number, got '60s'"
            },
            {
                "environments.prod.service.healthCheckIntervalSeconds",
                "4",
                "infra.environments.prod.service.healthCheckIntervalSeconds: 4 is out of range; expected 5 to 300"
            },
            {
                "environments.prod.service.healthCheckTimeoutSeconds",
                "10",
                "infra.environments.prod.service.healthCheckTimeoutSeconds: 10 must be less than HealthCheckIntervalSeconds (10)"
            },
            {
                "environments.prod.service.healthyThresholdCount",
                "1",
                "infra.environments.prod.service.healthyThresholdCount: 1 is out of range; expected 2 to 10"
            },
            {
                "environments.prod.service.unhealthyThresholdCount",
                "11",
                "infra.environments.prod.service.unhealthyThresholdCount: 11 is out of range; expected 2 to 10"
            },
            {
                "environments.prod.service.healthCheckPath",
                "\"health\"",
                "infra.environments.prod.service.healthCheckPath: 'health' must start with '/'"
            },
            {
                "environments.prod.service.stopTimeoutSeconds",
                "121",
                "infra.environments.prod.service.stopTimeoutSeconds: 121 is out of range; expected 2 to 120"
            },
            {
                "environments.prod.service.minHealthyPercent",
                "101",
                "infra.environments.prod.service.minHealthyPercent: 101 is out of range; expected 0 to 100"
            },
            {
                "environments.prod.service.maxHealthyPercent",
                "100",
                "infra.environments.prod.service.maxHealthyPercent: 100 is out of range; expected 101 to 400"
            },
            { "environments.prod.service.cpu", "300", "infra.environments.prod.service.cpu: 300 is not a Fargate CPU size" },
            {
                "environments.prod.service.memoryMiB",
                "4096",
                "infra.environments.prod.service.memoryMiB: 4096 does not fit Cpu 256; expected 512 to 2048 in steps of 512"
            },
            {
                "environments.prod.service.maxCount",
                "1",
                "infra.environments.prod.service.maxCount: 1 is out of range; expected 2 to 1000"
            },
            {
                "environments.prod.service.placement",
                "\"isolated\"",
                "infra.environments.prod.service.placement: 'isolated' is not a placement; expected public or private"
            },
            {
                "environments.prod.service.placement",
                "\"private\"",
                "infra.environments.prod.service.placement: a 'private' Fargate task in private subnets could not reach ecr.api, "
                    + "ecr.dkr, logs: there is no NAT gateway and no endpoint for them"
            },
            {
                "environments.prod.service.allowedCidrs",
                "[\"10.0.0.0/33\"]",
                "infra.environments.prod.service.allowedCidrs: '10.0.0.0/33' is not an IPv4 CIDR block"
            },
            {
                "environments.prod.service.allowedCidrs",
                "[]",
                "infra.environments.prod.service.allowedCidrs: is empty: nobody could reach the service"
            },
            {
                "environments.prod.service.certificateArn",
                "\"arn:aws:iam::111122223333:server-certificate/x\"",
                "infra.environments.prod.service.certificateArn: 'arn:aws:iam::111122223333:server-certificate/x' is not an ACM "
                    + "certificate ARN"
            },
            {
                "environments.prod.service.logRetentionDays",
                "31",
                "infra.environments.prod.service.logRetentionDays: 31 is not a CloudWatch Logs retention"
            },
            { "environments.prod.service.deregistrationDelay", "60", "infra.environments.prod.service.deregistrationDelay: unknown key" },
            {
                "environments.prod.service.platform",
                "\"kubernetes\"",
                "infra.environments.prod.service.platform: 'kubernetes' is not a platform; expected fargate or lambda"
            },
            {
                "environments.prod.service.poolSize",
                "3",
                "infra.environments.prod.service.poolSize: applies only to platform 'lambda'; this service's platform is 'fargate'"
            },
            {
                "environments.prod.service.platform",
                "\"lambda\"",
                "infra.environments.prod.service.placement: applies only to platform 'fargate'; this service's platform is 'lambda'"
            },
            {
                "environments.prod.database.instanceClass",
                "\"db.t4g.micro\"",
                "infra.environments.prod.database.instanceClass: 'db.t4g.micro': write it without the 'db.' prefix, e.g. t4g.micro"
            },
            {
                "environments.prod.database.instanceClass",
                "\"t4g.smal\"",
                "infra.environments.prod.database.instanceClass: 't4g.smal' is not an instance class such as t4g.micro or m7g.large "
                    + "(family.size)"
            },
            {
                "environments.prod.database.instanceClass",
                "\"large\"",
                "infra.environments.prod.database.instanceClass: 'large' is not an instance class"
            },
            {
                "environments.prod.database.majorVersion",
                "12",
                "infra.environments.prod.database.majorVersion: 12 is not an RDS for PostgreSQL major version"
            },
            {
                "environments.prod.database.performanceInsights",
                "1",
                "infra.environments.prod.database.performanceInsights: expected true or false, got 1"
            },
            {
                "environments.prod.database.backupRetentionDays",
                "0",
                "infra.environments.prod.database.backupRetentionDays: 0 is out of range; expected 1 to 35"
            },
            {
                "environments.prod.database.allocatedStorageGiB",
                "10",
                "infra.environments.prod.database.allocatedStorageGiB: 10 is out of range; expected 20 to 65536"
            },
            {
                "environments.prod.database.maxAllocatedStorageGiB",
                "10",
                "infra.environments.prod.database.maxAllocatedStorageGiB: 10 is out of range; expected AllocatedStorageGiB (20) to 65536"
            },
            {
                "environments.prod.database.databaseName",
                "\"App-DB\"",
                "infra.environments.prod.database.databaseName: 'App-DB' must be 1-63 lower-case letters"
            },
            {
                "environments.prod.database.multiAz",
                "\"yes\"",
                "infra.environments.prod.database.multiAz: expected true or false, got 'yes'"
            },
            { "environments.prod.database.multiAZ", "true", "infra.environments.prod.database.multiAZ: unknown key" },
            {
                "environments.prod.alarmEmails",
                "[\"ops.example.com\"]",
                "infra.environments.prod.alarmEmails: 'ops.example.com' is not an e-mail address"
            },
            {
                "migration.source",
                "\"staging\"",
                "infra.migration.source: 'staging' is not a configured environment; expected one of dev, prod"
            },
            {
                "migration.target",
                "\"dev\"",
                "infra.migration.target: 'dev' is also the source; the function syncs one environment's schema to another"
            },
            { "migration.target", null, "infra.migration.target: missing required key" },
            { "migration.s3PrefixListId", "\"s3\"", "infra.migration.s3PrefixListId: 's3' is not a prefix list id (pl-...)" },
            { "migration.reverse", "true", "infra.migration.reverse: unknown key" },
            {
                "environments.prod.database.backupCopyVaultArn",
                "\"arn:aws:backup:ap-northeast-2:444455556666:backup-vault:copies\"",
                "infra.environments.prod.database.backupCopyVaultArn: needs StorageKeyArn: a snapshot encrypted with AWS's key for "
                    + "RDS cannot be copied to another account"
            },
            {
                "migration.driftCheck",
                "\"daily\"",
                "infra.migration.driftCheck: 'daily' is not an EventBridge schedule (rate(...) or cron(...)) or off"
            },
            { "environments.dev.trustLevel", "\"staging\"", "infra.environments.dev.trustLevel: 'staging' is not one of dev, production" },
            {
                "environments.prod.trustLevel",
                "\"dev\"",
                "infra.migration.target: 'prod' is at trust level 'dev'; the schema-sync target must be at 'production'"
            },
            {
                "trustLevels.dev.qualifier",
                "\"Infra-Dev\"",
                "infra.trustLevels.dev.qualifier: 'Infra-Dev' must be 1-10 lower-case letters or digits"
            },
            {
                "trustLevels.production.qualifier",
                "\"infradev\"",
                "infra.trustLevels.production.qualifier: 'infradev' is also the dev level's qualifier"
            },
            { "trustLevels.staging", "{}", "infra.trustLevels.staging: unknown key; expected one of dev, production" },
            { "github.repository", "\"*\"", "infra.github: Name: '*' is not a GitHub repository name" },
            { "github.owner", null, "infra.github.owner: missing required key" },
            { "github.repositoryId", "\"12\"", "infra.github.repositoryId: expected a whole number, got '12'" },
            { "github.imageRepositories", "[\"backend\"]", "infra.github.imageRepositories[0]: 'backend' is not owner/repository" },
            { "github.createProvider", "\"yes\"", "infra.github.createProvider: expected true or false, got 'yes'" },
            { "github.branch", "\"main\"", "infra.github.branch: unknown key" },
            {
                "environments.prod.service.domainName",
                null,
                "infra.environments.prod.service.hostedZoneId: a hosted zone needs DomainName"
            },
            { "environments.prod.budget", "{\"alertPercent\": 90}", "infra.environments.prod.budget.monthlyUsd: missing required key" },
            {
                "environments.prod.schedule",
                "{\"wakeHour\": 8, \"sleepHour\": 20, \"timeZone\": \"Asia/Seoul\"}",
                "infra.environments.prod.schedule: an environment at the production trust level does not sleep"
            },
            {
                "environments.dev.schedule",
                "{\"wakeHour\": 8, \"sleepHour\": 30, \"timeZone\": \"Asia/Seoul\"}",
                "infra.environments.dev.schedule.sleepHour: 30 must be after the wake hour (8) and at most 24"
            },
            {
                "environments.prod.service.latencyP99AlarmMs",
                "5",
                "infra.environments.prod.service.latencyP99AlarmMs: 5 is out of range; expected 10 to 60000"
            },
            {
                "environments.prod.service.memoryAlarmPercent",
                "120",
                "infra.environments.prod.service.memoryAlarmPercent: 120 is out of range; expected 10 to 100"
            },
            {
                "environments.prod.database.freeStorageAlarmPercent",
                "0",
                "infra.environments.prod.database.freeStorageAlarmPercent: 0 is out of range; expected 1 to 50"
            },
            {
                "environments.prod.notifications",
                "{\"slack\": {\"workspaceId\": \"T0123456789\", \"channelId\": \"alerts\"}}",
                "infra.environments.prod.notifications.slack.channelId: 'alerts' is not a Slack channel id"
            },
            {
                "environments.prod.notifications",
                "{\"teams\": {}}",
                "infra.environments.prod.notifications.teams: unknown key; expected one of slack"
            },
            {
                "environments.prod.budget",
                "{\"monthlyUsd\": 0}",
                "infra.environments.prod.budget.monthlyUsd: 0 is out of range; expected 1 to 1000000"
            },
            {
                "environments.prod.budget",
                "{\"monthlyUsd\": 100, \"maxIncrease\": 5}",
                "infra.environments.prod.budget.maxIncrease: unknown key; expected one of alertPercent, maxIncreaseUsd, monthlyUsd"
            },
            {
                "environments.prod.service.secrets",
                "{\"DB_PASSWORD\": \"vault:prod/db\"}",
                "infra.environments.prod.service.secrets.DB_PASSWORD: 'vault:prod/db' is not a secret reference; expected "
                    + "ssm:/path/name or secretsmanager:name[:jsonKey]"
            },
            {
                "environments.prod.service.secrets",
                "{\"TOKEN\": \"ssm:prod/token\"}",
                "infra.environments.prod.service.secrets.TOKEN: 'ssm:prod/token' is not a secret reference; expected ssm:/path/name or "
                    + "secretsmanager:name[:jsonKey] (a parameter path starts with /"
            },
            {
                "environments.prod.service.secrets",
                "{\"DB_HOST\": \"ssm:/prod/host\"}",
                "infra.environments.prod.service.secrets.DB_HOST: 'DB_HOST' is set by the platform (DB_HOST, DB_NAME, DB_PORT, DB_SSLMODE, "
                    + "DB_USER)"
            },
            {
                "environments.prod.service.environment",
                "{\"AWS_REGION\": \"eu-west-1\"}",
                "infra.environments.prod.service.environment.AWS_REGION: 'AWS_REGION': names starting with AWS_ are reserved for AWS"
            },
            {
                "environments.prod.service.environment",
                "{\"WORKERS\": 4}",
                "infra.environments.prod.service.environment.WORKERS: expected a string, got 4"
            },
            {
                "environments.prod.service.secretsKeyArn",
                "\"alias/app\"",
                "infra.environments.prod.service.secretsKeyArn: 'alias/app' is not a KMS key ARN"
            },
            {
                "network.natGateway",
                "1",
                "infra.network.natGateway: unknown key; expected one of cidr, flowLogRetentionDays, interfaceEndpoints, maxAzs, "
                    + "natGateways, subnetCidrMask"
            },
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
    public void Reports_every_independent_problem_at_once_one_line_each()
    {
        var config = RepoFiles.InfraConfig();
        Set(config, "network.cidr", JsonNode.Parse("\"10.40.0.0/8\""));
        Set(config, "environments.dev.alarmEmails", JsonNode.Parse("[\"ops.example.com\"]"));
        Set(config, "environments.prod.database.instanceClass", JsonNode.Parse("\"t4g.smal\""));
        Set(config, "github.createProvider", JsonNode.Parse("\"yes\""));

        var error = Assert.Throws<ConfigProblemsException>(() => ConfigBinder.Bind(config.ToJsonString()));

        Assert.Equal(
            [
                "infra.network.cidr",
                "infra.environments.dev.alarmEmails",
                "infra.environments.prod.database.instanceClass",
                "infra.github.createProvider",
            ],
            error.Problems.Select(p => p.Key)
        );
        Assert.All(error.Problems, p => Assert.DoesNotContain('\n', p.Message));
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

    /// <summary>dev on Lambda, as in examples/dev-on-lambda.json, with one setting changed.</summary>
    private static string DevOnLambda(string key, string json)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "examples", "dev-on-lambda.json")))!.AsObject();
        config["environments"]!["dev"]!["service"]![key] = JsonNode.Parse(json);
        return config.ToJsonString();
    }

    [Theory]
    [InlineData(
        "maxConcurrency",
        "100",
        "infra.environments.dev.service.maxConcurrency: 100 instances x 2 connections + 13 reserved = 213 exceeds max_connections 95 "
            + "of t4g.micro; lower the concurrency or the pool, use a larger class, or put RDS Proxy in front"
    )]
    [InlineData(
        "rollout",
        "\"blueGreen\"",
        "infra.environments.dev.service.rollout: 'blueGreen' is not a rollout; expected one of allAtOnce, canary10Percent5Minutes, "
            + "canary10Percent15Minutes, linear10PercentEvery1Minute, linear10PercentEvery3Minutes"
    )]
    [InlineData("timeoutSeconds", "60", "infra.environments.dev.service.timeoutSeconds: 60 is out of range; expected 1 to 30")]
    [InlineData(
        "migrationCommand",
        "[\"alembic\", \"upgrade\", \"head\"]",
        "infra.environments.dev.service.migrationCommand: applies only to platform 'fargate'; this service's platform is 'lambda'"
    )]
    // Every key the Fargate reader asks for and the Lambda reader does not is the Fargate platform's, with no list kept by hand.
    [InlineData(
        "accessLogRetentionDays",
        "90",
        "infra.environments.dev.service.accessLogRetentionDays: applies only to platform 'fargate'; this service's platform is 'lambda'"
    )]
    [InlineData(
        "healthCheckGracePeriodSeconds",
        "30",
        "infra.environments.dev.service.healthCheckGracePeriodSeconds: applies only to platform 'fargate'; this service's platform is "
            + "'lambda'"
    )]
    [InlineData("memoryMiB", "\"a lot\"", "infra.environments.dev.service.memoryMiB: expected a whole number, got 'a lot'")]
    public void A_lambda_service_fails_with_one_line_naming_the_key_and_value(string key, string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(DevOnLambda(key, json)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Binds_the_apps_variables_and_secrets_on_either_platform_and_refuses_one_given_twice()
    {
        var config = RepoFiles.InfraConfig();
        Set(config, "environments.prod.service.environment", JsonNode.Parse("{\"LOG_LEVEL\": \"info\", \"STRIPE_KEY\": \"x\"}"));
        Set(
            config,
            "environments.prod.service.secrets",
            JsonNode.Parse("{\"DB_PASSWORD\": \"ssm:/prod/db/password\", \"STRIPE_KEY\": \"secretsmanager:prod/stripe:api_key\"}")
        );

        var error = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(config.ToJsonString()));
        Assert.Equal(
            "infra.environments.prod.service.secrets.STRIPE_KEY: 'STRIPE_KEY' is also in infra.environments.prod.service.environment; "
                + "give it one value",
            error.Message
        );

        Set(config, "environments.prod.service.environment", JsonNode.Parse("{\"LOG_LEVEL\": \"info\"}"));
        var app = ConfigBinder.Bind(config.ToJsonString()).Environments.Single(e => e.Name == "prod").App!;
        Assert.Equal("info", app.Variables["LOG_LEVEL"]);
        Assert.Equal(
            [
                new AppSecret("DB_PASSWORD", SecretStore.Ssm, "/prod/db/password"),
                new AppSecret("STRIPE_KEY", SecretStore.SecretsManager, "prod/stripe", "api_key"),
            ],
            app.Secrets
        );
        // On Lambda the function's own variables are the platform's too.
        var lambda = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(DevOnLambda("environment", "{\"DB_POOL_SIZE\": \"5\"}")));
        Assert.StartsWith(
            "infra.environments.dev.service.environment.DB_POOL_SIZE: 'DB_POOL_SIZE' is set by the platform",
            lambda.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Production_serves_plain_http_only_when_told_to_and_dev_may()
    {
        var config = RepoFiles.InfraConfig();
        Set(config, "environments.prod.service.domainName", null);
        Set(config, "environments.prod.service.hostedZoneId", null);
        var refused = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(config.ToJsonString()));
        Assert.Equal(
            "infra.environments.prod.service: at the production trust level the load balancer serves the internet over TLS: set "
                + "certificateArn, or domainName and hostedZoneId (a certificate is created), or allowPlainHttp: true for a trial",
            refused.Message
        );

        Set(config, "environments.prod.service.allowPlainHttp", JsonValue.Create(true));
        var prod = ConfigBinder.Bind(config.ToJsonString()).Environments.Single(e => e.Name == "prod");
        Assert.Null(prod.Service!.CertificateArn);
        Assert.Null(RepoFiles.InfraConfig()["environments"]!["dev"]!["service"]!["certificateArn"]);
        // On Lambda the endpoint is HTTPS already: the key is not one of its.
        var lambda = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(DevOnLambda("allowPlainHttp", "true")));
        Assert.StartsWith("infra.environments.dev.service.allowPlainHttp: unknown key", lambda.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binds_the_lambda_example_with_its_function_settings()
    {
        var config = ConfigBinder.Bind(File.ReadAllText(Path.Combine(RepoFiles.Root, "examples", "dev-on-lambda.json")));

        var dev = config.Environments.Single(e => e.Name == "dev");
        Assert.Equal(10, dev.Function!.MaxConcurrency);
        Assert.Equal(2, dev.Function.PoolSize);
        Assert.Null(config.Environments.Single(e => e.Name == "prod").Function);
    }
}
