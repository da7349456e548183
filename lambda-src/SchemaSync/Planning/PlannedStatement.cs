namespace SchemaSync.Planning;

/// <summary>One statement of a plan and the hazards it carries.</summary>
/// <param name="Sql">The statement, without a trailing semicolon.</param>
/// <param name="Hazards">What it may do to a live database, sorted.</param>
/// <param name="Transactional">False for statements PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY); they run after the
/// commit.</param>
public sealed record PlannedStatement(string Sql, IReadOnlyList<Hazard> Hazards, bool Transactional = true);
