using System.Text.Json;
using Infra.TestSupport;

namespace SchemaSync.Tests;

/// <summary>The schema-sync command as a user runs it: a separate process, stdout for the plan only.</summary>
[Collection(PostgresServers.CollectionName)]
public sealed class CliTests(PostgresServers servers)
{
    private readonly PostgresServer server = servers.Of(Majors.Production);

    private static ProcessResult Run(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "schema-sync.dll"), .. args]);

    private string Url(string database) => $"postgresql://schema_sync@127.0.0.1:{server.Port}/{database}";

    [Fact]
    public void Prints_only_sql_on_stdout_that_psql_could_run()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");

        var (exitCode, stdout, stderr) = Run("plan", "--source", Url(pair.Source), "--target", Url(pair.Target));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("-- schema-sync plan ", stdout, StringComparison.Ordinal);
        Assert.Contains("BEGIN;", stdout, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE app.t ADD COLUMN note text;", stdout, StringComparison.Ordinal);
        Assert.Contains("COMMIT;", stdout, StringComparison.Ordinal);
        Assert.Contains("planned 1 statement(s)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("planned", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Ends_a_plan_with_a_summary_on_stderr_naming_each_hazard_its_meaning_and_the_option_apply_needs()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, note text NOT NULL DEFAULT '');",
            "CREATE TABLE app.t (id int, note text, gone int); INSERT INTO app.t VALUES (1, NULL, 2);"
        );

        var (exitCode, stdout, stderr) = Run("plan", "--source", Url(pair.Source), "--target", Url(pair.Target));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("summary", stdout, StringComparison.Ordinal);
        var summary = stderr[stderr.IndexOf("schema-sync: summary", StringComparison.Ordinal)..];
        Assert.Contains("  statements: 4 (ALTER TABLE 3, UPDATE 1)", summary, StringComparison.Ordinal);
        Assert.Contains("  DeletesData (1): rows or values are gone for good", summary, StringComparison.Ordinal);
        Assert.Contains("    apply needs --allow-hazard DeletesData; a release refuses it", summary, StringComparison.Ordinal);
        Assert.Contains("  InventsValues (1): existing rows get", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", stderr, StringComparison.Ordinal); // stderr is not a terminal here
        var coloured = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "schema-sync.dll"), "plan", "--source", Url(pair.Source), "--target", Url(pair.Target)],
            new Dictionary<string, string> { ["FORCE_COLOR"] = "1" }
        );
        Assert.Contains("  \u001b[31mDeletesData\u001b[0m (1)", coloured.Stderr, StringComparison.Ordinal);
        Assert.Contains("  \u001b[31mInventsValues\u001b[0m (1)", coloured.Stderr, StringComparison.Ordinal);
        Assert.Equal(stdout, coloured.Stdout); // the plan itself is never coloured
        var hash = JsonDocument.Parse(Run("plan", "--source", Url(pair.Source), "--target", Url(pair.Target), "--format", "json").Stdout);
        Assert.Contains(
            $"  plan hash: {hash.RootElement.GetProperty("planHash").GetString()} (apply --expected-plan-hash",
            summary,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Suggests_the_option_or_hazard_a_typo_meant()
    {
        var option = Run("plan", "--sorce", "x", "--target", "y");
        Assert.Equal(2, option.ExitCode);
        Assert.Contains(
            "'--sorce' was not matched. Did you mean one of the following?\n--source\n",
            option.Stderr,
            StringComparison.Ordinal
        );
        Assert.Empty(option.Stdout);
        var hazard = Run("apply", "--source", "x", "--target", "y", "--allow-hazard", "RewriteTable");
        Assert.Equal(2, hazard.ExitCode);
        Assert.Contains("did you mean 'RewritesTable'?", hazard.Stderr, StringComparison.Ordinal);
        var command = Run("plna", "--source", "x");
        Assert.Contains("'plna' was not matched. Did you mean one of the following?\nplan\n", command.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", Run("plan", "--zzzzzzzz", "x").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_bad_value_in_one_run_each_on_its_own_line()
    {
        var (exitCode, stdout, stderr) = Run(
            "plan",
            "--source",
            "x",
            "--target",
            "y",
            "--format",
            "yaml",
            "--rename",
            "oops",
            "--exclude-table",
            "nodot"
        );

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        var lines = stderr.Split('\n');
        Assert.Contains("--format 'yaml' is not sql or json", lines);
        Assert.Contains("--rename 'oops' is not old=new", lines);
        Assert.Contains("--exclude-table 'nodot' is not schema.table", lines);
    }

    [Fact]
    public void Prints_json_with_hashes_statements_and_hazards()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int);", "CREATE TABLE app.t (id int, old text);");

        var (exitCode, stdout, _) = Run(
            "plan",
            "--source",
            Url(pair.Source),
            "--target",
            $"Host=127.0.0.1;Port={server.Port};Username=schema_sync;Database={pair.Target}",
            "--format",
            "json"
        );

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(64, json.GetProperty("planHash").GetString()!.Length);
        var statement = json.GetProperty("statements")[0];
        Assert.Equal("ALTER TABLE app.t DROP COLUMN old", statement.GetProperty("sql").GetString());
        Assert.Contains("DeletesData", statement.GetProperty("hazards").EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public async Task Applies_with_allowed_hazards_and_never_writes_to_the_source()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int);", "CREATE TABLE app.t (id int, old text);");
        var sourceBefore = (await DatabasePair.InspectAsync(pair.SourceConnection)).ComputeHash();

        var refused = Run("apply", "--source", Url(pair.Source), "--target", Url(pair.Target));
        var applied = Run(
            "apply",
            "--source",
            Url(pair.Source),
            "--target",
            Url(pair.Target),
            "--allow-hazard",
            "DeletesData",
            "--allow-hazard",
            "AcquiresAccessExclusiveLock"
        );
        var again = Run("plan", "--source", Url(pair.Source), "--target", Url(pair.Target));

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("DeletesData", refused.Stderr, StringComparison.Ordinal);
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        Assert.Contains("-- no changes", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(sourceBefore, (await DatabasePair.InspectAsync(pair.SourceConnection)).ComputeHash());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("plan", "--help")]
    [InlineData("apply", "--source", "x", "-h")]
    public void Prints_the_usage_with_every_hazard_on_help_and_exits_0(params string[] args)
    {
        var (exitCode, stdout, stderr) = Run(args);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Usage:\n  schema-sync", stdout, StringComparison.Ordinal);
        // The command's own options (the root lists the commands).
        Assert.Contains(
            args[0] switch
            {
                "plan" => "--source <url>",
                "apply" => "--allow-hazard <Hazard>",
                _ => "apply",
            },
            stdout,
            StringComparison.Ordinal
        );
        Assert.Contains("  6  committed, but a concurrent index build failed", stdout, StringComparison.Ordinal);
        Assert.All(Enum.GetNames<SchemaSync.Planning.Hazard>(), hazard => Assert.Contains(hazard, stdout, StringComparison.Ordinal));
        // What each means, as the contract defines it.
        using var contract = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(Infra.TestSupport.TestPaths.RepositoryRoot, "contract", "hazards.json"))
        );
        foreach (var hazard in contract.RootElement.GetProperty("hazards").EnumerateArray())
            Assert.Contains(
                $"  {hazard.GetProperty("name").GetString()}: {hazard.GetProperty("meaning").GetString()}",
                stdout,
                StringComparison.Ordinal
            );
    }

    [Fact]
    public void Refuses_to_apply_a_plan_other_than_the_reviewed_one()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");

        var (exitCode, _, stderr) = Run(
            "apply",
            "--source",
            Url(pair.Source),
            "--target",
            Url(pair.Target),
            "--allow-hazard",
            "AcquiresAccessExclusiveLock",
            "--expected-plan-hash",
            new string('0', 64)
        );

        Assert.Equal(4, exitCode);
        Assert.Contains("not the reviewed", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "diff" }, "Unrecognized command or argument 'diff'")]
    [InlineData(new[] { "plan", "--source", "x" }, "Option '--target' is required.")]
    [InlineData(new[] { "plan", "--source", "x", "--target", "y", "--format", "yaml" }, "--format 'yaml' is not sql or json")]
    [InlineData(
        new[] { "apply", "--source", "x", "--target", "y", "--allow-hazard", "Everything" },
        "--allow-hazard 'Everything' is not one of"
    )]
    [InlineData(new[] { "plan", "--source", "x", "--target", "y", "--rename", "oops" }, "--rename 'oops' is not old=new")]
    public void Fails_bad_usage_with_exit_code_2(string[] args, string expected)
    {
        var (exitCode, stdout, stderr) = Run(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public void Fails_an_unreachable_database_with_exit_code_1_and_no_password_echoed()
    {
        var (exitCode, _, stderr) = Run(
            "plan",
            "--source",
            "postgresql://u:secret@127.0.0.1:1/db",
            "--target",
            "postgresql://u:secret@127.0.0.1:1/db"
        );

        Assert.Equal(1, exitCode);
        Assert.Contains("error:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rename", "app.gone=t2", "rename hint 'app.gone=t2': no table, column or enum value 'app.gone' in the target")]
    [InlineData("--rename", "app.t=elsewhere", "rename hint 'app.t=elsewhere': the source has no table app.elsewhere to rename to")]
    [InlineData("--exclude-table", "app.tpyo", "--exclude-table 'app.tpyo' matches nothing in the source or the target")]
    [InlineData("--exclude-schema", "reportng", "--exclude-schema 'reportng' matches nothing in the source or the target")]
    [InlineData("--exclude-table", "no_schema", "--exclude-table 'no_schema' is not schema.table")]
    [InlineData(
        "--backfill",
        "app.t.nope='x'",
        "backfill 'app.t.nope': the plan adds no NOT NULL column without a default by that name to an existing table"
    )]
    [InlineData("--backfill", "nodots=1", "--backfill 'nodots=1' is not schema.table.column=<SQL expression>")]
    public void Fails_inputs_that_do_not_fit_the_databases_with_exit_code_2_and_plans_nothing(string option, string value, string expected)
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");

        var (exitCode, stdout, stderr) = Run("plan", "--source", Url(pair.Source), "--target", Url(pair.Target), option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public void Accepts_an_exclusion_that_matches_a_table_in_either_database()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int); CREATE TABLE app.scratch (x int);",
            "CREATE TABLE app.t (id int);"
        );

        var (exitCode, stdout, stderr) = Run(
            "plan",
            "--source",
            Url(pair.Source),
            "--target",
            Url(pair.Target),
            "--exclude-table",
            "app.scratch"
        );

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("-- no changes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_type_change_without_a_cast_until_using_gives_the_conversion()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.events (at timestamptz);", "CREATE TABLE app.events (at bigint);");

        var refused = Run("plan", "--source", Url(pair.Source), "--target", Url(pair.Target));
        var converted = Run(
            "plan",
            "--source",
            Url(pair.Source),
            "--target",
            Url(pair.Target),
            "--using",
            "app.events.at=to_timestamp(at)"
        );

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("--using app.events.at=<SQL expression of at>", refused.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, converted.ExitCode);
        Assert.Contains("USING (to_timestamp(at))::timestamp with time zone;", converted.Stdout, StringComparison.Ordinal);
    }
}
