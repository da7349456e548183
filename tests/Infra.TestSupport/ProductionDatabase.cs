using Npgsql;

namespace Infra.TestSupport;

/// <summary>
/// A database prepared the way RDS and the deploy prepare one: created by the cluster's superuser (RDS's own
/// administrator) and owned by a master user that is not a superuser (CREATEROLE, CREATEDB, admin of the
/// <c>rds_iam</c> stand-in, as RDS's master is), then the project's user bootstrap SQL
/// (<c>contract/Sql/create-users.sql</c>, the file the deploy runs) applied as that master user. After that
/// the application's objects belong in the <c>app</c> schema and are created by <see cref="SchemaSyncUser"/>, the
/// user the migration function connects as. Stand-ins for RDS: <c>rds_iam</c> is a plain NOLOGIN role and trust
/// authentication replaces IAM tokens.
/// </summary>
public static class ProductionDatabase
{
    /// <summary>The RDS master user's stand-in: owns the database, runs the user bootstrap, is no superuser.</summary>
    public const string MasterUser = "rds_master";

    /// <summary>The user schema sync runs as in production (owner of the app schema).</summary>
    public const string SchemaSyncUser = "schema_sync";

    /// <summary>The schema the application's objects live in.</summary>
    public const string AppSchema = "app";

    private static readonly string BootstrapSqlPath = Path.Combine(TestPaths.RepositoryRoot, "contract", "Sql", "create-users.sql");

    /// <summary>Creates a database on <paramref name="server"/> owned by the master user, with the user bootstrap applied; returns its
    /// name.</summary>
    public static string Create(PostgresServer server, string prefix)
    {
        ArgumentNullException.ThrowIfNull(server);
        // Roles are cluster-wide: created once per cluster, the same way each time.
        server.Execute(
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam NOLOGIN; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{MasterUser}') THEN
                CREATE ROLE {MasterUser} LOGIN CREATEROLE CREATEDB;
                GRANT rds_iam TO {MasterUser} WITH ADMIN OPTION;
              END IF;
            END $$;
            """
        );
        var database = server.CreateDatabase(prefix, owner: MasterUser);
        server.ExecuteAs(
            MasterUser,
            File.ReadAllText(BootstrapSqlPath).Replace("{{database}}", database, StringComparison.Ordinal),
            database
        );
        return database;
    }

    /// <summary>A TCP connection string for the production user to <paramref name="database"/>.</summary>
    public static string SchemaSyncConnection(PostgresServer server, string database)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.ConnectionString(database, SchemaSyncUser);
    }

    /// <summary>
    /// Throws unless <paramref name="role"/> is the production user's kind: no superuser, no CREATEROLE, no BYPASSRLS.
    /// The proof is only as good as this: a superuser passes permission checks production would fail.
    /// </summary>
    public static void AssertUnprivileged(PostgresServer server, string role = SchemaSyncUser)
    {
        ArgumentNullException.ThrowIfNull(server);
        // Over the Unix socket as the superuser: works on the TLS-only servers too.
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(server.ConnectionString()) { Host = server.SocketDirectory }.ConnectionString
        );
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = @role",
            connection
        );
        command.Parameters.AddWithValue("role", role);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            throw new InvalidOperationException($"role {role} does not exist");
        var (super, createRole, bypassRls) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
        if (super || createRole || bypassRls)
            throw new InvalidOperationException(
                $"{role} has superuser={super}, createrole={createRole}, bypassrls={bypassRls}: the tests must run as production's "
                    + "unprivileged user"
            );
    }
}
