using System.Text.RegularExpressions;

namespace Infra.Constructs.Service;

/// <summary>Where an <see cref="AppSecret"/> is kept.</summary>
public enum SecretStore
{
    /// <summary>An SSM Parameter Store parameter (a <c>SecureString</c>), by its path.</summary>
    Ssm,

    /// <summary>A Secrets Manager secret, by its name (optionally one key of its JSON).</summary>
    SecretsManager,
}

/// <summary>
/// One environment variable of the app whose value is a secret: the variable's name and where the value is kept. Only
/// the reference reaches a template; the value is read when the app starts (<see cref="WebService"/>: ECS puts it in
/// the container's environment; <see cref="WebFunction"/>: the app reads it, see <see cref="WebFunction.SecretsVariable"/>).
/// </summary>
/// <param name="Variable">The environment variable the app reads.</param>
/// <param name="Store">Parameter Store or Secrets Manager.</param>
/// <param name="Name">The parameter's path (<c>/prod/db/password</c>) or the secret's name (<c>prod/stripe</c>).</param>
/// <param name="JsonKey">For a Secrets Manager secret holding JSON: the key whose value is the variable's; null for the whole
/// value.</param>
public sealed partial record AppSecret(string Variable, SecretStore Store, string Name, string? JsonKey = null)
{
    /// <summary>The store's code: <c>ssm</c> or <c>secretsmanager</c>.</summary>
    public string StoreCode => Store == SecretStore.Ssm ? "ssm" : "secretsmanager";

    /// <summary>The reference as configuration writes it: <c>ssm:/path/name</c> or <c>secretsmanager:name[:jsonKey]</c>.</summary>
    public string Reference => $"{StoreCode}:{Name}{(JsonKey is null ? "" : ":" + JsonKey)}";

    /// <summary>Where the value is, as data (<c>store</c>, <c>name</c>, <c>jsonKey</c> when set): what the app on Lambda and
    /// the report read.</summary>
    public IReadOnlyDictionary<string, string> Location =>
        JsonKey is { } key
            ? new Dictionary<string, string>
            {
                ["store"] = StoreCode,
                ["name"] = Name,
                ["jsonKey"] = key,
            }
            : new Dictionary<string, string> { ["store"] = StoreCode, ["name"] = Name };

    /// <summary>Parses <paramref name="reference"/> (<c>ssm:/path/name</c> or <c>secretsmanager:name[:jsonKey]</c>).</summary>
    /// <returns>The secret, or the problem with the reference (echoing it).</returns>
    public static (AppSecret? Secret, string? Problem) Parse(string variable, string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        AppSecret? secret = null;
        if (reference.StartsWith("ssm:", StringComparison.Ordinal))
            secret = new(variable, SecretStore.Ssm, reference["ssm:".Length..]);
        else if (reference.StartsWith("secretsmanager:", StringComparison.Ordinal))
        {
            var parts = reference["secretsmanager:".Length..].Split(':', 2);
            secret = new(variable, SecretStore.SecretsManager, parts[0], parts.Length == 2 ? parts[1] : null);
        }
        var problem = secret is null ? null : secret.FindProblem();
        return secret is not null && problem is null
            ? (secret, null)
            : (null, $"'{reference}' is not a secret reference; expected ssm:/path/name or secretsmanager:name[:jsonKey]{problem}");
    }

    /// <summary>What is wrong with the name or key (as a clause to append), or null.</summary>
    public string? FindProblem() =>
        Store switch
        {
            SecretStore.Ssm when !ParameterPath().IsMatch(Name) =>
                " (a parameter path starts with / and holds letters, digits and _.-/, at most 2048)",
            SecretStore.Ssm
                when Name.StartsWith("/aws", StringComparison.OrdinalIgnoreCase)
                    || Name.StartsWith("/ssm", StringComparison.OrdinalIgnoreCase) => " (paths under /aws and /ssm are AWS's)",
            SecretStore.SecretsManager when !SecretName().IsMatch(Name) =>
                " (a secret name holds letters, digits and /_+=.@-, at most 512)",
            SecretStore.SecretsManager when JsonKey is { } key && (key.Length == 0 || key.Contains(':', StringComparison.Ordinal)) =>
                " (the JSON key is empty or holds ':')",
            _ => null,
        };

    [GeneratedRegex("^/[A-Za-z0-9_.\\-/]{1,2047}$")]
    private static partial Regex ParameterPath();

    [GeneratedRegex("^[A-Za-z0-9/_+=.@-]{1,512}$")]
    private static partial Regex SecretName();
}
