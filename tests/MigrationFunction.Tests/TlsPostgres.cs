using Infra.TestSupport;

namespace MigrationFunction.Tests;

/// <summary>A PostgreSQL server that accepts only TLS with a password over TCP, with a CA made for this test run.</summary>
public sealed class TlsPostgres : IDisposable
{
    public TlsPostgres()
    {
        Tls = new TlsFiles("localhost");
        Server = PostgresServer.WithTls(Tls);
    }

    public TlsFiles Tls { get; }

    public PostgresServer Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        Tls.Dispose();
    }
}

/// <summary>Test classes that share the TLS server.</summary>
[CollectionDefinition(Name)]
public sealed class TlsPostgresCollection : ICollectionFixture<TlsPostgres>
{
    public const string Name = "TLS PostgreSQL";
}
