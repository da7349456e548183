using Infra.Constructs.Database;
using Infra.TestSupport;
using Npgsql;

namespace Infra.Constructs.Tests.Database;

/// <summary>
/// The user bootstrap against a real PostgreSQL server. RDS's parts are stood in for: <c>rds_iam</c> is a plain
/// NOLOGIN role here, the master user is a non-superuser with CREATEROLE that owns the database (as RDS's master
/// does), and trust authentication stands in for IAM tokens.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseUserBootstrapTests
{
    private const string Master = "master_user";
    private readonly PostgresServer _server;
    private readonly string _database;

    public DatabaseUserBootstrapTests(PostgresServer server)
    {
        _server = server;
        // Roles are cluster-wide; each test drops and recreates them so tests stay independent.
        _server.Execute(
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam NOLOGIN; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Master}') THEN CREATE ROLE {Master} LOGIN CREATEROLE CREATEDB; END IF;
            END $$;
            """
        );
        _database = _server.CreateDatabase("users", owner: Master);
        ResetUsers();
    }

    private void ResetUsers()
    {
        foreach (var user in new[] { DatabaseUsers.App, DatabaseUsers.SchemaSync, DatabaseUsers.SchemaPlan })
        {
            _server.Execute(
                $"""
                DO $$ BEGIN
                  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') THEN
                    EXECUTE 'REASSIGN OWNED BY {user} TO postgres'; EXECUTE 'DROP OWNED BY {user}';
                  END IF;
                END $$;
                """
            );
        }
        foreach (var database in ListDatabases())
        {
            foreach (var user in new[] { DatabaseUsers.App, DatabaseUsers.SchemaSync, DatabaseUsers.SchemaPlan })
                _server.Execute(
                    $"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') THEN EXECUTE 'DROP OWNED BY {user}'; END "
                        + "IF; END $$;",
                    database
                );
        }
        _server.Execute(
            $"DROP ROLE IF EXISTS {DatabaseUsers.App}; DROP ROLE IF EXISTS {DatabaseUsers.SchemaSync}; DROP ROLE IF EXISTS "
                + $"{DatabaseUsers.SchemaPlan};"
        );
    }

    private List<string> ListDatabases()
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datallowconn AND datname <> 'template1'", connection);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private void Bootstrap() => Run(Master, DatabaseUserBootstrap.Sql(_database));

    private void Run(string user, string sql)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString(_database, user));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private T Query<T>(string user, string sql)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString(_database, user));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private void AssertDenied(string user, string sql)
    {
        var error = Assert.Throws<PostgresException>(() => Run(user, sql));
        Assert.True(
            error.SqlState
                is PostgresErrorCodes.InsufficientPrivilege
                    or PostgresErrorCodes.InvalidSchemaName
                    or PostgresErrorCodes.UndefinedTable,
            $"expected a privilege error for `{sql}` as {user}, got {error.SqlState}: {error.MessageText}"
        );
    }

    [Fact]
    public void Creates_login_users_that_only_iam_can_sign_in_and_that_hold_no_attribute_powers()
    {
        Bootstrap();

        foreach (var user in new[] { DatabaseUsers.App, DatabaseUsers.SchemaSync, DatabaseUsers.SchemaPlan })
        {
            Assert.True(
                Query<bool>(
                    "postgres",
                    "SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreaterole AND NOT rolcreatedb AND NOT rolbypassrls FROM "
                        + $"pg_roles WHERE rolname = '{user}'"
                )
            );
            Assert.True(Query<bool>("postgres", $"SELECT pg_has_role('{user}', 'rds_iam', 'MEMBER')"));
        }
    }

    [Fact]
    public void Lets_schema_plan_read_the_catalog_and_the_journal_and_change_nothing()
    {
        Bootstrap();
        Run(DatabaseUsers.SchemaSync, "CREATE TABLE items (id int PRIMARY KEY); CREATE TABLE schema_sync.journal (id text PRIMARY KEY)");
        Run(DatabaseUsers.SchemaSync, "INSERT INTO schema_sync.journal VALUES ('r1')");

        Assert.Equal("on", Query<string>(DatabaseUsers.SchemaPlan, "SHOW default_transaction_read_only"));
        Assert.Equal(1L, Query<long>(DatabaseUsers.SchemaPlan, "SELECT count(*) FROM pg_class WHERE oid = 'app.items'::regclass"));
        Assert.Equal(1L, Query<long>(DatabaseUsers.SchemaPlan, "SELECT count(*) FROM schema_sync.journal"));
        // Privileges, not the read-only default (which a session may turn off), are what refuse these.
        const string writable = "START TRANSACTION READ WRITE; ";
        AssertDenied(DatabaseUsers.SchemaPlan, writable + "CREATE TABLE app.other (id int)");
        AssertDenied(DatabaseUsers.SchemaPlan, writable + "ALTER TABLE app.items ADD COLUMN x int");
        AssertDenied(DatabaseUsers.SchemaPlan, writable + "CREATE SCHEMA other");
        AssertDenied(DatabaseUsers.SchemaPlan, writable + "INSERT INTO schema_sync.journal VALUES ('forged')");
        AssertDenied(DatabaseUsers.SchemaPlan, writable + "SELECT * FROM app.items");
    }

    [Fact]
    public void Makes_schema_sync_the_owner_of_the_app_schema_and_its_objects()
    {
        Bootstrap();

        Assert.Equal(
            DatabaseUsers.SchemaSync,
            Query<string>("postgres", "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'app'")
        );
        Run(DatabaseUsers.SchemaSync, "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL)");
        Run(
            DatabaseUsers.SchemaSync,
            "ALTER TABLE items ADD COLUMN price numeric; CREATE INDEX items_name ON items (name); CREATE VIEW item_names AS SELECT "
                + "name FROM items"
        );
        Run(DatabaseUsers.SchemaSync, "CREATE SCHEMA reporting; CREATE FUNCTION app.answer() RETURNS int LANGUAGE sql AS 'SELECT 42'");
        Assert.Equal(
            DatabaseUsers.SchemaSync,
            Query<string>("postgres", "SELECT relowner::regrole::text FROM pg_class WHERE oid = 'app.items'::regclass")
        );
    }

    [Fact]
    public void Lets_the_app_read_and_write_tables_schema_sync_creates_later()
    {
        Bootstrap();
        Run(
            DatabaseUsers.SchemaSync,
            "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL); CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS "
                + "'SELECT 42'"
        );

        Run(
            DatabaseUsers.App,
            "INSERT INTO items (name) VALUES ('a'), ('b'); UPDATE items SET name = 'c' WHERE name = 'b'; DELETE FROM items WHERE name = 'a'"
        );

        Assert.Equal("c", Query<string>(DatabaseUsers.App, "SELECT string_agg(name, ',') FROM items"));
        Assert.Equal(42, Query<int>(DatabaseUsers.App, "SELECT answer()"));
    }

    [Theory]
    [InlineData("CREATE TABLE app.other (id int)")]
    [InlineData("DROP TABLE app.items")]
    [InlineData("ALTER TABLE app.items ADD COLUMN x int")]
    [InlineData("TRUNCATE app.items")]
    [InlineData("CREATE SCHEMA mine")]
    [InlineData("CREATE TABLE public.other (id int)")]
    [InlineData("CREATE INDEX ON app.items (name)")]
    public void Refuses_the_app_any_schema_change(string sql)
    {
        Bootstrap();
        Run(DatabaseUsers.SchemaSync, "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL)");

        AssertDenied(DatabaseUsers.App, sql);
    }

    [Fact]
    public void Grants_nobody_all_privileges()
    {
        Bootstrap();
        Run(DatabaseUsers.SchemaSync, "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL)");

        var appPrivileges = Query<string>(
            "postgres",
            "SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.table_privileges WHERE grantee = "
                + "'app' AND table_name = 'items'"
        );
        Assert.Equal("DELETE,INSERT,SELECT,UPDATE", appPrivileges);
        Assert.False(Query<bool>("postgres", $"SELECT has_database_privilege('app', '{_database}', 'CREATE')"));
        Assert.False(Query<bool>("postgres", $"SELECT has_database_privilege('public', '{_database}', 'CONNECT')"));
    }

    [Fact]
    public void Converges_when_run_again_on_every_deploy()
    {
        Bootstrap();
        Run(DatabaseUsers.SchemaSync, "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL)");
        Run(DatabaseUsers.App, "INSERT INTO items (name) VALUES ('kept')");

        Bootstrap();
        Bootstrap();

        Assert.Equal("kept", Query<string>(DatabaseUsers.App, "SELECT name FROM items"));
        Assert.Equal(1L, Query<long>("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'app'"));
    }

    [Fact]
    public void Refuses_a_database_name_that_is_not_a_plain_identifier()
    {
        var error = Assert.Throws<ArgumentException>(() => DatabaseUserBootstrap.Sql("app; DROP DATABASE x"));

        Assert.Contains("databaseName: 'app; DROP DATABASE x'", error.Message, StringComparison.Ordinal);
    }
}
