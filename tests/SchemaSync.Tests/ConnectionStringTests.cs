using Npgsql;
using SchemaSync.Connections;

namespace SchemaSync.Tests;

public class ConnectionStringTests
{
    [Theory]
    [InlineData("postgresql://app@db.internal:6543/shop", "db.internal", 6543, "shop", "app", null)]
    [InlineData("postgres://app:p%40ss@db.internal/shop?sslmode=verify-full", "db.internal", 5432, "shop", "app", "p@ss")]
    [InlineData("Host=h;Port=5433;Database=d;Username=u", "h", 5433, "d", "u", null)]
    public void Accepts_libpq_urls_and_npgsql_strings(string value, string host, int port, string database, string user, string? password)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionStrings.ToNpgsql(value));

        Assert.Equal(
            (host, port, database, user, password),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password)
        );
    }

    [Fact]
    public void Maps_sslmode_verify_full()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            ConnectionStrings.ToNpgsql("postgresql://u@h/d?sslmode=verify-full&sslrootcert=/ca.pem")
        );

        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("/ca.pem", builder.RootCertificate);
    }

    [Theory]
    [InlineData("postgresql://u@h/d?frobnicate=1", "URL parameter 'frobnicate' is not supported")]
    [InlineData("postgresql://u@h/d?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgresql://u:hunter2@h/d?bad=1", "u:***@")]
    public void Rejects_what_it_cannot_map_without_echoing_passwords(string value, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ConnectionStrings.ToNpgsql(value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
