using Infra.TestSupport;
using SchemaSync.Model;

namespace SchemaSync.Tests;

/// <summary>The independent judge itself: it must see what this engine's inspector might not, and nothing that is no difference.</summary>
[Collection(PostgresServers.CollectionName)]
public sealed class DumpJudgeTests(PostgresServers servers)
{
    private readonly PostgresServer server = servers.Of(DumpJudge.Major);

    [Fact]
    public async Task Catches_a_difference_an_inspector_without_that_attribute_passes()
    {
        // Only a column's STORAGE differs: the inspector before this issue did not read it.
        var pair = new DatabasePair(
            server,
            "CREATE TABLE app.t (id int, body text); ALTER TABLE app.t ALTER COLUMN body SET STORAGE EXTERNAL;",
            "CREATE TABLE app.t (id int, body text);"
        );
        static string BlindHash(DatabaseModel model) =>
            (model with { Columns = new(model.Columns.Select(c => c with { Settings = ValueList<string>.Empty })) }).ComputeHash();
        var (source, target) = (await pair.InspectSourceAsync(), await pair.InspectTargetAsync());

        var (onlyInSource, onlyInTarget) = DumpJudge.Compare(server, pair.Source, pair.Target, privileges: false);

        Assert.Equal(BlindHash(source), BlindHash(target));
        Assert.Equal(["ALTER TABLE ONLY app.t ALTER COLUMN body SET STORAGE EXTERNAL;"], onlyInSource);
        Assert.Empty(onlyInTarget);
        Assert.NotEqual(source.ComputeHash(), target.ComputeHash());
    }

    [Fact]
    public void Sees_no_difference_in_column_order_or_in_the_dump_s_own_lines()
    {
        var pair = new DatabasePair(server, "CREATE TABLE app.t (a int, b text);", "CREATE TABLE app.t (b text, a int);");

        var (onlyInSource, onlyInTarget) = DumpJudge.Compare(server, pair.Source, pair.Target, privileges: true);

        Assert.Empty(onlyInSource);
        Assert.Empty(onlyInTarget);
    }

    [Fact]
    public void Keeps_function_bodies_whole_and_sorts_statements()
    {
        var normalised = DumpJudge.Normalise(
            """
            -- Name: f; Type: FUNCTION
            SET check_function_bodies = false;
            CREATE TABLE app.t (
                b text,
                a integer
            );

            CREATE FUNCTION app.f() RETURNS integer
                LANGUAGE plpgsql
                AS $_$
            BEGIN
              RETURN 1;
            END;
            $_$;
            \restrict abc123
            """
        );

        Assert.Equal(2, normalised.Count);
        Assert.Equal(
            "CREATE FUNCTION app.f() RETURNS integer\n    LANGUAGE plpgsql\n    AS $_$\nBEGIN\n  RETURN 1;\nEND;\n$_$;",
            normalised[0]
        );
        Assert.Equal("CREATE TABLE app.t (\n    a integer\n    b text\n);", normalised[1]);
    }
}
