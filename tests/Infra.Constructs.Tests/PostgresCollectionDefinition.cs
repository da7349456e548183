using Infra.TestSupport;

namespace Infra.Constructs.Tests;

/// <summary>One PostgreSQL cluster for every database test class of this assembly.</summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServer>;
