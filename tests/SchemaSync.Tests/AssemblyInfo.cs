using Infra.TestSupport;

// One PostgreSQL cluster for the whole assembly; test classes share it through the collection.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SchemaSync.Tests;

/// <summary>One PostgreSQL cluster for every test class of this assembly.</summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServer>;
