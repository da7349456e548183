using Infra.TestSupport;
using Npgsql;

namespace SchemaSync.Tests;

/// <summary>
/// The inspector writes a plain index's definition itself (<c>CatalogQueries.Indexes</c>) and leaves every other index to
/// <c>pg_get_indexdef</c>: whichever path an index takes, its text must be what <c>pg_get_indexdef</c> writes (stored model
/// hashes were made of that text). Judged by PostgreSQL itself, on every supported major, for every index of a schema
/// that has each kind: plain ones with names that need quoting, and each feature that must send an index to
/// <c>pg_get_indexdef</c> (each condition of the plain path was removed once to see this test fail).
/// </summary>
[Collection(PostgresServers.CollectionName)]
public sealed class IndexDefinitionTests(PostgresServers servers)
{
    private const string Schema = """
        CREATE DOMAIN app.code AS text;
        CREATE TABLE app.t (id int, "Mixed Case" text, "order" int, v varchar(20), c text COLLATE "C", j jsonb, r int4range,
            b bool, n numeric, ts timestamptz, tsv tsvector, arr int[], code app.code);
        CREATE INDEX plain_one ON app.t (id);
        CREATE INDEX "Quoted Index" ON app.t ("Mixed Case", "order");
        CREATE INDEX several ON app.t (id, b, n, ts);
        CREATE INDEX on_varchar ON app.t (v);
        CREATE INDEX on_domain ON app.t (code);
        CREATE INDEX pattern ON app.t (c text_pattern_ops);
        CREATE INDEX another_default ON app.t (id oid_ops);
        CREATE INDEX collated ON app.t (c COLLATE "POSIX");
        CREATE INDEX own_collation ON app.t (c COLLATE "C");
        CREATE INDEX descending ON app.t (id DESC, n NULLS FIRST);
        CREATE INDEX including ON app.t (id) INCLUDE (b);
        CREATE INDEX partial ON app.t (id) WHERE b;
        CREATE INDEX expression ON app.t (lower(c));
        CREATE UNIQUE INDEX unique_one ON app.t (n);
        CREATE UNIQUE INDEX unique_nulls ON app.t (ts) NULLS NOT DISTINCT;
        CREATE INDEX fill ON app.t (id) WITH (fillfactor = 70);
        CREATE INDEX hashed ON app.t USING hash (id);
        CREATE INDEX gin_default ON app.t USING gin (j);
        CREATE INDEX gin_path ON app.t USING gin (j jsonb_path_ops);
        CREATE INDEX gin_array ON app.t USING gin (arr);
        CREATE INDEX brin_default ON app.t USING brin (ts);
        CREATE INDEX brin_options ON app.t USING brin (ts) WITH (pages_per_range = 16);
        CREATE INDEX gist_default ON app.t USING gist (r);
        CREATE INDEX gist_signature ON app.t USING gist (tsv tsvector_ops (siglen = 100));
        CREATE INDEX spgist_default ON app.t USING spgist (r);
        CREATE TABLE app.p (id int, k int) PARTITION BY RANGE (id);
        CREATE TABLE app.p1 PARTITION OF app.p FOR VALUES FROM (0) TO (10);
        CREATE INDEX p_k ON app.p (k);
        CREATE MATERIALIZED VIEW app.mv AS SELECT id, c FROM app.t;
        CREATE INDEX mv_id ON app.mv (id);
        """;

    public static TheoryData<int> Majors() => [.. PostgresServers.Supported];

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Every_index_is_defined_as_pg_get_indexdef_writes_it(int major)
    {
        var pair = new DatabasePair(servers.Of(major), Schema, "");
        var inspected = (await DatabasePair.InspectAsync(pair.SourceConnection)).Indexes.ToDictionary(
            i => i.Identity,
            i => i.Definition,
            StringComparer.Ordinal
        );

        var written = WrittenByPostgres(pair.SourceConnection);
        // Every index above, the partition's own index of p_k among them.
        Assert.Equal(28, written.Count);
        Assert.Equal(written.Keys.Order(StringComparer.Ordinal), inspected.Keys.Order(StringComparer.Ordinal));
        foreach (var (index, definition) in written)
            Assert.Equal((index, definition), (index, inspected[index]));
    }

    // With the search path the inspector sets: pg_get_indexdef qualifies an operator class only where that path does not
    // find it.
    private static Dictionary<string, string> WrittenByPostgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var path = new NpgsqlCommand("SET search_path = pg_catalog", connection))
            path.ExecuteNonQuery();
        using var command = new NpgsqlCommand(
            """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'app'
            """,
            connection
        );
        using var reader = command.ExecuteReader();
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
            written.Add(reader.GetString(0), reader.GetString(1));
        return written;
    }
}
