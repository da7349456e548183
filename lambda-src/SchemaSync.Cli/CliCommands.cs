using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using SchemaSync.Inspection;
using SchemaSync.Planning;

namespace SchemaSync.Cli;

/// <summary>
/// The command line, declared once with System.CommandLine: `plan` and `apply`, their options with descriptions (what
/// --help prints), and the checks each value must pass (one error naming the option and the value). Unknown options
/// and commands get the parser's "did you mean" suggestions.
/// </summary>
internal sealed class CliCommands
{
    private const string Url = "url";
    private const string ColumnPair = "schema.table.column=<SQL expression>";

    private readonly Option<string> _source = new("--source")
    {
        Description =
            "the database whose schema is wanted (only read): postgresql://user[:password]@host[:port]/db[?sslmode=verify-full] "
            + "or an Npgsql connection string",
        HelpName = Url,
        Required = true,
    };
    private readonly Option<string> _target = new("--target")
    {
        Description = "the database to change (plan only reads it)",
        HelpName = Url,
        Required = true,
    };
    private readonly Option<string> _format = new("--format")
    {
        Description = "how plan prints the statements: sql (for psql) or json (with each statement's hazards)",
        HelpName = "sql|json",
        DefaultValueFactory = _ => "sql",
    };
    private readonly Option<string[]> _renames = new("--rename")
    {
        Description = "a table, column or enum value renamed, not dropped and added: app.t=t2, app.t.old=new, app.mood.sad=blue",
        HelpName = "old=new",
    };
    private readonly Option<string[]> _backfills = new("--backfill")
    {
        Description = "the value existing rows get in a NOT NULL column the plan adds without a default, or makes NOT NULL",
        HelpName = ColumnPair,
    };
    private readonly Option<string[]> _conversions = new("--using")
    {
        Description = "the conversion of a column whose type changes without a cast (ALTER ... TYPE ... USING)",
        HelpName = ColumnPair,
    };
    private readonly Option<bool> _concurrentIndexes = new("--concurrent-indexes")
    {
        Description = "build new indexes on existing tables CONCURRENTLY after the commit (writes do not wait)",
    };
    private readonly Option<string[]> _excludedSchemas = new("--exclude-schema")
    {
        Description = "a schema neither read nor changed (must exist in one of the databases)",
        HelpName = "name",
    };
    private readonly Option<string[]> _excludedTables = new("--exclude-table")
    {
        Description = "a table neither read nor changed (must exist in one of the databases)",
        HelpName = "schema.table",
    };
    private readonly Option<bool> _privileges = new("--privileges") { Description = "compare and plan privileges (GRANT/REVOKE) too" };
    private readonly Option<string[]> _allowedHazards = new("--allow-hazard")
    {
        Description = "apply statements with this hazard (see the list below); others refuse the apply",
        HelpName = "Hazard",
    };
    private readonly Option<string?> _expectedPlanHash = new("--expected-plan-hash")
    {
        Description = "apply only if the plan is still the one reviewed (its hash, printed by plan)",
        HelpName = "hash",
    };

