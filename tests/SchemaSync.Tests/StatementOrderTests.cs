using Infra.TestSupport;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>
/// The ordering step: catalog dependencies decide where they say something, the phase order everywhere else; and the
/// dependency query reads the edges that ordering needs from a real catalog, on every supported major.
/// </summary>
[Collection(PostgresServers.CollectionName)]
public sealed class StatementOrderTests(PostgresServers servers)
{
    private static readonly string Domain = ObjectKey.Type("app.d");
    private static readonly string Function = ObjectKey.Function("app.f(n integer)");
    private static readonly string Table = ObjectKey.Relation("app.t");

    [Fact]
    public void Without_edges_the_phase_order_stands()
    {
        Touch?[] touches = [Touch.Creates(Domain), Touch.Creates(Function), null];
        Assert.Equal([0, 1, 2], StatementOrder.Sort(touches, [], []));
    }

    [Fact]
    public void A_created_object_waits_for_what_it_depends_on_in_the_source()
    {
        // Phase order: the domain (types first), then the function its check calls, then a table using the domain.
        Touch?[] touches = [Touch.Creates(Domain), Touch.Creates(Function), Touch.Creates(Table)];
        DependencyDef[] source = [new(Domain, Function), new(Table, Domain)];
        Assert.Equal([1, 0, 2], StatementOrder.Sort(touches, source, []));
    }

    [Fact]
    public void An_altered_object_waits_too_but_an_untouched_statement_keeps_its_place()
    {
        Touch?[] touches = [Touch.Alters(Domain), null, Touch.Creates(Function)];
        Assert.Equal([1, 2, 0], StatementOrder.Sort(touches, [new(Domain, Function)], []));
    }

    [Fact]
    public void A_dropped_object_goes_before_what_it_depends_on_in_the_target()
    {
        // Phase order: tables, then functions, then types are dropped.
        Touch?[] touches = [Touch.Drops(Table), Touch.Drops(Function), Touch.Drops(Domain)];
        DependencyDef[] target = [new(Function, Table), new(Domain, Function)];
        Assert.Equal([2, 1, 0], StatementOrder.Sort(touches, [], target));
    }

    [Fact]
    public void A_constraint_added_to_a_table_follows_the_table_even_when_an_edge_moves_the_table_later()
    {
        // A table dropped and created again (the drop's phase comes last), with a constraint added to the new one: the
        // drop-before-create edge moves the creation after the drop, and the constraint (resting on its table) follows.
        var check = ObjectKey.Constraint("app.t.positive");
        Touch?[] touches = [Touch.Creates(Table), Touch.Creates(check), Touch.Drops(Table)];
        Assert.Equal([2, 0, 1], StatementOrder.Sort(touches, [new(check, Table)], []));
    }

    [Fact]
    public void Parts_are_ordered_by_the_edges_derived_from_the_model_not_by_their_phases()
    {
        // app.c's foreign key references app.p's primary key; app.mv's index rests on the materialized view.
        var model = new DatabaseModel
        {
            Constraints = new([
                new ConstraintDef("app", "p", "p_pkey", 'p', "PRIMARY KEY (id)", false),
                new ConstraintDef("app", "c", "c_p_fkey", 'f', "FOREIGN KEY (p) REFERENCES app.p(id)", false),
            ]),
            Indexes = new([new IndexDef("app", "mv", "mv_id", "CREATE UNIQUE INDEX mv_id ON app.mv USING btree (id)")]),
        };
        var (key, foreignKey) = (ObjectKey.Constraint("app.p.p_pkey"), ObjectKey.Constraint("app.c.c_p_fkey"));
        var (parent, view, viewIndex) = (ObjectKey.Relation("app.p"), ObjectKey.Relation("app.mv"), ObjectKey.Relation("app.mv_id"));
        var parts = PartDependencies.Of(model, new HashSet<string> { key, foreignKey, parent, view, viewIndex }).ToList();
        // Derived only for the keys asked about: the view's index alone gives its one edge.
        Assert.Equal([new DependencyDef(viewIndex, view)], PartDependencies.Of(model, new HashSet<string> { viewIndex, parent }));

        // Listed in the wrong order on purpose: the key's drop, the parent's drop and the view's drop come first.
        Touch?[] drops = [Touch.Drops(key), Touch.Drops(parent), Touch.Drops(view), Touch.Drops(foreignKey), Touch.Drops(viewIndex)];
        Assert.Equal([3, 0, 1, 4, 2], StatementOrder.Sort(drops, [], parts));
        Touch?[] creates =
        [
            Touch.Creates(foreignKey),
            Touch.Creates(viewIndex),
            Touch.Creates(key),
            Touch.Creates(parent),
            Touch.Creates(view),
        ];
        Assert.Equal([3, 2, 0, 4, 1], StatementOrder.Sort(creates, parts, []));
    }

    [Fact]
    public void A_drop_goes_before_the_create_of_the_same_object()
    {
        Touch?[] touches = [Touch.Creates(Function), Touch.Drops(Function)];
        Assert.Equal([1, 0], StatementOrder.Sort(touches, [], []));
    }

    [Fact]
    public void In_a_cycle_the_edge_found_first_stands_and_every_statement_is_kept()
    {
        Touch?[] touches = [Touch.Creates(Table), Touch.Creates(Function), null];
        DependencyDef[] source = [new(Table, Function), new(Function, Table)];
        Assert.Equal([1, 0, 2], StatementOrder.Sort(touches, source, []));
    }

    public static TheoryData<int> Majors() => [.. PostgresServers.Supported];

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_catalog_query_reads_the_edges_the_ordering_needs(int major)
    {
        var pair = new DatabasePair(
            servers.Of(major),
            """
            CREATE TYPE app.mood AS ENUM ('ok', 'sad');
            CREATE FUNCTION app.is_short(t text) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN length(t) < 10;
            CREATE DOMAIN app.code AS text CONSTRAINT code_short CHECK (app.is_short(VALUE));
            CREATE TABLE app.items (id int PRIMARY KEY, code app.code, moods app.mood[], label text DEFAULT app.is_short('x')::text);
            CREATE TABLE app.notes (id int PRIMARY KEY, item_id int REFERENCES app.items);
            CREATE FUNCTION app.item_count() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM app.items);
            CREATE FUNCTION app.item_label(i app.items) RETURNS text LANGUAGE sql STABLE RETURN i.code::text;
            CREATE VIEW app.short_items AS SELECT id FROM app.items WHERE app.is_short(code);
            """,
            ""
        );
        var model = await pair.InspectSourceAsync(new());
        var edges = model.Dependencies.Select(d => $"{d.Dependent} -> {d.Referenced}").ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "type app.code -> function app.is_short(t text)",
            "relation app.items -> type app.code",
            "relation app.items -> type app.mood",
            "relation app.items -> function app.is_short(t text)",
            "function app.item_count() -> relation app.items",
            "function app.item_label(i app.items) -> relation app.items",
            "relation app.short_items -> relation app.items",
            "relation app.short_items -> function app.is_short(t text)",
        ];
        foreach (var edge in expected)
            Assert.True(edges.Contains(edge), $"missing {edge}; read:\n{string.Join('\n', edges.Order(StringComparer.Ordinal))}");
        // Foreign keys are not ordering edges (they are added after every table): no notes -> items edge.
        Assert.DoesNotContain("relation app.notes -> relation app.items", edges);
        Assert.Equal(model.ComputeHash(), (model with { Dependencies = ValueList<DependencyDef>.Empty }).ComputeHash());
    }
}
