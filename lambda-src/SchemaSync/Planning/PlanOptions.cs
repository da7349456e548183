namespace SchemaSync.Planning;

/// <summary>Choices a plan request makes.</summary>
public sealed record PlanOptions
{
    /// <summary>
    /// Rename hints, old name to new name, unquoted: <c>app.items=products</c> renames a table,
    /// <c>app.items.title=name</c> a column, <c>app.mood.sad=unhappy</c> an enum value. Without a hint a rename
    /// is seen as a drop and an add, which deletes data.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyDictionary<string, string> Renames { get; init; } = new Dictionary<string, string>();

    /// <summary>Build new indexes on existing tables with CREATE INDEX CONCURRENTLY, after the transaction commits.</summary>
    /// <remarks>Default: false: every statement runs in one transaction.</remarks>
    public bool ConcurrentIndexes { get; init; }

    /// <summary>
    /// Values for NOT NULL columns without a default added to existing tables, and for rows holding NULL in a column
    /// that becomes NOT NULL; unquoted column to SQL expression:
    /// <c>app.orders.status='new'</c>. The expression is part of the planned SQL (and so of the plan hash). A column
    /// without one gets its type's zero value, with the <see cref="Hazard.InventsValues"/> hazard naming it.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyDictionary<string, string> Backfills { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How to convert a column whose type changes, unquoted column to SQL expression over the old value:
    /// <c>app.events.at=to_timestamp(at)</c>, for a change PostgreSQL has no cast for (bigint to timestamptz). The
    /// expression becomes the statement's <c>USING</c> (and part of the plan hash).
    /// </summary>
    /// <remarks>Default: none: <c>USING column::new_type</c>, refused before apply where no such cast exists
    /// (<see cref="CastCheck"/>).</remarks>
    public IReadOnlyDictionary<string, string> Conversions { get; init; } = new Dictionary<string, string>();
}
