namespace SchemaSync.Cli;

/// <summary>
/// ANSI colours for what stderr shows a person: only on a terminal, never when NO_COLOR is set (no-color.org), and on
/// request (FORCE_COLOR) when stderr is piped into a pager. stdout, which carries plans, is never coloured.
/// </summary>
internal sealed class Colours(bool enabled)
{
    public static Colours ForStandardError { get; } =
        new(
            string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                && (!Console.IsErrorRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FORCE_COLOR")))
        );

    /// <summary>What a release refuses without a reviewer's override, and refusals.</summary>
    public string Red(string text) => Paint("31", text);

    /// <summary>What a release allows but a reviewer should see.</summary>
    public string Yellow(string text) => Paint("33", text);

    /// <summary>The plan hash a reviewed apply names.</summary>
    public string Bold(string text) => Paint("1", text);

    private string Paint(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
