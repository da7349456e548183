using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Infra.TestSupport;

/// <summary>
/// An S3-compatible server on loopback: npm's s3rver, pinned in package-lock.json (run `npm ci` at the repository
/// root). Path-style only; its access key id and secret are both S3RVER. It has no bucket versioning.
/// </summary>
public sealed class S3Server : IDisposable
{
    private readonly Process _process;
    private readonly string _directory = Directory.CreateTempSubdirectory("s3rver-").FullName;

    /// <summary>Starts the server with <paramref name="bucket"/> created.</summary>
    public S3Server(string bucket = "revisions")
    {
        Bucket = bucket;
        Port = TestPaths.FreeLoopbackPort();
        var script = Path.Combine(TestPaths.RepositoryRoot, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} not found: run `npm ci` at the repository root (scripts/test does)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            var argument in new[]
            {
                script,
                "-d",
                _directory,
                "-a",
                "127.0.0.1",
                "-p",
                Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--silent",
                "--configure-bucket",
                bucket,
            }
        )
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start s3rver");
        WaitUntilListening();
    }

    /// <summary>The bucket created at start.</summary>
    public string Bucket { get; }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The endpoint URL for a path-style S3 client.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Stops the server: S3 becomes unreachable (a fault tests simulate).</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Stops the server and deletes its files.</summary>
    public void Dispose()
    {
        Stop();
        _process.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"s3rver exited: {_process.StandardError.ReadToEnd()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new TimeoutException("s3rver did not listen within 20 s");
    }
}
