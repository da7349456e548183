namespace SchemaSync.Planning;

/// <summary>
/// The fixed order statements run in: dependents are dropped before what they depend on changes, created after.
/// Within a phase, statements are ordered by a sort key (the object's identity, or a dependency rank), so the same
/// inputs always give the same plan.
/// </summary>
internal enum Phase
{
    DropTriggers,
    DropPolicies,
    DropViews,
    DropForeignKeys,
    DropConstraints,
    DropIndexes,
    DropReplacedFunctions,
    Renames,
    CreateSchemas,
    CreateExtensions,
    AlterExtensions,
    CreateTypes,
    AlterTypes,
    CreateSequences,
    AlterSequences,
    CreateFunctions,
    CreateTables,
    CreatePartitions,
    AlterTables,
    AddColumns,
    AlterColumns,
    ColumnSettings,
    DropColumns,
    AttachPartitions,
    CreateConstraints,
    CreateForeignKeys,
    ValidateConstraints,
    CreateIndexes,
    AttachIndexes,
    TableSettings,
    CreateViews,
    CreateViewIndexes,
    CreateTriggers,
    CreatePolicies,
    SequenceOwnership,
    Comments,
    Privileges,
    DropTables,
    DropSequences,
    DropFunctions,
    DropTypes,
    DropExtensions,
    DropSchemas,
    Concurrent,
}
