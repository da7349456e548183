using SchemaSync.Planning;

namespace SchemaSync.Cli;

/// <summary>The parsed command line (<see cref="CliCommands"/> parses it).</summary>
internal sealed record CliArguments(
    string Command,
    string Source,
    string Target,
    string Format,
    IReadOnlyDictionary<string, string> Renames,
    bool ConcurrentIndexes,
    IReadOnlyList<Hazard> AllowedHazards,
    string? ExpectedPlanHash,
    IReadOnlyList<string> ExcludedSchemas,
    IReadOnlyList<string> ExcludedTables,
    bool IncludePrivileges,
    IReadOnlyDictionary<string, string> Backfills,
    IReadOnlyDictionary<string, string> Conversions
)
{
    /// <summary>The schema exclusions the user asked for (not the engine's defaults): each must match something.</summary>
    public IReadOnlyList<string> RequestedSchemaExclusions =>
        [.. ExcludedSchemas.Except(new Inspection.InspectionOptions().ExcludedSchemas)];

    /// <summary>The table exclusions the user asked for.</summary>
    public IReadOnlyList<string> RequestedTableExclusions => [.. ExcludedTables.Except(new Inspection.InspectionOptions().ExcludedTables)];
}
