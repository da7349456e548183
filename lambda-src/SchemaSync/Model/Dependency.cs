namespace SchemaSync.Model;

/// <summary>
/// One edge of the catalog's dependency graph (<c>pg_depend</c>, normal dependencies) between objects the model
/// names: <see cref="Dependent"/> cannot exist without <see cref="Referenced"/>. Both are <see cref="ObjectKey"/>s.
/// Parts of an object (a column's type or default, a constraint, a view's rule, a trigger, a policy) count as the
/// object they belong to. Constraints and indexes are not read from the catalog: the planner derives their edges from
/// the model (<c>PartDependencies</c>), so the model's hash does not change with them.
/// </summary>
public sealed record DependencyDef(string Dependent, string Referenced) : ISchemaObject
{
    /// <inheritdoc/>
    public string Identity => $"{Dependent} -> {Referenced}";
}

/// <summary>
/// The one form in which statements and dependencies name an object: its namespace in the catalog, then its
/// identity. The dependency query (<c>CatalogQueries.Dependencies</c>) builds the same strings in SQL.
/// </summary>
public static class ObjectKey
{
    /// <summary>How a <see cref="Relation"/> key starts.</summary>
    public const string RelationPrefix = "relation ";

    /// <summary>How a <see cref="Constraint"/> key starts.</summary>
    public const string ConstraintPrefix = "constraint ";

    /// <summary>A table, partition, view, materialized view or sequence (one namespace in <c>pg_class</c>).</summary>
    public static string Relation(string identity) => RelationPrefix + identity;

    /// <summary>An enum, domain or composite type.</summary>
    public static string Type(string identity) => "type " + identity;

    /// <summary>A collation.</summary>
    public static string Collation(string identity) => "collation " + identity;

    /// <summary>A table's constraint (primary key, unique, check, foreign key, exclusion), identity <c>schema.table.name</c>.</summary>
    public static string Constraint(string identity) => ConstraintPrefix + identity;

    /// <summary>A function or procedure, identity with its arguments.</summary>
    public static string Function(string identity) => "function " + identity;
}