    public CliCommands()
    {
        _format.Validators.Add(result => Check(result, "sql or json", value => value is "sql" or "json"));
        _renames.Validators.Add(result => Check(result, "old=new", value => Pair(value) is ({ Length: > 0 }, { Length: > 0 })));
        _backfills.Validators.Add(result => Check(result, ColumnPair, IsColumnPair));
        _conversions.Validators.Add(result => Check(result, ColumnPair, IsColumnPair));
        _excludedTables.Validators.Add(result =>
            Check(result, "schema.table", value => value.Split('.') is [{ Length: > 0 }, { Length: > 0 }])
        );
        _allowedHazards.Validators.Add(result =>
        {
            foreach (var name in result.Tokens.Select(t => t.Value))
            {
                if (!Enum.TryParse<Hazard>(name, ignoreCase: false, out var hazard) || !Enum.IsDefined(hazard))
                    result.AddError(
                        $"--allow-hazard '{name}' is not one of {string.Join(", ", Enum.GetNames<Hazard>())}"
                            + Suggestion.For(name, Enum.GetNames<Hazard>())
                    );
            }
        });

        Option[] common =
        [
            _source,
            _target,
            _format,
            _renames,
            _backfills,
            _conversions,
            _concurrentIndexes,
            _excludedSchemas,
            _excludedTables,
            _privileges,
        ];
        var plan = new Command(
            "plan",
            "Read both databases (never writes) and print the statements that make the target's schema the source's, each with its hazards."
        );
        var apply = new Command(
            "apply",
            "Run that plan in one transaction; any statement whose hazard is not allowed refuses the whole apply."
        );
        foreach (var option in common)
        {
            plan.Options.Add(option);
            apply.Options.Add(option);
        }
        apply.Options.Add(_allowedHazards);
        apply.Options.Add(_expectedPlanHash);
        Root = new RootCommand("Plan and apply PostgreSQL schema changes: make a target database's schema equal a source's.")
        {
            plan,
            apply,
        };
        var help = Root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithHazards((HelpAction)help.Action!);
    }

    public RootCommand Root { get; }

    /// <summary>The arguments of a parse without errors (plan or apply).</summary>
    public CliArguments Arguments(ParseResult parsed)
    {
        // The engine's defaults, defined once in InspectionOptions; --exclude-* adds to them.
        var defaults = new InspectionOptions();
        return new CliArguments(
            parsed.CommandResult.Command.Name,
            parsed.GetRequiredValue(_source),
            parsed.GetRequiredValue(_target),
            parsed.GetRequiredValue(_format),
            Pairs(parsed.GetValue(_renames)),
            parsed.GetValue(_concurrentIndexes),
            [.. (parsed.GetValue(_allowedHazards) ?? []).Select(Enum.Parse<Hazard>)],
            parsed.GetValue(_expectedPlanHash),
            [.. defaults.ExcludedSchemas, .. parsed.GetValue(_excludedSchemas) ?? []],
            [.. defaults.ExcludedTables, .. parsed.GetValue(_excludedTables) ?? []],
            parsed.GetValue(_privileges),
            Pairs(parsed.GetValue(_backfills)),
            Pairs(parsed.GetValue(_conversions))
        );
    }

    private static void Check(OptionResult result, string form, Func<string, bool> fits)
    {
        foreach (var value in result.Tokens.Select(t => t.Value).Where(v => !fits(v)))
            result.AddError($"{result.Option.Name} '{value}' is not {form}");
    }

    private static (string Name, string Value) Pair(string value) =>
        value.Split('=', 2) is [var name, var expression] ? (name, expression) : (value, "");

    private static bool IsColumnPair(string value) =>
        Pair(value) is var (name, expression) && name.Split('.').Length == 3 && expression.Length > 0;

    // A name given twice keeps its last value, as a repeated option does in most CLIs.
    private static Dictionary<string, string> Pairs(string[]? values)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in (values ?? []).Select(Pair))
            pairs[name] = value;
        return pairs;
    }

    /// <summary>The parser's help, then what each hazard means (contract/hazards.json) and the exit codes.</summary>
    private sealed class HelpWithHazards(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Hazards (--allow-hazard):");
            foreach (var (name, definition) in HazardDefinitions.All)
                output.WriteLine($"  {name}: {definition.Meaning}");
            output.WriteLine();
            output.WriteLine(ExitCodes);
            return exitCode;
        }
    }

    private const string ExitCodes = """
        Exit codes:
          0  done (no changes, plan printed, or applied)
          1  error, or a failed apply (rolled back)
          2  usage (a bad option or value, or an input that fits neither database)
          3  refused (a hazard not allowed, or a change schema sync cannot make)
          4  the target drifted, or the plan hash differs from the reviewed one
          5  another apply is running
          6  committed, but a concurrent index build failed
        """;
}
