using System.Text.Json;

namespace SchemaSync.Cli;

/// <summary>contract/hazards.json, embedded: each hazard's one-line meaning and whether a release applies it.</summary>
internal static class HazardDefinitions
{
    public static IReadOnlyDictionary<string, (string Meaning, bool Release)> All { get; } = Load();

    private static Dictionary<string, (string Meaning, bool Release)> Load()
    {
        using var stream = typeof(HazardDefinitions).Assembly.GetManifestResourceStream("hazards.json")!;
        using var document = JsonDocument.Parse(stream);
        return document
            .RootElement.GetProperty("hazards")
            .EnumerateArray()
            .ToDictionary(
                h => h.GetProperty("name").GetString()!,
                h => (h.GetProperty("meaning").GetString()!, h.GetProperty("release").GetBoolean()),
                StringComparer.Ordinal
            );
    }
}
