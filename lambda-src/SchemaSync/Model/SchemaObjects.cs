namespace SchemaSync.Model;

// The normalised catalog model. Names are already quoted by the server (quote_ident), so an identity is valid SQL.
// Definitions come from the server's own deparsers (pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef,
// pg_get_functiondef, pg_get_triggerdef), which makes them canonical: equal objects have equal text.

/// <summary>Any object the differ matches by identity and compares by value.</summary>
public interface ISchemaObject
{
    /// <summary>A unique, quoted, qualified name within its kind, e.g. <c>app.items</c> or <c>app.items.name</c>.</summary>
    string Identity { get; }
}

/// <summary>A schema (namespace).</summary>
public sealed record SchemaDef(string Name) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => Name;
}

/// <summary>An installed extension and the schema it lives in.</summary>
public sealed record ExtensionDef(string Name, string Schema, string Version) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => Name;
}

/// <summary>An enum type with its labels in sort order.</summary>
public sealed record EnumDef(string Schema, string Name, ValueList<string> Labels) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A domain: base type, collation, default, NOT NULL and named checks.</summary>
public sealed record DomainDef(
    string Schema,
    string Name,
    string BaseType,
    string? Collation,
    string? Default,
    bool NotNull,
    ValueList<DomainConstraintDef> Constraints
) : ISchemaObject
{
    /// <summary>The domain as one CREATE DOMAIN statement.</summary>
    public string CreateSql =>
        $"CREATE DOMAIN {Schema}.{Name} AS {BaseType}"
        + (Collation is null ? "" : $" COLLATE {Collation}")
        + (Default is null ? "" : $" DEFAULT {Default}")
        + (NotNull ? " NOT NULL" : "")
        + string.Concat(Constraints.Select(c => $" CONSTRAINT {c.Name} {c.Definition}"));

    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A named check of a domain, as pg_get_constraintdef prints it.</summary>
public sealed record DomainConstraintDef(string Name, string Definition);

/// <summary>A composite type: its attributes as <c>name type</c>, in order.</summary>
public sealed record CompositeTypeDef(string Schema, string Name, ValueList<string> Attributes) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A sequence (standalone, or owned by a serial column). Its current value is data, never part of the model.</summary>
public sealed record SequenceDef(
    string Schema,
    string Name,
    string DataType,
    long Start,
    long Increment,
    long Min,
    long Max,
    long Cache,
    bool Cycle,
    string? OwnedBy
) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A user-defined collation.</summary>
/// <param name="Options">What CREATE COLLATION takes in parentheses: provider, locale(s), determinism, ICU rules.</param>
public sealed record CollationDef(string Schema, string Name, string Options) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A table or partition, without its columns and constraints (those are their own objects).</summary>
/// <param name="Options">Storage parameters (<c>reloptions</c>, e.g. <c>fillfactor=70</c>), sorted.</param>
/// <param name="ReplicaIdentity"><c>DEFAULT</c>, <c>FULL</c>, <c>NOTHING</c> or <c>USING INDEX name</c>.</param>
/// <param name="Inherits">The parents of table inheritance (<c>INHERITS</c>, not partitioning), in order, comma-separated; null when
/// none.</param>
public sealed record TableDef(
    string Schema,
    string Name,
    bool Unlogged,
    string? PartitionKey,
    string? PartitionOf,
    string? PartitionBound,
    bool RowSecurity,
    bool ForceRowSecurity,
    ValueList<string> Options,
    string ReplicaIdentity = TableDef.DefaultReplicaIdentity,
    string? Inherits = null
) : ISchemaObject
{
    /// <summary>The replica identity a new table has.</summary>
    public const string DefaultReplicaIdentity = "DEFAULT";

    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A column. Its position is kept for CREATE TABLE but is not a difference: column order alone never changes a plan.</summary>
/// <param name="Generated">A generated column's expression; <paramref name="GeneratedKind"/> says STORED or VIRTUAL (18).</param>
/// <param name="Settings">ALTER COLUMN settings that differ from the column's defaults: <c>STORAGE x</c>,
/// <c>STATISTICS n</c>, <c>COMPRESSION x</c>.</param>
/// <param name="DefaultStorage">The storage of the column's type (what <c>STORAGE</c> is reset to); follows from the type.</param>
/// <param name="IdentitySequence">An identity column's sequence: its name and options, as <c>GENERATED ... AS IDENTITY (...)</c> writes
/// them.</param>
/// <param name="VolatileDefault">The default calls a volatile function (nextval, random, clock_timestamp, ...): adding the column writes
/// every row.</param>
public sealed record ColumnDef(
    string Schema,
    string Table,
    string Name,
    int Position,
    string Type,
    string? Collation,
    bool NotNull,
    string? Default,
    string IdentityGeneration,
    string? Generated,
    bool Inherited,
    string GeneratedKind,
    ValueList<string> Settings,
    string DefaultStorage,
    IdentitySequenceDef? IdentitySequence,
    bool VolatileDefault = false
) : ISchemaObject
{
    // Both identities are read many times per column (every diff, lookup, sort and the hash) and a model holds tens of
    // thousands of columns: built once. Kept with the names they were built from, so a copy made with `with` and another
    // name builds its own. Not part of equality (Equals and GetHashCode below name what they compare).
    private Names? _names;

    private sealed record Names(string Schema, string Table, string Name, string Identity, string TableIdentity);

    private Names Named()
    {
        var names = _names;
        if (
            names is null
            || !ReferenceEquals(names.Schema, Schema)
            || !ReferenceEquals(names.Table, Table)
            || !ReferenceEquals(names.Name, Name)
        )
            _names = names = new Names(Schema, Table, Name, $"{Schema}.{Table}.{Name}", $"{Schema}.{Table}");
        return names;
    }

    /// <inheritdoc/>
    public string Identity => Named().Identity;

    /// <summary>The owning table's identity.</summary>
    public string TableIdentity => Named().TableIdentity;

    /// <summary>Compares everything but <see cref="Position"/>.</summary>
    public bool Equals(ColumnDef? other) =>
        other is not null
        && (Schema, Table, Name, Type, Collation, NotNull, Default, IdentityGeneration, Generated, Inherited)
            == (
                other.Schema,
                other.Table,
                other.Name,
                other.Type,
                other.Collation,
                other.NotNull,
                other.Default,
                other.IdentityGeneration,
                other.Generated,
                other.Inherited
            )
        && (GeneratedKind, DefaultStorage, IdentitySequence, VolatileDefault)
            == (other.GeneratedKind, other.DefaultStorage, other.IdentitySequence, other.VolatileDefault)
        && Settings.Equals(other.Settings);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Schema, Table, Name, Type, NotNull, Default, IdentityGeneration, Generated);
}

/// <summary>The sequence behind an identity column.</summary>
/// <param name="Name">Its qualified, quoted name.</param>
/// <param name="Options">Its options in the order CREATE SEQUENCE takes them: START WITH, INCREMENT BY, MINVALUE, MAXVALUE, CACHE, [NO]
/// CYCLE.</param>
public sealed record IdentitySequenceDef(string Name, ValueList<string> Options);

/// <summary>A table constraint: p(rimary key), u(nique), c(heck), f(oreign key), x (exclusion).</summary>
public sealed record ConstraintDef(string Schema, string Table, string Name, char Type, string Definition, bool Inherited) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Table}.{Name}";

    /// <summary>The owning table's identity.</summary>
    public string TableIdentity => $"{Schema}.{Table}";
}

