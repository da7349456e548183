using System.Reflection;

namespace Infra.Constructs.Tests.Service;

/// <summary>
/// Every settable property of a settings record, each changed alone to another valid value: the closure of a
/// construct's inputs for tests that must hold for all of them (a property added later is varied too). Ints step by
/// one (up, or down where up is invalid), booleans flip, enums move to the next value, strings grow; a property with no
/// generic variation (a null string, a list, a value whose neighbours are invalid) must be given one in
/// <c>special</c>, or the enumeration fails naming it.
/// </summary>
internal static class SettingsVariations
{
    /// <param name="baseline">The settings every variation starts from.</param>
    /// <param name="special">Variations for properties the generic rule cannot vary.</param>
    /// <param name="isValid">The construct's own validation (a variation must pass it).</param>
    public static IEnumerable<(string Name, T Varied)> Of<T>(
        T baseline,
        IReadOnlyDictionary<string, Func<T, T>> special,
        Func<T, bool> isValid
    )
        where T : class
    {
        var clone = typeof(T).GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{typeof(T).Name} is not a record");
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (special.TryGetValue(property.Name, out var vary))
            {
                yield return (property.Name, vary(baseline));
                continue;
            }
            var candidates = Candidates(property, property.GetValue(baseline))
                .Select(value =>
                {
                    var varied = (T)clone.Invoke(baseline, null)!;
                    property.SetValue(varied, value);
                    return varied;
                })
                .Where(isValid)
                .ToList();
            if (candidates.Count == 0)
                throw new InvalidOperationException(
                    $"{typeof(T).Name}.{property.Name}: no valid neighbour of its value; give it a variation"
                );
            yield return (property.Name, candidates[0]);
        }
    }

    private static object[] Candidates(PropertyInfo property, object? value) =>
        value switch
        {
            int i => [i + 1, i - 1],
            bool b => [!b],
            string s => [s + "x"],
            Enum e => [NextEnum(e)],
            _ => throw new InvalidOperationException(
                $"{property.DeclaringType!.Name}.{property.Name} ({value ?? "null"}) has no generic variation: give it one"
            ),
        };

    private static object NextEnum(Enum value)
    {
        var values = Enum.GetValues(value.GetType());
        var index = Array.IndexOf(values, value);
        return values.GetValue((index + 1) % values.Length)!;
    }
}
