using System.Net;
using System.Net.Sockets;

namespace Infra.TestSupport;

/// <summary>Where tests find the repository, and free loopback ports for the servers they start.</summary>
public static class TestPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding Infra.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Infra.sln not found above the test binaries");
    }
}
