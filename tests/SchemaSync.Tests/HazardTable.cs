using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.TestSupport;

namespace SchemaSync.Tests;

/// <summary>The hazard definitions (contract/hazards.json), the one list the enum, the README and release.yml follow.</summary>
internal static class HazardTable
{
    public static readonly string File = Path.Combine(TestPaths.RepositoryRoot, "contract", "hazards.json");

    public sealed record Row(string Name, bool Release, string ReleaseReason, string Meaning, IReadOnlyList<string> Statements);

    public static IReadOnlyList<Row> Rows { get; } = Load();

    /// <summary>Whether <paramref name="sql"/> is one of the statements the row for <paramref name="hazard"/> lists.</summary>
    public static bool Lists(string hazard, string sql)
    {
        var firstLine = sql.Split('\n')[0];
        return Rows.Single(r => r.Name == hazard).Statements.Any(pattern => Pattern(pattern).IsMatch(firstLine));
    }

    // "ALTER TABLE … DROP COLUMN … (a note)": the note explains, '…' stands for anything, the rest is literal.
    private static Regex Pattern(string statement)
    {
        var literal = Regex.Replace(statement, @" \([^)]*\)$", "");
        return new Regex("^" + string.Join(".*", literal.Split('…').Select(Regex.Escape)), RegexOptions.CultureInvariant);
    }

    private static List<Row> Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File));
        return
        [
            .. document
                .RootElement.GetProperty("hazards")
                .EnumerateArray()
                .Select(h => new Row(
                    h.GetProperty("name").GetString()!,
                    h.GetProperty("release").GetBoolean(),
                    h.GetProperty("releaseReason").GetString()!,
                    h.GetProperty("meaning").GetString()!,
                    [.. h.GetProperty("statements").EnumerateArray().Select(s => s.GetString()!)]
                )),
        ];
    }
}
