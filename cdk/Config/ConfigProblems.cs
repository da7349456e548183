namespace Infra.App.Config;

/// <summary>
/// Collects the configuration's problems section by section, so one synth reports every independent one (a round
/// trip is several seconds). A section that fails is left out of what is bound; what depends on it is not checked.
/// </summary>
internal sealed class ConfigProblems
{
    private readonly List<ConfigException> _found = [];

    /// <summary>Whether no section has failed so far.</summary>
    public bool None => _found.Count == 0;

    /// <summary>Binds one section; on a problem, records it and returns default.</summary>
    public T? Try<T>(Func<T> bind)
    {
        try
        {
            return bind();
        }
        catch (ConfigException e)
        {
            _found.Add(e);
            return default;
        }
    }

    /// <summary>Checks one section.</summary>
    public void Try(Action check) =>
        Try(() =>
        {
            check();
            return true;
        });

    /// <summary>Throws the one problem found, or all of them (<see cref="ConfigProblemsException"/>).</summary>
    public void ThrowIfAny()
    {
        if (_found.Count == 1)
            throw _found[0];
        if (_found.Count > 1)
            throw new ConfigProblemsException(_found);
    }
}

/// <summary>More than one configuration problem: each is a one-line <see cref="ConfigException"/>.</summary>
public sealed class ConfigProblemsException(IReadOnlyList<ConfigException> problems)
    : Exception(string.Join(Environment.NewLine, problems.Select(p => p.Message)))
{
    /// <summary>The problems, in the order the sections were read.</summary>
    public IReadOnlyList<ConfigException> Problems { get; } = problems;
}
