using System.Text;
using System.Text.RegularExpressions;
using Infra.TestSupport;

namespace SchemaSync.Tests;

/// <summary>
/// The independent judge of a round trip: <c>pg_dump --schema-only</c> of both databases, by PostgreSQL's own dump
/// code rather than this engine's inspector. Debian's pg_dump refuses a newer server, so it judges on the server
/// major Debian installs (15). Both dumps are normalised by these rules, and no others:
/// <list type="number">
/// <item>the dump's own lines go: <c>--</c> comments, blank lines, <c>SET</c> and <c>set_config</c> session settings,
/// and the <c>\restrict</c>/<c>\unrestrict</c> guard lines (random per dump);</item>
/// <item>the database's name becomes <c>DB</c> (source and target differ only in name);</item>
/// <item>the column lines inside a <c>CREATE TABLE</c> are sorted, trailing commas dropped (the engine appends new
/// columns at the end: column order is not a difference, as in the model);</item>
/// <item>statements (split at a <c>;</c> that ends a line outside dollar quotes) are sorted.</item>
/// </list>
/// Privileges are left out (<c>--no-privileges</c>) unless the comparison is about them.
/// </summary>
internal static partial class DumpJudge
{
    /// <summary>The major whose pg_dump Debian installs here.</summary>
    public const int Major = 15;

    private const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";

    /// <summary>Statements only in the source's dump and only in the target's: both empty when the schemas are equal.</summary>
    public static (IReadOnlyList<string> OnlyInSource, IReadOnlyList<string> OnlyInTarget) Compare(
        PostgresServer server,
        string source,
        string target,
        bool privileges
    )
    {
        var sourceDump = Normalised(server, source, privileges);
        var targetDump = Normalised(server, target, privileges);
        return (Minus(sourceDump, targetDump), Minus(targetDump, sourceDump));
    }

    /// <summary>The normalised dump of <paramref name="database"/>: sorted statements.</summary>
    public static IReadOnlyList<string> Normalised(PostgresServer server, string database, bool privileges)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.MajorVersion != Major)
            throw new InvalidOperationException($"pg_dump {Major} judges only a PostgreSQL {Major} server, not {server.MajorVersion}");
        if (!File.Exists(PgDump))
            throw new InvalidOperationException(
                $"{PgDump} not found: install it with `apt-get install -y postgresql-client-15` (scripts/test installs postgresql)"
            );
        string[] args =
        [
            "--schema-only",
            "--no-tablespaces",
            "-h",
            server.SocketDirectory,
            "-p",
            server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U",
            "postgres",
            database,
        ];
        var result = ProcessRunner.Run(PgDump, privileges ? args : ["--no-privileges", .. args]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"pg_dump failed ({result.ExitCode}): {result.Stderr}");
        return Normalise(result.Stdout.Replace(database, "DB", StringComparison.Ordinal));
    }

    /// <summary>Applies the rules above to one dump's text.</summary>
    public static IReadOnlyList<string> Normalise(string dump)
    {
        var statements = new List<string>();
        var current = new List<string>();
        string? dollarTag = null;
        foreach (var line in dump.Split('\n'))
        {
            if (dollarTag is null && IsDumpOwnLine(line))
                continue;
            current.Add(line);
            foreach (Match tag in DollarQuote().Matches(line))
                dollarTag =
                    dollarTag is null ? tag.Value
                    : dollarTag == tag.Value ? null
                    : dollarTag;
            if (dollarTag is null && line.TrimEnd().EndsWith(';'))
            {
                statements.Add(SortColumns(current));
                current.Clear();
            }
        }
        if (current.Count > 0)
            statements.Add(SortColumns(current));
        return [.. statements.Order(StringComparer.Ordinal)];
    }

    private static bool IsDumpOwnLine(string line) =>
        line.Length == 0
        || line.StartsWith("--", StringComparison.Ordinal)
        || line.StartsWith("SET ", StringComparison.Ordinal)
        || line.StartsWith("SELECT pg_catalog.set_config(", StringComparison.Ordinal)
        || line.StartsWith("\\restrict", StringComparison.Ordinal)
        || line.StartsWith("\\unrestrict", StringComparison.Ordinal);

    private static string SortColumns(List<string> lines)
    {
        if (!lines[0].StartsWith("CREATE TABLE ", StringComparison.Ordinal) || !lines[0].EndsWith('(') || lines.Count < 3)
            return string.Join('\n', lines);
        var closing = lines.FindLastIndex(l => l.StartsWith(')'));
        if (closing < 1)
            return string.Join('\n', lines);
        var columns = lines[1..closing].Select(l => l.TrimEnd(',')).Order(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin('\n', [lines[0], .. columns, .. lines[closing..]]).ToString();
    }

    private static List<string> Minus(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        var remaining = right.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var statement in left)
        {
            if (remaining.TryGetValue(statement, out var count) && count > 0)
                remaining[statement] = count - 1;
            else
                result.Add(statement);
        }
        return result;
    }

    [GeneratedRegex(@"\$[A-Za-z_0-9]*\$")]
    private static partial Regex DollarQuote();
}
