namespace Infra.App.Config;

/// <summary>
/// The availability zones the network is laid out in come from cdk.context.json (synth never looks them up: no AWS
/// credentials are needed). A region without its entry would otherwise fail later with CDK's "context lookups
/// disabled"; this names the entry to add, with the usual zone names as its example.
/// </summary>
internal static class AvailabilityZoneContext
{
    /// <summary>The context key CDK reads the zones of <paramref name="account"/> in <paramref name="region"/> from.</summary>
    public static string KeyOf(string account, string region) => $"availability-zones:account={account}:region={region}";

    /// <summary>Throws a <see cref="ConfigException"/> naming the first missing entry, given the context reader.</summary>
    public static void Require(InfraConfig config, Func<string, object?> context)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Every environment shares the account's network (the binder enforces one account and region).
        var key = KeyOf(config.Account, config.Region);
        if (context(key) is null)
            throw new ConfigException(
                "cdk.context.json",
                $"no availability zones for account {config.Account} in {config.Region}; add \"{key}\": "
                    + $"[\"{config.Region}a\", \"{config.Region}b\", \"{config.Region}c\"] (the zones your account has there, "
                    + "from `aws ec2 describe-availability-zones`; network.maxAzs takes the first ones)"
            );
    }
}
