namespace Infra.TestSupport;

/// <summary>
/// One throwaway cluster per supported PostgreSQL major, each started the first time a test asks for it and removed
/// on dispose. A collection fixture: a test assembly declares
/// <c>[CollectionDefinition(PostgresServers.CollectionName)] class ... : ICollectionFixture&lt;PostgresServers&gt;</c>.
/// </summary>
public sealed class PostgresServers : IDisposable
{
    /// <summary>The name of the xunit collection that shares these servers.</summary>
    public const string CollectionName = "PostgreSQL majors";

    /// <summary>The majors production may run (RDS offers them; 17 is this project's default): 15 from Debian, 16–18 from npm.</summary>
    public static readonly IReadOnlyList<int> Supported = [15, 16, 17, 18];

    private readonly Dictionary<int, PostgresServer> _servers = [];
    private readonly Lock _lock = new();

    /// <summary>The running cluster of <paramref name="major"/>, started on first use.</summary>
    public PostgresServer Of(int major)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(major, out var server))
                _servers[major] = server = PostgresServer.OfMajor(major);
            return server;
        }
    }

    /// <summary>Stops every cluster that was started.</summary>
    public void Dispose()
    {
        foreach (var server in _servers.Values)
            server.Dispose();
    }
}
