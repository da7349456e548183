namespace Infra.App.Config;

/// <summary>Which environments to synthesize: the <c>env</c> context value (comma-separated names), or all of them.</summary>
public static class EnvironmentSelection
{
    /// <summary>The context key, as in <c>npx cdk synth -c env=dev</c>.</summary>
    public const string ContextKey = "env";

    /// <summary>Resolves <paramref name="names"/> (null or empty for all) against the configured environments.</summary>
    public static IReadOnlyList<EnvironmentConfig> Select(InfraConfig config, string? names)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(names))
            return config.Environments;
        var byName = config.Environments.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var selected = new List<EnvironmentConfig>();
        foreach (var name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!byName.TryGetValue(name, out var environment))
                throw new ConfigException(
                    ContextKey,
                    $"'{name}' is not a configured environment; expected one of {string.Join(", ", byName.Keys)}"
                );
            if (!selected.Contains(environment))
                selected.Add(environment);
        }
        return selected;
    }
}
