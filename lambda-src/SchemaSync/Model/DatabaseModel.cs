using System.Security.Cryptography;
using System.Text.Json;

namespace SchemaSync.Model;

/// <summary>
/// One database's schema: every object kind as a list sorted by identity (ordinal), so that equal schemas have
/// equal models and an equal <see cref="Hash"/>, whatever order the catalog returned them in.
/// </summary>
public sealed record DatabaseModel
{
    /// <summary>Schemas.</summary>
    public ValueList<SchemaDef> Schemas { get; init; } = ValueList<SchemaDef>.Empty;

    /// <summary>Extensions.</summary>
    public ValueList<ExtensionDef> Extensions { get; init; } = ValueList<ExtensionDef>.Empty;

    /// <summary>Enum types.</summary>
    public ValueList<EnumDef> Enums { get; init; } = ValueList<EnumDef>.Empty;

    /// <summary>Domains.</summary>
    public ValueList<DomainDef> Domains { get; init; } = ValueList<DomainDef>.Empty;

    /// <summary>User-defined collations.</summary>
    public ValueList<CollationDef> Collations { get; init; } = ValueList<CollationDef>.Empty;

    /// <summary>Composite types.</summary>
    public ValueList<CompositeTypeDef> CompositeTypes { get; init; } = ValueList<CompositeTypeDef>.Empty;

    /// <summary>Sequences.</summary>
    public ValueList<SequenceDef> Sequences { get; init; } = ValueList<SequenceDef>.Empty;

    /// <summary>Tables and partitions.</summary>
    public ValueList<TableDef> Tables { get; init; } = ValueList<TableDef>.Empty;

    /// <summary>Columns of every table.</summary>
    public ValueList<ColumnDef> Columns { get; init; } = ValueList<ColumnDef>.Empty;

    /// <summary>Constraints of every table.</summary>
    public ValueList<ConstraintDef> Constraints { get; init; } = ValueList<ConstraintDef>.Empty;

    /// <summary>Indexes not owned by constraints.</summary>
    public ValueList<IndexDef> Indexes { get; init; } = ValueList<IndexDef>.Empty;

    /// <summary>Views and materialized views.</summary>
    public ValueList<ViewDef> Views { get; init; } = ValueList<ViewDef>.Empty;

    /// <summary>Functions and procedures.</summary>
    public ValueList<FunctionDef> Functions { get; init; } = ValueList<FunctionDef>.Empty;

    /// <summary>Triggers.</summary>
    public ValueList<TriggerDef> Triggers { get; init; } = ValueList<TriggerDef>.Empty;

    /// <summary>Row-level security policies.</summary>
    public ValueList<PolicyDef> Policies { get; init; } = ValueList<PolicyDef>.Empty;

    /// <summary>Comments.</summary>
    public ValueList<CommentDef> Comments { get; init; } = ValueList<CommentDef>.Empty;

    /// <summary>Grants on objects (empty unless privileges are inspected).</summary>
    public ValueList<PrivilegeDef> Privileges { get; init; } = ValueList<PrivilegeDef>.Empty;

    /// <summary>Default privileges (empty unless privileges are inspected).</summary>
    public ValueList<DefaultPrivilegeDef> DefaultPrivileges { get; init; } = ValueList<DefaultPrivilegeDef>.Empty;

    /// <summary>Objects of kinds the engine does not manage: a difference in them makes the plan unsupported.</summary>
    public ValueList<UnmanagedObjectDef> Unmanaged { get; init; } = ValueList<UnmanagedObjectDef>.Empty;

    /// <summary>What the inspecting role may not change (objects owned by others, schemas it may not create in). Not hashed: the same
    /// schema may be owned differently.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ValueList<AccessDef> Access { get; init; } = ValueList<AccessDef>.Empty;

    /// <summary>What depends on what, from the catalog: orders the plan's statements. Not hashed: it follows from the
    /// definitions.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ValueList<DependencyDef> Dependencies { get; init; } = ValueList<DependencyDef>.Empty;

    /// <summary>SHA-256 (hex) of the canonical JSON form of the model: equal schemas, equal hashes.</summary>
    public string ComputeHash()
    {
        // The JSON goes into the hash as it is written, a chunk at a time: the same bytes as the whole document (about
        // 12 MB on 3,000 tables) without collecting it first.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var writer = new Utf8JsonWriter(new HashingBufferWriter(hash)))
            JsonSerializer.Serialize(writer, Canonical(), ModelJsonContext.Default.DatabaseModel);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// <see cref="ComputeHash"/> on a thread of its own, started once per model object: the CLI starts it as soon as one
    /// database is read (the other is often still being read), and the planner awaits the same task. Keyed by reference,
    /// so a copy made with <c>with</c> is hashed on its own. Not a pool thread: the planner holds one of a two-core
    /// machine's two, and two hashes queued on the other ran one after the other (~0.17 s on 3,000 tables).
    /// </summary>
    public Task<string> HashAsync() =>
        StartedHashes.GetValue(this, model =>
            Task.Factory.StartNew(model.ComputeHash, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
        );

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DatabaseModel, Task<string>> StartedHashes = new();

    /// <summary>The model as hashed: column positions are not part of the schema's identity (column order alone is no
    /// difference).</summary>
    internal DatabaseModel Canonical() => this with { Columns = Columns.Map(c => c with { Position = 0 }) };

    /// <summary>Sorts every list by identity (ordinal) so the model is canonical.</summary>
    public DatabaseModel Sorted() =>
        this with
        {
            Schemas = SortByIdentity(Schemas),
            Extensions = SortByIdentity(Extensions),
            Enums = SortByIdentity(Enums),
            Domains = SortByIdentity(Domains),
            Collations = SortByIdentity(Collations),
            CompositeTypes = SortByIdentity(CompositeTypes),
            Sequences = SortByIdentity(Sequences),
            Tables = SortByIdentity(Tables),
            Columns = SortByIdentity(Columns),
            Constraints = SortByIdentity(Constraints),
            Indexes = SortByIdentity(Indexes),
            Views = SortByIdentity(Views),
            Functions = SortByIdentity(Functions),
            Triggers = SortByIdentity(Triggers),
            Policies = SortByIdentity(Policies),
            Comments = SortByIdentity(Comments),
            Privileges = SortByIdentity(Privileges),
            DefaultPrivileges = SortByIdentity(DefaultPrivileges),
            Unmanaged = SortByIdentity(Unmanaged),
            Access = SortByIdentity(Access),
            Dependencies = SortByIdentity(Dependencies),
        };

    private static ValueList<T> SortByIdentity<T>(ValueList<T> items)
        where T : ISchemaObject
    {
        // Each identity computed once, then one array sort by key (identities are unique, so stability does not matter):
        // half the time of OrderBy on 36,000 columns. The sorted copy becomes the list (not copied once more).
        var sorted = items.ToArray();
        var keys = Array.ConvertAll(sorted, i => i.Identity);
        Array.Sort(keys, sorted, StringComparer.Ordinal);
        return ValueList<T>.Owning(sorted);
    }
}

/// <summary>
/// Source-generated serialization of the model for hashing: no reflection at run time, which keeps a cold CLI start
/// (inspect, hash, plan) fast.
/// </summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase
)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DatabaseModel))]
internal sealed partial class ModelJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
