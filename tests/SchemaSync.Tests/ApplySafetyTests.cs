using Infra.TestSupport;
using Npgsql;
using SchemaSync.Applying;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>Faults during apply: in each, the target keeps its schema and its data.</summary>
[Collection(PostgresServers.CollectionName)]
public sealed class ApplySafetyTests(PostgresServers servers)
{
    private readonly PostgresServer server = servers.Of(Majors.Production);

    private static readonly ApplyOptions AllowAll = new() { AllowedHazards = Enum.GetValues<Hazard>() };

    private async Task<(DatabasePair Pair, DatabaseModel Source, Plan Plan)> PlanAsync(string to, string from)
    {
        var pair = new DatabasePair(server, to, from);
        var source = await pair.InspectSourceAsync();
        return (pair, source, Planner.Create(source, await pair.InspectTargetAsync()));
    }

    [Fact]
    public async Task Rolls_back_everything_when_a_statement_fails_half_way()
    {
        // The new table and column are planned before SET NOT NULL, which fails on the existing NULL.
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.t (id int PRIMARY KEY, name text NOT NULL, extra int); CREATE TABLE app.added (id int);",
            "CREATE TABLE app.t (id int PRIMARY KEY, name text); INSERT INTO app.t VALUES (1, NULL);"
        );
        var before = (await pair.InspectTargetAsync()).ComputeHash();

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Contains("rolled back", result.Message, StringComparison.Ordinal);
        Assert.Contains("SET NOT NULL", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Applied);
        Assert.Equal(before, (await pair.InspectTargetAsync()).ComputeHash());
        Assert.Equal(1L, pair.QueryTarget<long>("SELECT count(*) FROM app.t WHERE name IS NULL"));
    }

    [Fact]
    public async Task Refuses_a_target_that_drifted_after_planning()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");
        pair.ExecuteTarget("ALTER TABLE app.t ADD COLUMN sneaky int");
        var drifted = (await pair.InspectTargetAsync()).ComputeHash();

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);

        Assert.Equal(ApplyOutcome.TargetDrifted, result.Outcome);
        Assert.Equal(drifted, (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Fact]
    public async Task Refuses_a_second_apply_while_one_holds_the_lock()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");
        await using var other = new NpgsqlConnection(pair.TargetConnection);
        await other.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({PlanApplier.AdvisoryLockKey})", other))
            await lockCommand.ExecuteScalarAsync();

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);

        Assert.Equal(ApplyOutcome.Busy, result.Outcome);
        Assert.NotEqual(source.ComputeHash(), (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Fact]
    public async Task Serialises_two_concurrent_applies_so_exactly_one_changes_the_target()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");

        var results = await Task.WhenAll(
            PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll),
            PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll)
        );

        Assert.Single(results, r => r.Outcome == ApplyOutcome.Applied);
        Assert.Single(results, r => r.Outcome is ApplyOutcome.Busy or ApplyOutcome.TargetDrifted);
        Assert.Equal(source.ComputeHash(), (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Fact]
    public async Task Refuses_hazards_not_allowed_and_names_the_statements()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int);", "CREATE TABLE app.t (id int, important text);");

        var result = await PlanApplier.ApplyAsync(
            pair.TargetConnection,
            source,
            plan,
            new ApplyOptions { AllowedHazards = [Hazard.AcquiresAccessExclusiveLock] }
        );

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("[DeletesData] ALTER TABLE app.t DROP COLUMN important", result.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "to apply them, allow DeletesData (schema-sync: --allow-hazard DeletesData; the function: allowHazards)",
            result.Message,
            StringComparison.Ordinal
        );
        // The refused plan changed nothing: the column is still there, with the table's other column.
        Assert.Equal(
            "id,important",
            pair.QueryTarget<string>(
                "SELECT string_agg(attname::text, ',' ORDER BY attnum) FROM pg_attribute "
                    + "WHERE attrelid = 'app.t'::regclass AND attnum > 0 AND NOT attisdropped"
            )
        );
    }

    [Fact]
    public async Task Reports_no_changes_for_equal_schemas_whatever_the_column_order()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.t (a int, b text, c date);",
            "CREATE TABLE app.t (c date, a int, b text);"
        );

        Assert.True(plan.IsEmpty, string.Join('\n', plan.Statements.Select(s => s.Sql)));
        Assert.Equal(source.ComputeHash(), (await pair.InspectTargetAsync()).ComputeHash());
        Assert.Equal(ApplyOutcome.NoChanges, (await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan)).Outcome);
    }

    [Fact]
    public async Task Never_diffs_or_drops_excluded_objects()
    {
        var (_, _, plan) = await PlanAsync(
            "CREATE TABLE app.t (id int);",
            "CREATE TABLE app.t (id int); CREATE TABLE app.alembic_version (version_num varchar(32)); CREATE TABLE "
                + "schema_sync.journal (id int);"
        );

        Assert.True(plan.IsEmpty, string.Join('\n', plan.Statements.Select(s => s.Sql)));
    }

    [Fact]
    public async Task Ignores_objects_owned_by_extensions()
    {
        var (pair, _, _) = await PlanAsync("", "");
        pair.ExecuteTarget("CREATE EXTENSION citext");

        var model = await pair.InspectTargetAsync();

        Assert.Single(model.Extensions);
        Assert.DoesNotContain(model.Functions, f => f.Name.Contains("citext", StringComparison.Ordinal));
        Assert.Empty(model.Enums.Concat<ISchemaObject>(model.Domains).Concat(model.CompositeTypes));
    }

    [Fact]
    public async Task Plans_deterministically_byte_for_byte()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.b (id int PRIMARY KEY); CREATE TABLE app.a (id int PRIMARY KEY, b_id int REFERENCES app.b); CREATE "
                + "INDEX a_b ON app.a (b_id); CREATE VIEW app.v AS SELECT * FROM app.a;",
            ""
        );
        var again = Planner.Create(await pair.InspectSourceAsync(), await pair.InspectTargetAsync());

        Assert.Equal(PlanFormatter.Sql(plan), PlanFormatter.Sql(again));
        Assert.Equal(plan.Hash, again.Hash);
        Assert.Equal(source.ComputeHash(), plan.SourceHash);
    }

    [Theory]
    [InlineData("t_email", "app.t_email")]
    [InlineData("\"t email\"", "app.\"t email\"")]
    public async Task Drops_the_invalid_index_a_failed_concurrent_build_leaves_and_says_what_was_applied(string index, string qualified)
    {
        var pair = new DatabasePair(
            server,
            $"CREATE TABLE app.t (id int, email text, note text); CREATE UNIQUE INDEX {index} ON app.t (email);",
            "CREATE TABLE app.t (id int, email text); INSERT INTO app.t VALUES (1, 'a@x'), (2, 'a@x');"
        );
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = true };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);
        Assert.Contains(plan.Statements, s => !s.Transactional && s.Sql.Contains("CONCURRENTLY", StringComparison.Ordinal));

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        // The transaction committed; only the concurrent build failed, and its leftover is gone whatever its name.
        Assert.Equal(ApplyOutcome.PartiallyApplied, result.Outcome);
        Assert.Contains($"dropped the invalid index {qualified} it left", result.Message, StringComparison.Ordinal);
        Assert.Equal(["ALTER TABLE app.t ADD COLUMN note text"], result.Applied.Select(s => s.Sql));
        Assert.Equal(0L, pair.QueryTarget<long>("SELECT count(*) FROM pg_index WHERE indrelid = 'app.t'::regclass"));
    }

    [Fact]
    public async Task Says_what_it_cannot_change_safely_and_refuses_to_apply_it()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.m (id int, at date) PARTITION BY LIST (id);",
            "CREATE TABLE app.m (id int, at date) PARTITION BY RANGE (at);"
        );

        var reason = Assert.Single(plan.Unsupported);
        Assert.Contains(
            "table app.m: partitioning changes (partitioned by RANGE (at) -> partitioned by LIST (id))",
            reason,
            StringComparison.Ordinal
        );
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);
        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("cannot be made safely", result.Message, StringComparison.Ordinal);
        Assert.Contains("-- UNSUPPORTED: table app.m", PlanFormatter.Sql(plan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_change_what_the_production_user_does_not_own_or_may_not_create_in()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int);", "CREATE TABLE app.t (id int);");
        // The master user made these, as someone might by hand; schema_sync neither owns them nor may create in public.
        server.ExecuteAs(
            ProductionDatabase.MasterUser,
            "CREATE TABLE app.legacy (id int); CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE COLLATION "
                + "app.legacy_c (provider = libc, locale = 'C');",
            pair.Target
        );
        server.ExecuteAs(
            ProductionDatabase.MasterUser,
            "CREATE TABLE public.stray (id int); CREATE COLLATION public.stray_c (provider = libc, locale = 'C');",
            pair.Source
        );
        var source = await pair.InspectSourceAsync();

        var plan = Planner.Create(source, await pair.InspectTargetAsync());

        Assert.Contains(plan.Unsupported, u => u.StartsWith("table app.legacy: owned by rds_master", StringComparison.Ordinal));
        Assert.Contains(plan.Unsupported, u => u.StartsWith("function app.f(): owned by rds_master", StringComparison.Ordinal));
        Assert.Contains(plan.Unsupported, u =>
            u.StartsWith("table public.stray: the connected role may not create objects in schema public", StringComparison.Ordinal)
        );
        Assert.Contains(plan.Unsupported, u => u.StartsWith("collation app.legacy_c: owned by rds_master", StringComparison.Ordinal));
        Assert.Contains(plan.Unsupported, u =>
            u.StartsWith("collation public.stray_c: the connected role may not create objects in schema public", StringComparison.Ordinal)
        );
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);
        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Equal(1L, pair.QueryTarget<long>("SELECT count(*) FROM pg_class WHERE oid = 'app.legacy'::regclass"));
    }

    [Fact]
    public async Task Reports_a_difference_in_a_kind_it_does_not_manage_instead_of_leaving_it()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.t (a int, b int); CREATE STATISTICS app.t_ab (dependencies) ON a, b FROM app.t;",
            "CREATE TABLE app.t (a int, b int);"
        );

        Assert.Equal(
            ["statistics app.t_ab: schema sync does not manage this kind of object and it differs; change it by hand in both databases"],
            plan.Unsupported
        );
        Assert.Equal(ApplyOutcome.Refused, (await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll)).Outcome);
    }

    [Fact]
    public void Never_plans_nothing_for_schemas_whose_hashes_differ()
    {
        // A difference no generator writes a statement for (here only the column type's default storage, which a real
        // catalog cannot show without a type change): the plan must say so, not come out empty.
        var column = new ColumnDef(
            "app",
            "t",
            "a",
            1,
            "integer",
            null,
            false,
            null,
            "",
            null,
            false,
            "",
            ValueList<string>.Empty,
            "PLAIN",
            null
        );
        DatabaseModel Model(ColumnDef c) =>
            new DatabaseModel
            {
                Tables = new([new TableDef("app", "t", false, null, null, null, false, false, ValueList<string>.Empty)]),
                Columns = new([c]),
            }.Sorted();

        var plan = Planner.Create(Model(column with { DefaultStorage = "MAIN" }), Model(column));

        Assert.Empty(plan.Statements);
        Assert.Equal(["column app.t.a (changed): differs in a way no statement here can change"], plan.Unsupported);
        Assert.False(plan.IsEmpty);
    }

    [Fact]
    public async Task Rolls_back_when_the_target_does_not_end_equal_to_the_source_and_names_what_differs()
    {
        var (pair, source, plan) = await PlanAsync("CREATE TABLE app.t (id int, note text);", "CREATE TABLE app.t (id int);");
        var before = (await pair.InspectTargetAsync()).ComputeHash();
        // The plan adds the column, but the source it is checked against wants more than any statement of it does.
        var demanding = source with
        {
            Columns = new(source.Columns.Select(c => c.Name == "note" ? c with { DefaultStorage = "MAIN" } : c)),
        };

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, demanding, plan, AllowAll);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Contains("rolled back, the target is unchanged", result.Message, StringComparison.Ordinal);
        Assert.Contains("column app.t.note (changed)", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await pair.InspectTargetAsync()).ComputeHash());
    }

    [Theory]
    [InlineData("app.missing=t2", "no table, column or enum value 'app.missing' in the target")]
    [InlineData("app.t=nowhere", "the source has no table app.nowhere to rename to")]
    [InlineData("app.t.id=nowhere", "the source has no column app.t.nowhere to rename to")]
    public async Task Refuses_rename_hints_that_do_not_fit_before_planning_anything(string hint, string expected)
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (id int, n int);", "CREATE TABLE app.t (id int);");
        var (source, target) = (await pair.InspectSourceAsync(), await pair.InspectTargetAsync());
        var split = hint.Split('=');

        var error = Assert.Throws<PlanInputException>(() =>
            Planner.Create(source, target, new PlanOptions { Renames = new Dictionary<string, string> { [split[0]] = split[1] } })
        );

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE S.t (id int, v varchar(10));", "CREATE TABLE S.t (id int, v text, n int NOT NULL DEFAULT 0);")]
    [InlineData(
        "CREATE TABLE S.t (id int PRIMARY KEY, v text); CREATE INDEX t_v ON S.t (v);",
        "CREATE TABLE S.t (id bigint PRIMARY KEY, v text);"
    )]
    [InlineData(
        "CREATE TABLE S.t (id int); CREATE VIEW S.v AS SELECT id FROM S.t;",
        "CREATE TABLE S.t (id int, note text); CREATE MATERIALIZED VIEW S.v AS SELECT id, note FROM S.t;"
    )]
    public async Task Carries_the_same_hazards_in_any_schema(string from, string to)
    {
        async Task<IReadOnlyList<string>> HazardsIn(string schema)
        {
            var create = schema == ProductionDatabase.AppSchema ? "" : $"CREATE SCHEMA {schema};";
            var (_, _, plan) = await PlanAsync(
                create + to.Replace("S.", schema + ".", StringComparison.Ordinal),
                create + from.Replace("S.", schema + ".", StringComparison.Ordinal)
            );
            return
            [
                .. plan.Statements.Select(s =>
                    string.Join(',', s.Hazards) + " " + s.Sql.Replace(schema + ".", "S.", StringComparison.Ordinal)
                ),
            ];
        }

        var inApp = await HazardsIn(ProductionDatabase.AppSchema);

        Assert.NotEmpty(inApp);
        Assert.Equal(inApp, await HazardsIn("reporting"));
    }

    [Fact]
    public async Task Refuses_a_not_null_column_it_cannot_fill_and_names_the_backfill_that_would()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TABLE app.hosts (id int PRIMARY KEY, address inet NOT NULL);",
            "CREATE TABLE app.hosts (id int PRIMARY KEY); INSERT INTO app.hosts VALUES (1);"
        );

        Assert.Equal(
            [
                "column app.hosts.address: NOT NULL without a default on an existing table, and inet has no zero value to fill "
                    + "existing rows with; give one with --backfill app.hosts.address=<SQL expression>",
            ],
            plan.Unsupported
        );
        var filled = Planner.Create(
            source,
            await pair.InspectTargetAsync(),
            new PlanOptions { Backfills = new Dictionary<string, string> { ["app.hosts.address"] = "'127.0.0.1'" } }
        );
        Assert.Empty(filled.Unsupported);
        Assert.Equal(ApplyOutcome.Applied, (await PlanApplier.ApplyAsync(pair.TargetConnection, source, filled, AllowAll)).Outcome);
        Assert.Equal("127.0.0.1", pair.QueryTarget<string>("SELECT host(address) FROM app.hosts WHERE id = 1"));
    }

    [Fact]
    public async Task Refuses_a_removed_enum_label_rows_still_hold_and_names_the_rename_that_keeps_them()
    {
        var (pair, source, plan) = await PlanAsync(
            "CREATE TYPE app.mood AS ENUM ('happy', 'glum'); CREATE TABLE app.people (id int, mood app.mood);",
            "CREATE TYPE app.mood AS ENUM ('happy', 'sad'); CREATE TABLE app.people (id int, mood app.mood); INSERT INTO app.people "
                + "VALUES (1, 'sad'), (2, 'happy');"
        );
        var target = await pair.InspectTargetAsync();
        await using var connection = new NpgsqlConnection(pair.TargetConnection);
        await connection.OpenAsync();

        var checkedPlan = await EnumLabelCheck.RefuseLabelsInUseAsync(plan, source, target, connection);

        Assert.Empty(plan.Unsupported);
        Assert.Equal(
            [
                "enum app.mood: label 'sad' is removed but rows of app.people.mood still hold it; if it was renamed, say so with "
                    + "--rename app.mood.sad=glum (the rows keep their value), else change those rows first",
            ],
            checkedPlan.Unsupported
        );
        Assert.Equal(ApplyOutcome.Refused, (await PlanApplier.ApplyAsync(pair.TargetConnection, source, checkedPlan, AllowAll)).Outcome);
        var hinted = new PlanOptions { Renames = new Dictionary<string, string> { ["app.mood.sad"] = "glum" } };
        var renamed = Planner.Create(source, target, hinted);
        Assert.Empty((await EnumLabelCheck.RefuseLabelsInUseAsync(renamed, source, target, connection, hinted)).Unsupported);
        Assert.Equal(
            ApplyOutcome.Applied,
            (await PlanApplier.ApplyAsync(pair.TargetConnection, source, renamed, AllowAll with { Plan = hinted })).Outcome
        );
        Assert.Equal("glum", pair.QueryTarget<string>("SELECT mood::text FROM app.people WHERE id = 1"));
    }

    [Fact]
    public async Task Rebuilds_an_index_an_interrupted_concurrent_build_left_invalid_in_the_target()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, email text); CREATE UNIQUE INDEX t_email ON app.t (email);",
            "CREATE TABLE app.t (id int, email text); INSERT INTO app.t VALUES (1, 'a@x'), (2, 'a@x');"
        );
        // A concurrent build that failed on duplicates leaves the index behind, invalid: maintained, never used.
        Assert.ThrowsAny<PostgresException>(() => pair.ExecuteTarget("CREATE UNIQUE INDEX CONCURRENTLY t_email ON app.t (email)"));
        pair.ExecuteTarget("DELETE FROM app.t WHERE id = 2");
        Assert.False(pair.QueryTarget<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'app.t_email'::regclass"));

        var source = await pair.InspectSourceAsync();
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), new PlanOptions());
        Assert.Equal(
            ["DROP INDEX app.t_email", "CREATE UNIQUE INDEX t_email ON app.t USING btree (email)"],
            plan.Statements.Select(s => s.Sql)
        );

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);
        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.True(pair.QueryTarget<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'app.t_email'::regclass"));
    }

    [Fact]
    public async Task Refuses_an_index_left_invalid_in_the_source()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, email text); INSERT INTO app.t VALUES (1, 'a@x'), (2, 'a@x');",
            "CREATE TABLE app.t (id int, email text);"
        );
        Assert.ThrowsAny<PostgresException>(() =>
            server.ExecuteAs(ProductionDatabase.SchemaSyncUser, "CREATE UNIQUE INDEX CONCURRENTLY t_email ON app.t (email)", pair.Source)
        );

        var plan = Planner.Create(await pair.InspectSourceAsync(), await pair.InspectTargetAsync(), new PlanOptions());

        Assert.Contains(plan.Unsupported, u => u.StartsWith("index app.t_email: invalid in the source", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_type_change_postgresql_has_no_cast_for_naming_the_column_and_the_using_option()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.events (id int, at timestamptz);",
            "CREATE TABLE app.events (id int, at bigint); INSERT INTO app.events VALUES (1, 1700000000);"
        );
        var (source, target) = (await pair.InspectSourceAsync(), await pair.InspectTargetAsync());
        await using var connection = new NpgsqlConnection(pair.TargetConnection);
        await connection.OpenAsync();

        var plan = await CastCheck.RefuseChangesWithoutCastAsync(Planner.Create(source, target), source, target, connection);

        Assert.Equal(
            [
                "column app.events.at: PostgreSQL has no cast from bigint to timestamp with time zone; say how to convert its values "
                    + "with --using app.events.at=<SQL expression of at> (\"conversions\" in a request)",
            ],
            plan.Unsupported
        );
        var refused = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll);
        Assert.Equal(ApplyOutcome.Refused, refused.Outcome);
    }

    [Fact]
    public async Task Converts_with_the_given_using_expression_and_keeps_the_values()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.events (id int, at timestamptz);",
            "CREATE TABLE app.events (id int, at bigint); INSERT INTO app.events VALUES (1, 1700000000);"
        );
        var (source, target) = (await pair.InspectSourceAsync(), await pair.InspectTargetAsync());
        var options = new PlanOptions { Conversions = new Dictionary<string, string> { ["app.events.at"] = "to_timestamp(at)" } };
        await using var connection = new NpgsqlConnection(pair.TargetConnection);
        await connection.OpenAsync();

        var plan = await CastCheck.RefuseChangesWithoutCastAsync(
            Planner.Create(source, target, options),
            source,
            target,
            connection,
            options
        );

        Assert.Empty(plan.Unsupported);
        Assert.Contains(plan.Statements, s =>
            s.Sql.EndsWith("USING (to_timestamp(at))::timestamp with time zone", StringComparison.Ordinal)
        );
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });
        Assert.True(result.Outcome == ApplyOutcome.Applied, result.Message);
        Assert.Equal(1700000000L, pair.QueryTarget<long>("SELECT extract(epoch FROM at)::bigint FROM app.events"));

        var unused = new PlanOptions { Conversions = new Dictionary<string, string> { ["app.events.id"] = "id" } };
        var error = Assert.Throws<PlanInputException>(() => Planner.Create(source, target, unused));
        Assert.StartsWith(
            "using 'app.events.id': the plan changes the type of no column by that name",
            error.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Swaps_a_changed_index_concurrently_keeping_the_old_one_when_the_new_one_cannot_be_built()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, email text); CREATE UNIQUE INDEX t_email ON app.t (lower(email));",
            "CREATE TABLE app.t (id int, email text); CREATE INDEX t_email ON app.t (email); "
                + "INSERT INTO app.t VALUES (1, 'a@x'), (2, 'A@x');"
        );
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = true };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);

        // Built beside the old one, the old one dropped only then, the new one renamed: no moment without an index.
        Assert.Equal(
            [
                "CREATE UNIQUE INDEX CONCURRENTLY t_email_schema_sync_new ON app.t USING btree (lower(email))",
                "DROP INDEX CONCURRENTLY app.t_email",
                "ALTER INDEX app.t_email_schema_sync_new RENAME TO t_email",
            ],
            plan.Statements.Select(s => s.Sql)
        );
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        // 'a@x' and 'A@x' collide under lower(): the build fails, its invalid index is dropped, the old index serves on.
        Assert.Equal(ApplyOutcome.PartiallyApplied, result.Outcome);
        Assert.Contains("dropped the invalid index app.t_email_schema_sync_new it left", result.Message, StringComparison.Ordinal);
        Assert.Equal(
            "CREATE INDEX t_email ON app.t USING btree (email)",
            pair.QueryTarget<string>("SELECT pg_get_indexdef('app.t_email'::regclass)")
        );
        Assert.Equal(1L, pair.QueryTarget<long>("SELECT count(*) FROM pg_index WHERE indrelid = 'app.t'::regclass"));
    }

    [Fact]
    public async Task Moves_a_changed_unique_constraint_onto_an_index_built_after_the_commit_keeping_the_old_key_if_the_build_fails()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, email text, region text, CONSTRAINT t_key UNIQUE (email));",
            "CREATE TABLE app.t (id int, email text, region text, CONSTRAINT t_key UNIQUE (id)); "
                + "INSERT INTO app.t VALUES (1, 'a@x', 'eu'), (2, 'a@x', 'us');"
        );
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = true };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);

        // Nothing inside the transaction: the new key's index is built concurrently, then the key moves onto it at once.
        Assert.Equal(
            [
                ("CREATE UNIQUE INDEX CONCURRENTLY t_key_schema_sync_new ON app.t USING btree (email)", false),
                ("ALTER TABLE app.t DROP CONSTRAINT t_key, ADD CONSTRAINT t_key UNIQUE USING INDEX t_key_schema_sync_new", false),
            ],
            plan.Statements.Select(s => (s.Sql, s.Transactional))
        );
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        // Both rows hold 'a@x': the build fails, its invalid index is dropped, and the old key still holds.
        Assert.Equal(ApplyOutcome.PartiallyApplied, result.Outcome);
        Assert.Contains("dropped the invalid index app.t_key_schema_sync_new it left", result.Message, StringComparison.Ordinal);
        Assert.Equal(
            "UNIQUE (id)",
            pair.QueryTarget<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 't_key'")
        );
        Assert.Equal(1L, pair.QueryTarget<long>("SELECT count(*) FROM pg_index WHERE indrelid = 'app.t'::regclass"));
    }

    [Fact]
    public async Task Moves_a_changed_primary_key_onto_an_index_built_after_the_commit_once_the_transaction_made_its_columns_not_null()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, tenant int NOT NULL, note text, CONSTRAINT t_pkey PRIMARY KEY (tenant, id));",
            "CREATE TABLE app.t (id int, tenant int, note text, CONSTRAINT t_pkey PRIMARY KEY (id)); "
                + "INSERT INTO app.t SELECT g, g % 7, 'n' FROM generate_series(1, 300) g;"
        );
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = true };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);

        // The transaction only makes the new column NOT NULL; the key moves after the commit, its index built concurrently.
        Assert.Equal(
            [
                ("ALTER TABLE app.t ALTER COLUMN tenant SET NOT NULL", true),
                ("CREATE UNIQUE INDEX CONCURRENTLY t_pkey_schema_sync_new ON app.t USING btree (tenant, id)", false),
                ("ALTER TABLE app.t DROP CONSTRAINT t_pkey, ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_schema_sync_new", false),
            ],
            plan.Statements.Select(s => (s.Sql, s.Transactional))
        );
        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
            "PRIMARY KEY (tenant, id)",
            pair.QueryTarget<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 't_pkey'")
        );
        Assert.Equal(300L, pair.QueryTarget<long>("SELECT count(*) FROM app.t"));
        Assert.Empty(Planner.Create(source, await pair.InspectTargetAsync(), options).Statements);
    }

    [Fact]
    public async Task Keeps_a_primary_key_change_in_the_transaction_when_a_column_of_the_old_key_becomes_nullable()
    {
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (a int, b int, CONSTRAINT t_pkey PRIMARY KEY (b));",
            "CREATE TABLE app.t (a int, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a));"
        );
        var plan = Planner.Create(
            await pair.InspectSourceAsync(),
            await pair.InspectTargetAsync(),
            new PlanOptions { ConcurrentIndexes = true }
        );

        // PostgreSQL refuses DROP NOT NULL on a column the old key still holds: the swap cannot wait for the commit.
        Assert.All(plan.Statements, s => Assert.True(s.Transactional, s.Sql));
        Assert.Contains(plan.Statements, s => s.Sql == "ALTER TABLE app.t ADD CONSTRAINT t_pkey PRIMARY KEY (b)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Builds_a_unique_index_a_new_foreign_key_needs_before_the_key_inside_the_transaction(bool concurrentIndexes)
    {
        const string tables = "CREATE TABLE app.users (id int, email text); CREATE TABLE app.logins (email text);";
        var pair = new DatabasePair(
            server,
            tables
                + "CREATE UNIQUE INDEX users_email ON app.users (email); "
                + "ALTER TABLE app.logins ADD CONSTRAINT logins_email FOREIGN KEY (email) REFERENCES app.users (email);",
            tables + "INSERT INTO app.users VALUES (1, 'a@x');"
        );
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = concurrentIndexes };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        // The key rests on the index: it cannot be added before it, nor the index be left for after the commit.
        Assert.True(result.Outcome == ApplyOutcome.Applied, result.Message);
        Assert.All(plan.Statements, s => Assert.True(s.Transactional, s.Sql));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Changes_a_unique_index_a_foreign_key_rests_on(bool concurrentIndexes)
    {
        const string tables = "CREATE TABLE app.users (id int, email text); CREATE TABLE app.logins (email text);";
        const string key = "ALTER TABLE app.logins ADD CONSTRAINT logins_email FOREIGN KEY (email) REFERENCES app.users (email);";
        var pair = new DatabasePair(
            server,
            tables + "CREATE UNIQUE INDEX users_email ON app.users (email) INCLUDE (id);" + key,
            tables + "CREATE UNIQUE INDEX users_email ON app.users (email);" + key
        );
        var source = await pair.InspectSourceAsync();
        var options = new PlanOptions { ConcurrentIndexes = concurrentIndexes };
        var plan = Planner.Create(source, await pair.InspectTargetAsync(), options);

        var result = await PlanApplier.ApplyAsync(pair.TargetConnection, source, plan, AllowAll with { Plan = options });

        Assert.True(result.Outcome == ApplyOutcome.Applied, result.Message + "\n" + string.Join("\n", plan.Statements.Select(s => s.Sql)));
    }
}
