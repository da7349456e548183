using SchemaSync.Planning;

namespace SchemaSync.Cli;

/// <summary>The parsed command line. Hand-parsed: a handful of options does not need a parser package.</summary>
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

    /// <summary>What a usage error repeats (stderr, exit 2), and --help begins with. The hazards are the engine's own
    /// list, so none is left out.</summary>
    public static string Usage { get; } =
        $"""
            usage: schema-sync plan  --source <url> --target <url> [--format sql|json] [--rename old=new]...
                                     [--backfill schema.table.column=<SQL>]... [--using schema.table.column=<SQL>]...
                                     [--concurrent-indexes]
                   schema-sync apply --source <url> --target <url> [--allow-hazard <Hazard>]... [--expected-plan-hash <hash>]
                                     [...plan options]
                   schema-sync --help
              plan: reads both databases (never writes), prints the statements that make the target's schema the source's, each
                    with its hazards; apply: runs that plan in one transaction and refuses any statement whose hazard is not allowed
              common: [--exclude-schema <name>]... [--exclude-table <schema.table>]... [--privileges]
              <url>: postgresql://user[:password]@host[:port]/db[?sslmode=verify-full] or an Npgsql connection string
              hazards (--allow-hazard; their meanings: contract/hazards.json): {string.Join(", ", Enum.GetNames<Hazard>())}
            exit codes: 0 done (no changes, plan printed, or applied); 1 error or failed apply (rolled back); 2 usage;
                        3 refused (hazard not allowed or unsupported change); 4 target drifted or plan hash differs;
                        5 another apply is running; 6 committed, but a concurrent index build failed
            """;

    /// <summary>What `schema-sync --help` prints: the usage, then what each hazard means (contract/hazards.json).</summary>
    public static string Help() =>
        Usage
        + Environment.NewLine
        + "what each hazard means:"
        + Environment.NewLine
        + string.Join(Environment.NewLine, HazardDefinitions.All.Select(h => $"  {h.Key}: {h.Value.Meaning}"));

    /// <summary>Whether the arguments ask for the usage (anywhere: `schema-sync plan --help` too).</summary>
    public static bool AsksForHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "help");

    /// <summary>Every option <see cref="Parse"/> reads (what an unknown one is compared with).</summary>
    private static readonly string[] Options =
    [
        "--source",
        "--target",
        "--format",
        "--rename",
        "--backfill",
        "--using",
        "--allow-hazard",
        "--expected-plan-hash",
        "--concurrent-indexes",
        "--privileges",
        "--exclude-schema",
        "--exclude-table",
        "--help",
    ];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("plan" or "apply"))
            throw new UsageException(
                $"the first argument must be 'plan' or 'apply'{(args.Count > 0 ? Suggestion.For(args[0], ["plan", "apply"]) : "")}"
            );
        string? source = null,
            target = null,
            expectedHash = null;
        var format = "sql";
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var backfills = new Dictionary<string, string>(StringComparer.Ordinal);
        var conversions = new Dictionary<string, string>(StringComparer.Ordinal);
        var hazards = new List<Hazard>();
        // The engine's defaults, defined once in InspectionOptions; --exclude-* adds to them.
        var defaults = new Inspection.InspectionOptions();
        var schemas = new List<string>(defaults.ExcludedSchemas);
        var tables = new List<string>(defaults.ExcludedTables);
        var concurrent = false;
        var privileges = false;
        for (var i = 1; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            // name=value options: the name must fit, the value must not be empty.
            void AddPair(Dictionary<string, string> into, string form, Func<string, bool> nameFits)
            {
                var option = args[i];
                var pair = Value().Split('=', 2);
                if (pair.Length != 2 || !nameFits(pair[0]) || pair[1].Length == 0)
                    throw new UsageException($"{option} '{string.Join('=', pair)}' is not {form}");
                into[pair[0]] = pair[1];
            }
            switch (args[i])
            {
                case "--source":
                    source = Value();
                    break;
                case "--target":
                    target = Value();
                    break;
                case "--format":
                    format = Value();
                    if (format is not ("sql" or "json"))
                        throw new UsageException($"--format '{format}' is not sql or json");
                    break;
                case "--rename":
                    AddPair(renames, "old=new", name => name.Length > 0);
                    break;
                case "--backfill":
                    AddPair(backfills, "schema.table.column=<SQL expression>", name => name.Split('.').Length == 3);
                    break;
                case "--using":
                    AddPair(conversions, "schema.table.column=<SQL expression>", name => name.Split('.').Length == 3);
                    break;
                case "--allow-hazard":
                    var name = Value();
                    hazards.Add(
                        Enum.TryParse<Hazard>(name, ignoreCase: false, out var hazard) && Enum.IsDefined(hazard)
                            ? hazard
                            : throw new UsageException(
                                $"--allow-hazard '{name}' is not one of {string.Join(", ", Enum.GetNames<Hazard>())}"
                                    + Suggestion.For(name, Enum.GetNames<Hazard>())
                            )
                    );
                    break;
                case "--expected-plan-hash":
                    expectedHash = Value();
                    break;
                case "--concurrent-indexes":
                    concurrent = true;
                    break;
                case "--privileges":
                    privileges = true;
                    break;
                case "--exclude-schema":
                    schemas.Add(Value());
                    break;
                case "--exclude-table":
                    var table = Value();
                    tables.Add(
                        table.Split('.') is [{ Length: > 0 }, { Length: > 0 }]
                            ? table
                            : throw new UsageException($"--exclude-table '{table}' is not schema.table")
                    );
                    break;
                default:
                    throw new UsageException($"unknown option '{args[i]}'{Suggestion.For(args[i], Options)}");
            }
        }
        return new CliArguments(
            args[0],
            source ?? throw new UsageException("--source is required"),
            target ?? throw new UsageException("--target is required"),
            format,
            renames,
            concurrent,
            hazards,
            expectedHash,
            schemas,
            tables,
            privileges,
            backfills,
            conversions
        );
    }
}

/// <summary>A command line the CLI cannot run; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
