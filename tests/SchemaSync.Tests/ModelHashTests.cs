using System.Security.Cryptography;
using System.Text.Json;
using SchemaSync.Model;

namespace SchemaSync.Tests;

public class ModelHashTests
{
    private static DatabaseModel With(params ColumnDef[] columns) =>
        new DatabaseModel
        {
            Tables = new([new TableDef("public", "t", false, null, null, null, false, false, ValueList<string>.Empty)]),
            Columns = new(columns),
        }.Sorted();

    private static ColumnDef Column(string name, int position, string? defaultValue = null, string? setting = null) =>
        new(
            "public",
            "t",
            name,
            position,
            "integer",
            null,
            false,
            defaultValue,
            "",
            null,
            false,
            "",
            new(setting is null ? [] : [setting]),
            "PLAIN",
            null
        );

    [Fact]
    public void Differs_when_anything_but_column_order_differs()
    {
        var baseline = With(Column("a", 1), Column("b", 2)).ComputeHash();

        Assert.Equal(64, baseline.Length);
        Assert.Equal(baseline, With(Column("b", 1), Column("a", 2)).ComputeHash());
        Assert.NotEqual(baseline, With(Column("a", 1), Column("b", 2, "0")).ComputeHash());
        Assert.NotEqual(baseline, With(Column("a", 1)).ComputeHash());
        Assert.NotEqual(baseline, With(Column("a", 1), Column("c", 2)).ComputeHash());
        Assert.NotEqual(baseline, With(Column("a", 1), Column("b", 2, setting: "STATISTICS 500")).ComputeHash());
        Assert.NotEqual(With(Column("a", 1), Column("b", 2)), With(Column("a", 1), Column("b", 2, setting: "STORAGE MAIN")));
        Assert.NotEqual(baseline, (With(Column("a", 1), Column("b", 2)) with { Schemas = new([new SchemaDef("x")]) }).ComputeHash());
    }

    [Fact]
    public void Is_the_sha256_of_the_whole_canonical_document_however_it_is_fed_to_the_hash()
    {
        // ComputeHash writes the JSON into the hash in 64 KB chunks; every stored hash was made of the whole document. A
        // default longer than a chunk, and quotes the encoder escapes, on a model of many chunks.
        var columns = Enumerable.Range(0, 2000).Select(i => Column($"c{i}", i + 1, i == 7 ? new string('x', 200_000) : "'d'::text"));
        var model = With([.. columns]);
        var whole = JsonSerializer.SerializeToUtf8Bytes(model.Canonical(), ModelJsonContext.Default.DatabaseModel);

        Assert.True(whole.Length > 5 * 65536, $"the document is {whole.Length} bytes");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(whole)), model.ComputeHash());
    }

    [Fact]
    public void Differs_for_every_object_kind()
    {
        var empty = new DatabaseModel().ComputeHash();
        DatabaseModel[] models =
        [
            new() { Extensions = new([new ExtensionDef("citext", "public", "1.6")]) },
            new() { Enums = new([new EnumDef("public", "e", new(["a"]))]) },
            new() { Domains = new([new DomainDef("public", "d", "integer", null, null, false, ValueList<DomainConstraintDef>.Empty)]) },
            new() { CompositeTypes = new([new CompositeTypeDef("public", "c", new(["a integer"]))]) },
            new() { Sequences = new([new SequenceDef("public", "s", "bigint", 1, 1, 1, 9, 1, false, null)]) },
            new() { Constraints = new([new ConstraintDef("public", "t", "k", 'c', "CHECK (true)", false)]) },
            new() { Indexes = new([new IndexDef("public", "t", "i", "CREATE INDEX i ON public.t (a)")]) },
            new() { Views = new([new ViewDef("public", "v", false, " SELECT 1", new([]), new([]))]) },
            new() { Functions = new([new FunctionDef("public", "f", "", "integer", "CREATE FUNCTION ...")]) },
            new() { Triggers = new([new TriggerDef("public", "t", "g", "CREATE TRIGGER ...")]) },
            new() { Policies = new([new PolicyDef("public", "t", "p", "CREATE POLICY ...")]) },
            new() { Comments = new([new CommentDef("TABLE public.t", "x")]) },
            new() { Privileges = new([new PrivilegeDef("TABLE public.t", "app", new(["SELECT"]))]) },
            new() { DefaultPrivileges = new([new DefaultPrivilegeDef("owner", null, "TABLES", "app", new(["SELECT"]))]) },
        ];

        var hashes = models.Select(m => m.ComputeHash()).Append(empty).ToList();

        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }
}
