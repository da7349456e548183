namespace Infra.TestSupport;

/// <summary>
/// Name of the xunit collection whose test classes share one <see cref="PostgresServer"/>. xunit needs the
/// collection definition in the test assembly itself: each test project declares
/// <c>[CollectionDefinition(PostgresCollection.Name)] class ... : ICollectionFixture&lt;PostgresServer&gt;</c>.
/// </summary>
public static class PostgresCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";
}
