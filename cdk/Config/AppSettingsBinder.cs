using Infra.Constructs.Service;

namespace Infra.App.Config;

/// <summary>
/// Binds the app's own settings from an environment's <c>service</c> object, the same keys on both platforms:
/// <c>environment</c> (plain variables), <c>secrets</c> (variable to <c>ssm:/path/name</c> or
/// <c>secretsmanager:name[:jsonKey]</c>) and <c>secretsKeyArn</c>. Each bad entry fails with one line naming its key.
/// </summary>
internal static class AppSettingsBinder
{
    /// <param name="node">The environment's <c>service</c> object.</param>
    /// <param name="platformVariables">The variables the platform sets (the app's may not take their names).</param>
    public static AppSettings Bind(ConfigNode node, IReadOnlySet<string> platformVariables)
    {
        var variables = node.OptionalStringMap("environment");
        foreach (var (name, _) in variables)
        {
            if (AppSettings.FindVariableProblem(name, platformVariables) is { } problem)
                throw new ConfigException($"{node.KeyPath("environment")}.{name}", problem);
        }
        var secrets = new List<AppSecret>();
        foreach (var (name, reference) in node.OptionalStringMap("secrets"))
        {
            var key = $"{node.KeyPath("secrets")}.{name}";
            var (secret, referenceProblem) = AppSecret.Parse(name, reference);
            var problem = AppSettings.FindVariableProblem(name, platformVariables)
                ?? referenceProblem
                ?? (variables.Any(v => v.Name == name) ? $"'{name}' is also in {node.KeyPath("environment")}; give it one value" : null);
            if (problem is not null)
                throw new ConfigException(key, problem);
            secrets.Add(secret!);
        }
        var app = new AppSettings
        {
            Variables = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
            Secrets = secrets,
            SecretsKeyArn = node.OptionalString("secretsKeyArn"),
        };
        if (app.FindProblem(platformVariables) is { Prop: nameof(AppSettings.SecretsKeyArn) } keyProblem)
            throw new ConfigException(node.KeyPath("secretsKeyArn"), keyProblem.Message);
        return app;
    }
}
