using System.Text.RegularExpressions;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Service;

/// <summary>
/// The app's own settings in one environment, the same on both platforms: plain environment variables, variables whose
/// values are secrets (only their references reach a template), and the KMS key those secrets are encrypted with.
/// </summary>
public sealed partial record AppSettings
{
    /// <summary>Plain (non-secret) environment variables, added to the platform's own (<c>DB_*</c>).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Variables whose values are read from Parameter Store or Secrets Manager when the app starts.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<AppSecret> Secrets { get; init; } = [];

    /// <summary>
    /// The customer managed KMS key the secrets are encrypted with: the app's role may decrypt with it (only through
    /// the two services). Null for the services' AWS managed keys, which need no grant.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public string? SecretsKeyArn { get; init; }

    /// <summary>The first problem, or null: a variable name that is not one, is the platform's (<paramref name="platformVariables"/>,
    /// or starts with <c>AWS_</c>), or is both plain and secret; a secret reference or key ARN that is not one.</summary>
    public PropProblem? FindProblem(IReadOnlySet<string> platformVariables)
    {
        ArgumentNullException.ThrowIfNull(platformVariables);
        foreach (var name in Variables.Keys)
        {
            if (FindVariableProblem(name, platformVariables) is { } problem)
                return new PropProblem($"{nameof(Variables)}.{name}", problem);
        }
        foreach (var secret in Secrets)
        {
            var problem = FindVariableProblem(secret.Variable, platformVariables)
                ?? (Variables.ContainsKey(secret.Variable) ? "is also a plain variable; give it one value" : null)
                ?? (secret.FindProblem() is { } clause ? $"'{secret.Reference}' is not a secret reference{clause}" : null)
                ?? (Secrets.Count(s => s.Variable == secret.Variable) > 1 ? "is given twice" : null);
            if (problem is not null)
                return new PropProblem($"{nameof(Secrets)}.{secret.Variable}", problem);
        }
        return SecretsKeyArn is { } arn && !KmsKeyArn().IsMatch(arn)
            ? new PropProblem(nameof(SecretsKeyArn), $"'{arn}' is not a KMS key ARN")
            : null;
    }

    /// <summary>What is wrong with <paramref name="name"/> as an app variable, or null.</summary>
    public static string? FindVariableProblem(string name, IReadOnlySet<string> platformVariables)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(platformVariables);
        if (!VariableName().IsMatch(name))
            return $"'{name}' is not an environment variable name (letters, digits and _, not starting with a digit)";
        if (name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase))
            return $"'{name}': names starting with AWS_ are reserved for AWS";
        return platformVariables.Contains(name)
            ? $"'{name}' is set by the platform ({string.Join(", ", platformVariables.Order(StringComparer.Ordinal))})"
            : null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$")]
    private static partial Regex KmsKeyArn();
}
