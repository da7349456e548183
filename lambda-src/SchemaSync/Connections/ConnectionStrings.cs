using Npgsql;

namespace SchemaSync.Connections;

/// <summary>Accepts libpq URLs (<c>postgres://</c> or <c>postgresql://user:password@host:port/db?sslmode=...</c>) and Npgsql
/// strings.</summary>
public static class ConnectionStrings
{
    private static readonly Dictionary<string, string> LibpqToNpgsql = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>The Npgsql form of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">When the value is neither a libpq URL nor an Npgsql string, or names a database or user
    /// longer than PostgreSQL keeps.</exception>
    public static string ToNpgsql(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!value.StartsWith("postgres://", StringComparison.Ordinal) && !value.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            NpgsqlConnectionStringBuilder parsed;
            try
            {
                parsed = new NpgsqlConnectionStringBuilder(value);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(
                    $"'{Redact(Shortened(value))}' is neither a postgres:// URL nor an Npgsql connection string ({e.Message})",
                    nameof(value)
                );
            }
            return Checked(parsed, value);
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"'{Redact(Shortened(value))}' is not a valid postgres:// URL", nameof(value));

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2)
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            var setting = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            if (!LibpqToNpgsql.TryGetValue(key, out var npgsqlKey))
                throw new ArgumentException(
                    $"'{Redact(Shortened(value))}': URL parameter '{key}' is not supported; use one of "
                        + string.Join(", ", LibpqToNpgsql.Keys),
                    nameof(value)
                );
            builder[npgsqlKey] = key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? SslMode(setting) : setting;
        }
        return Checked(builder, value);
    }

    /// <summary>The longest database or user name PostgreSQL keeps (NAMEDATALEN - 1 bytes); a longer one it would cut.</summary>
    public const int MaxNameBytes = 63;

    /// <summary>The connection string, once its database and user names are names PostgreSQL can hold.</summary>
    private static string Checked(NpgsqlConnectionStringBuilder builder, string value)
    {
        foreach (var (what, name) in new[] { ("database", builder.Database), ("user", builder.Username) })
        {
            if (name is not null && System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
                throw new ArgumentException(
                    $"'{Redact(Shortened(value))}': the {what} name is {System.Text.Encoding.UTF8.GetByteCount(name)} bytes long; "
                        + $"PostgreSQL names are at most {MaxNameBytes} bytes",
                    nameof(value)
                );
        }
        return builder.ConnectionString;
    }

    /// <summary>A long value cut for a one-line message.</summary>
    private static string Shortened(string value) => value.Length <= 120 ? value : value[..100] + "...";

    private static string SslMode(string libpq) =>
        libpq switch
        {
            "disable" => "Disable",
            "allow" => "Allow",
            "prefer" => "Prefer",
            "require" => "Require",
            "verify-ca" => "VerifyCA",
            "verify-full" => "VerifyFull",
            _ => throw new ArgumentException($"sslmode '{libpq}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        };

    /// <summary>The value with any password replaced, for error messages and logs.</summary>
    public static string Redact(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value ?? "", @"(://[^:/@]+:)[^@]*@|([Pp]assword\s*=\s*)[^;]*", m =>
            m.Groups[1].Success ? m.Groups[1].Value + "***@" : m.Groups[2].Value + "***"
        );
}