/// <summary>An index that no constraint owns.</summary>
/// <param name="AttachedTo">For a partition's index: the partitioned table's index it is attached to (its name is
/// part of the schema, as pg_dump shows it); null otherwise.</param>
/// <param name="Invalid">Left invalid by an interrupted or failed <c>CREATE INDEX CONCURRENTLY</c>: it is maintained but never
/// used, so it differs from a valid index of the same definition (and is rebuilt). Left out of the hash when false, so a
/// model without invalid indexes hashes as before.</param>
public sealed record IndexDef(
    string Schema,
    string Table,
    string Name,
    string Definition,
    string? AttachedTo = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
        bool Invalid = false
) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";

    /// <summary>The indexed table's identity.</summary>
    public string TableIdentity => $"{Schema}.{Table}";
}

/// <summary>A view or materialized view, with the relations and functions it uses (to drop and recreate it around their changes).</summary>
/// <param name="Options">Its <c>WITH (...)</c> options (<c>security_barrier</c>, <c>check_option</c>, <c>security_invoker</c>, storage
/// parameters), sorted.</param>
public sealed record ViewDef(
    string Schema,
    string Name,
    bool Materialized,
    string Definition,
    ValueList<string> DependsOn,
    ValueList<string> Options
) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}";
}

/// <summary>A function or procedure; its identity includes the argument types (overloads are different objects).</summary>
public sealed record FunctionDef(string Schema, string Name, string Arguments, string Result, string Definition) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Name}({Arguments})";
}

