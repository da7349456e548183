using System.CommandLine.Invocation;
using System.Diagnostics;
using Npgsql;
using SchemaSync.Applying;
using SchemaSync.Cli;
using SchemaSync.Connections;
using SchemaSync.Inspection;
using SchemaSync.Model;
using SchemaSync.Planning;

// stdout carries only the plan (SQL or JSON), so it can be piped into psql; everything else goes to stderr.
var commands = new CliCommands();
var parsed = commands.Root.Parse(args);
if (parsed.Action is ParseErrorAction errors)
{
    // Each problem on a line of its own, with the parser's suggestion for a mistyped option or command; exit code 2.
    // stdout carries only plans: the suggestions go to stderr with the errors.
    errors.ShowHelp = false;
    parsed.Invoke(new System.CommandLine.InvocationConfiguration { Output = Console.Error });
    Console.Error.WriteLine("schema-sync: see 'schema-sync plan --help' and 'schema-sync apply --help'");
    return 2;
}
if (parsed.Action is not null)
    return parsed.Invoke(); // --help, --version
try
{
    var cli = commands.Arguments(parsed);
    var inspection = new InspectionOptions
    {
        ExcludedSchemas = cli.ExcludedSchemas,
        ExcludedTables = cli.ExcludedTables,
        IncludePrivileges = cli.IncludePrivileges,
    };
    var planOptions = new PlanOptions
    {
        Renames = cli.Renames,
        ConcurrentIndexes = cli.ConcurrentIndexes,
        Backfills = cli.Backfills,
        Conversions = cli.Conversions,
    };
    var sourceConnection = SessionBounds.Apply(ConnectionStrings.ToNpgsql(cli.Source));
    var targetConnection = SessionBounds.Apply(ConnectionStrings.ToNpgsql(cli.Target));

    var clock = Stopwatch.StartNew();
    // One connection per database for the whole plan: each costs a server process and its first query (about 10 ms).
    await using var sourceData = DataSource(sourceConnection);
    await using var targetData = DataSource(targetConnection);
    var connections = await Task.WhenAll(sourceData.OpenConnectionAsync().AsTask(), targetData.OpenConnectionAsync().AsTask());
    await using var sourceDatabase = connections[0];
    await using var targetDatabase = connections[1];
    var inspected = await Task.WhenAll(InspectAsync(sourceDatabase, inspection), InspectAsync(targetDatabase, inspection));
    var (source, target) = (inspected[0], inspected[1]);
    await RequireExclusionsMatchAsync(cli, sourceDatabase, targetDatabase);
    var plan = await RefuseChangesThatWouldFailAsync(
        Planner.Create(source, target, planOptions),
        source,
        target,
        targetDatabase,
        planOptions
    );
    Console.Error.WriteLine(
        $"schema-sync: inspected both databases and planned {plan.Statements.Count} statement(s) in {clock.ElapsedMilliseconds} ms; "
            + $"plan hash {plan.Hash}"
    );

    if (cli.Command == "plan")
    {
        Console.Out.Write(cli.Format == "json" ? PlanFormatter.Json(plan) : PlanFormatter.Sql(plan));
        Console.Error.WriteLine(PlanSummary.Of(plan, Colours.ForStandardError));
        return plan.Unsupported.Count > 0 ? 3 : 0;
    }

    if (cli.ExpectedPlanHash is { } expected && expected != plan.Hash)
    {
        Console.Error.WriteLine(
            $"schema-sync: the plan hash is {plan.Hash}, not the reviewed {expected}: the schemas changed since review; nothing was applied"
        );
        return 4;
    }
    var result = await PlanApplier.ApplyAsync(
        targetConnection,
        source,
        plan,
        new ApplyOptions
        {
            AllowedHazards = cli.AllowedHazards,
            Inspection = inspection,
            Plan = planOptions,
        }
    );
    Console.Error.WriteLine($"schema-sync: {result.Outcome}: {result.Message}");
    return result.Outcome switch
    {
        ApplyOutcome.Applied or ApplyOutcome.NoChanges => 0,
        ApplyOutcome.Refused => 3,
        ApplyOutcome.TargetDrifted => 4,
        ApplyOutcome.Busy => 5,
        ApplyOutcome.PartiallyApplied => 6,
        _ => 1,
    };
}
catch (PlanInputException e)
{
    Console.Error.WriteLine($"schema-sync: {e.Message}");
    return 2;
}
catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
{
    Console.Error.WriteLine($"schema-sync: error: {e.Message}");
    return 1;
}

// A removed enum label still held by a row, or a type change with no cast, would fail the apply: the plan says so first.
static async Task<Plan> RefuseChangesThatWouldFailAsync(
    Plan plan,
    DatabaseModel source,
    DatabaseModel target,
    NpgsqlConnection targetDatabase,
    PlanOptions options
)
{
    plan = await EnumLabelCheck.RefuseLabelsInUseAsync(plan, source, target, targetDatabase, options);
    return await CastCheck.RefuseChangesWithoutCastAsync(plan, source, target, targetDatabase, options);
}

// An exclusion that matches nothing in either database is most likely a typo that leaves the meant object in the plan.
static async Task RequireExclusionsMatchAsync(CliArguments cli, NpgsqlConnection sourceDatabase, NpgsqlConnection targetDatabase)
{
    if (cli.RequestedSchemaExclusions.Count == 0 && cli.RequestedTableExclusions.Count == 0)
        return;
    var unmatched = new HashSet<string>(
        cli.RequestedSchemaExclusions.Select(s => $"--exclude-schema '{s}'")
            .Concat(cli.RequestedTableExclusions.Select(t => $"--exclude-table '{t}'")),
        StringComparer.Ordinal
    );
    foreach (var connection in new[] { sourceDatabase, targetDatabase })
    {
        unmatched.IntersectWith(
            await CatalogInspector.UnmatchedExclusionsAsync(connection, cli.RequestedSchemaExclusions, cli.RequestedTableExclusions)
        );
    }
    if (unmatched.Count > 0)
        throw new PlanInputException(
            $"{string.Join(", ", unmatched.Order(StringComparer.Ordinal))} matches nothing in the source or the target; nothing was planned"
        );
}

// The slim builder loads only the type handlers a catalog read needs (text, numbers, arrays), and nothing is asked of the
// server's pg_type (the catalog is read as built-in types): a faster cold start.
static NpgsqlDataSource DataSource(string connectionString)
{
    var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
    builder.ConfigureTypeLoading(loading => loading.EnableTypeLoading(false));
    builder.EnableArrays();
    return builder.Build();
}

// Both databases are only read here: a read-only transaction makes that a guarantee. REPEATABLE READ: every catalog
// query sees the same snapshot, so DDL run meanwhile cannot tear the model (a column of a table the table query missed).
static async Task<DatabaseModel> InspectAsync(NpgsqlConnection connection, InspectionOptions options)
{
    await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
    await using (var command = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        await command.ExecuteNonQueryAsync();
    var model = await CatalogInspector.InspectAsync(connection, options);
    // Hashed while the other database is still being read: the plan needs both hashes.
    _ = model.HashAsync();
    await transaction.RollbackAsync();
    return model;
}
