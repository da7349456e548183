using Npgsql;
using SchemaSync.Connections;

namespace MigrationFunction.Database;

/// <summary>
/// Connections to RDS with verified TLS (verify-full against the shipped CA bundle) and a fresh token per physical
/// connection: tokens live 15 minutes, so none is cached; pooling is off because every invocation is short.
/// </summary>
public static class DatabaseConnector
{
    /// <summary>A data source for <paramref name="endpoint"/> verified against <paramref name="caBundlePath"/>.</summary>
    public static NpgsqlDataSource Create(DatabaseEndpoint endpoint, ITokenSource tokens, string caBundlePath)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(tokens);
        if (!File.Exists(caBundlePath))
            throw new InvalidOperationException($"the CA bundle {caBundlePath} is missing: refusing to connect without verified TLS");
        // Bounded sessions (SchemaSync.Connections.SessionBounds): a frozen or vanished function never holds PROD's locks.
        var connectionString = SessionBounds.Apply(
            new NpgsqlConnectionStringBuilder
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                Database = endpoint.Database,
                Username = endpoint.User,
                SslMode = SslMode.VerifyFull,
                RootCertificate = caBundlePath,
                Pooling = false,
                Timeout = 10,
                ApplicationName = "schema-sync",
            }.ConnectionString
        );
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UsePasswordProvider(_ => tokens.TokenFor(endpoint), (_, _) => ValueTask.FromResult(tokens.TokenFor(endpoint)));
        return builder.Build();
    }
}