/// <summary>A trigger on a table.</summary>
/// <param name="Enabled">Empty when it fires normally, else the ALTER TABLE clause that sets its state (<c>DISABLE</c>, <c>ENABLE
/// REPLICA</c>, <c>ENABLE ALWAYS</c>).</param>
public sealed record TriggerDef(string Schema, string Table, string Name, string Definition, string Enabled = "") : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Table}.{Name}";

    /// <summary>The table's identity.</summary>
    public string TableIdentity => $"{Schema}.{Table}";
}

/// <summary>A row-level security policy, rendered as one CREATE POLICY statement.</summary>
public sealed record PolicyDef(string Schema, string Table, string Name, string CreateSql) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Schema}.{Table}.{Name}";
}

/// <summary>A comment on a schema, table, column, view, type, function, index, sequence or constraint.</summary>
/// <param name="Target">The SQL object reference, e.g. <c>COLUMN app.items.name</c>.</param>
/// <param name="Text">The comment.</param>
public sealed record CommentDef(string Target, string Text) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => Target;
}

/// <summary>Privileges one grantee holds on one object (only with <c>IncludePrivileges</c>).</summary>
/// <param name="Target">The object as GRANT names it, e.g. <c>TABLE app.items</c> or <c>SCHEMA app</c>.</param>
/// <param name="Grantee">A quoted role name, or PUBLIC.</param>
/// <param name="Privileges">Privilege keywords, sorted.</param>
public sealed record PrivilegeDef(string Target, string Grantee, ValueList<string> Privileges) : ISchemaObject
{
    /// <summary>The suffix of a privilege held <c>WITH GRANT OPTION</c> (in <see cref="Privileges"/> and default privileges).</summary>
    public const string GrantOption = " WITH GRANT OPTION";

    /// <inheritdoc/>
    public string Identity => $"{Target} TO {Grantee}";
}

/// <summary>Default privileges a role's future objects in a schema give a grantee (only with <c>IncludePrivileges</c>).</summary>
/// <param name="Role">The creating role whose new objects the rule covers.</param>
/// <param name="Schema">The schema, or null for every schema.</param>
/// <param name="ObjectType">TABLES, SEQUENCES, FUNCTIONS, TYPES or SCHEMAS.</param>
/// <param name="Grantee">A quoted role name, or PUBLIC.</param>
/// <param name="Privileges">Privilege keywords, sorted.</param>
public sealed record DefaultPrivilegeDef(string Role, string? Schema, string ObjectType, string Grantee, ValueList<string> Privileges)
    : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"FOR ROLE {Role}{(Schema is null ? "" : $" IN SCHEMA {Schema}")} ON {ObjectType} TO {Grantee}";
}

/// <summary>An object of a kind the engine does not manage (extended statistics, aggregates, operators, rules, ...):
/// compared so that a difference is reported, never silently left.</summary>
/// <param name="Kind">What it is, as the report names it, e.g. <c>statistics</c>.</param>
/// <param name="Name">Its quoted, qualified name.</param>
/// <param name="Definition">What is compared: the server's deparsed definition where it has one.</param>
public sealed record UnmanagedObjectDef(string Kind, string Name, string Definition) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Kind} {Name}";
}

/// <summary>An object the connected role may not change, or a schema it may not create in (from the role's rights, not the
/// schema).</summary>
/// <param name="Name">The object's quoted identity (a relation, type, routine with arguments, or schema).</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Owned">False when only the owner (or a member) may ALTER or DROP it and the role is neither.</param>
/// <param name="MayCreateIn">For a schema: whether the role may create objects in it.</param>
public sealed record AccessDef(string Name, string Owner, bool Owned, bool MayCreateIn) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => Name;
}
