namespace Infra.Constructs.Validation;

/// <summary>
/// What is wrong with one prop: its name and a message that echoes the bad value. Each construct's props
/// validation returns one, so the construct can throw it and an app can re-key it to its own config key.
/// </summary>
public sealed record PropProblem(string Prop, string Message)
{
    /// <summary>The same problem, named under <paramref name="parent"/> (a prop holding a record: <c>App.Secrets.KEY</c>).</summary>
    public PropProblem Under(string parent) => this with { Prop = $"{parent}.{Prop}" };

    /// <summary>Throws the problem, if any, as an <see cref="ArgumentException"/> naming the construct and the prop.</summary>
    public static void ThrowIfAny(PropProblem? problem, string constructType, string id)
    {
        if (problem is not null)
            throw new ArgumentException($"{constructType} {id}: {problem.Prop}: {problem.Message}", "props");
    }
}
