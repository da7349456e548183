using System.Globalization;
using Npgsql;

namespace SchemaSync.Connections;

/// <summary>
/// Bounds on how long a session the engine opens can hold locks when its client stops taking part, so PROD's readers
/// are never blocked for the server's default two hours of keepalive silence:
/// <list type="bullet">
/// <item>a client frozen between statements inside a transaction: the server ends the session after
/// <see cref="IdleInTransaction"/> (<c>idle_in_transaction_session_timeout</c>), rolling back and freeing its locks;</item>
/// <item>a client frozen during a statement: the statement ends by <c>statement_timeout</c>/<c>lock_timeout</c> (set by
/// the applier), then the rule above applies;</item>
/// <item>a client host that is gone: the server's TCP keepalives end the session after
/// <see cref="ServerDeadClientBound"/>, and <c>client_connection_check_interval</c> ends a running query whose client
/// closed its socket; the client's own keepalives end its wait on a server host that is gone.</item>
/// </list>
/// A stopped process still answers keepalives (its kernel does), which is why the first rule exists.
/// </summary>
public static class SessionBounds
{
    /// <summary>How long a session may sit idle inside a transaction.</summary>
    public static readonly TimeSpan IdleInTransaction = TimeSpan.FromSeconds(60);

    private const int KeepaliveIdleSeconds = 30;
    private const int KeepaliveIntervalSeconds = 10;
    private const int KeepaliveProbes = 3;

    /// <summary>The longest a server keeps the session of a client host that vanished: idle, then every probe unanswered.</summary>
    public static readonly TimeSpan ServerDeadClientBound = TimeSpan.FromSeconds(
        KeepaliveIdleSeconds + KeepaliveIntervalSeconds * KeepaliveProbes
    );

    /// <summary>
    /// <paramref name="connectionString"/> with the bounds: server settings as startup options (placed before any
    /// options it already holds, so a caller's own <c>-c</c> setting wins) and client TCP keepalives.
    /// </summary>
    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var settings = string.Create(
            CultureInfo.InvariantCulture,
            $"-c idle_in_transaction_session_timeout={(long)IdleInTransaction.TotalMilliseconds} "
                + $"-c tcp_keepalives_idle={KeepaliveIdleSeconds} -c tcp_keepalives_interval={KeepaliveIntervalSeconds} "
                + $"-c tcp_keepalives_count={KeepaliveProbes} -c client_connection_check_interval={KeepaliveIntervalSeconds * 1000}"
        );
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? settings : $"{settings} {builder.Options}";
        // TCP only: a Unix-domain socket (a host that is a path) has no keepalives, and Npgsql refuses them there.
        if (builder.Host is { } host && !host.Split(',').Any(h => h.StartsWith('/') || h.StartsWith('@')))
        {
            builder.TcpKeepAlive = true;
            builder.TcpKeepAliveTime = KeepaliveIdleSeconds;
            builder.TcpKeepAliveInterval = KeepaliveIntervalSeconds;
        }
        return builder.ConnectionString;
    }
}
