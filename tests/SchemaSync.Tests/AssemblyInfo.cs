using Infra.TestSupport;

// One PostgreSQL cluster per major for the whole assembly; test classes share them through the collection.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SchemaSync.Tests;

/// <summary>The clusters of every supported major, shared by every test class of this assembly.</summary>
[CollectionDefinition(PostgresServers.CollectionName)]
public sealed class PostgresServersDefinition : ICollectionFixture<PostgresServers>;

/// <summary>The majors the tests run on.</summary>
internal static class Majors
{
    /// <summary>This project's default major (the RDS instance's engine version): tests that are not about majors run on it.</summary>
    public const int Production = 17;
}
