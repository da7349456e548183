namespace Infra.App.Config;

/// <summary>Invalid configuration: <see cref="Exception.Message"/> is one line naming the key and the bad value.</summary>
public sealed class ConfigException(string key, string problem) : Exception($"{key}: {problem}")
{
    /// <summary>Full path of the offending key, for example <c>infra.environments.dev.account</c>.</summary>
    public string Key { get; } = key;
}
