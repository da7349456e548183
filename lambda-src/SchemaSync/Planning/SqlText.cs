using System.Text.RegularExpressions;

namespace SchemaSync.Planning;

/// <summary>Quoting helpers that match PostgreSQL's quote_ident and quote_literal.</summary>
public static partial class SqlText
{
    // Reserved words quote_ident quotes (the common ones a schema uses as names).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "constraint",
        "create",
        "current_catalog",
        "current_date",
        "current_role",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "from",
        "grant",
        "group",
        "having",
        "in",
        "initially",
        "intersect",
        "into",
        "lateral",
        "leading",
        "limit",
        "localtime",
        "localtimestamp",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "placing",
        "primary",
        "references",
        "returning",
        "select",
        "session_user",
        "some",
        "symmetric",
        "table",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "when",
        "where",
        "window",
        "with",
    };

    /// <summary>Quotes an identifier the way quote_ident does.</summary>
    public static string QuoteIdent(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SimpleIdentifier().IsMatch(name) && !Reserved.Contains(name)
            ? name
            : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The name an identifier quoted by quote_ident stands for (<c>"Mixed ""Case"""</c> gives <c>Mixed "Case"</c>).</summary>
    public static string UnquoteIdent(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 1 && name[0] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;
    }

    /// <summary>Quotes a string literal the way quote_literal does (standard_conforming_strings on).</summary>
    public static string QuoteLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$")]
    private static partial Regex SimpleIdentifier();
}
