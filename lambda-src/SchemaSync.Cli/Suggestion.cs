namespace SchemaSync.Cli;

/// <summary>The known word nearest a mistyped one (an option, a hazard), when it is near enough to be the one meant.</summary>
internal static class Suggestion
{
    /// <summary>" did you mean 'x'?" for the nearest of <paramref name="known"/> within a third of the word's length, else "".</summary>
    public static string For(string typed, IEnumerable<string> known)
    {
        var (best, distance) = known
            .Select(k => (Word: k, Distance: Distance(typed.ToLowerInvariant(), k.ToLowerInvariant())))
            .MinBy(k => k.Distance);
        return best is not null && distance <= Math.Max(2, typed.Length / 3) ? $"; did you mean '{best}'?" : "";
    }

    // Levenshtein distance: insertions, deletions and substitutions.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
