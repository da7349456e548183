namespace Infra.Constructs.Tests.Packaging;

/// <summary>
/// Tests that publish lambda-src/MigrationFunction (directly or through scripts/pack) run one at a time: two
/// concurrent publishes of one project write the same obj folder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FunctionPublishCollection
{
    public const string Name = "publishes the migration function";
}
