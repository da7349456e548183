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

    [Theory]
    [InlineData("postgresql://app@db.internal/{0}", "database", 10000)]
    [InlineData("Host=h;Database=shop;Username={0}", "user", 64)]
    public void Refuses_a_name_postgresql_would_cut_in_one_short_line(string template, string what, int length)
    {
        var value = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('d', length));

        var error = Assert.Throws<ArgumentException>(() => ConnectionStrings.ToNpgsql(value));

        Assert.Contains(
            $"the {what} name is {length} bytes long; PostgreSQL names are at most 63 bytes",
            error.Message,
            StringComparison.Ordinal
        );
        Assert.True(error.Message.Length < 300, $"a {error.Message.Length}-character message");
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Accepts_a_name_of_exactly_63_bytes()
    {
        var name = new string('d', 63);

        Assert.Equal(name, new NpgsqlConnectionStringBuilder(ConnectionStrings.ToNpgsql($"postgresql://app@h/{name}")).Database);
    }
}
