using System.Text.RegularExpressions;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Values for existing rows when a NOT NULL column without a default is added (see <see cref="PlanOptions.Backfills"/>).</summary>
internal static partial class Backfill
{
    /// <summary>The unquoted <c>schema.table.column</c> a backfill is given for.</summary>
    public static string Key(ColumnDef column) =>
        string.Join('.', new[] { column.Schema, column.Table, column.Name }.Select(SqlText.UnquoteIdent));

    /// <summary>A constant PostgreSQL stores once in the catalog (no row is rewritten): a number, a quoted string, true/false, with an
    /// optional cast.</summary>
    public static bool IsLiteral(string expression) => Literal().IsMatch(expression.Trim());

    /// <summary>The type's zero value as SQL, or null when the type has none this planner knows.</summary>
    public static string? ZeroValue(string type) =>
        type switch
        {
            "smallint" or "integer" or "bigint" or "real" or "double precision" or "numeric" => "0",
            _ when type.StartsWith("numeric(", StringComparison.Ordinal) => "0",
            "text" or "character varying" or "citext" => "''",
            _ when type.StartsWith("character varying(", StringComparison.Ordinal)
                    || type.StartsWith("character(", StringComparison.Ordinal) => "''",
            "boolean" => "false",
            "date" => "'1970-01-01'::date",
            "timestamp without time zone" => "'1970-01-01 00:00:00'::timestamp",
            "timestamp with time zone" => "'1970-01-01 00:00:00+00'::timestamptz",
            "uuid" => "'00000000-0000-0000-0000-000000000000'::uuid",
            "jsonb" => "'{}'::jsonb",
            "json" => "'{}'::json",
            _ => null,
        };

    [GeneratedRegex(@"^(-?[0-9]+(\.[0-9]+)?|'([^']|'')*'|true|false)(::[a-z ]+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Literal();
}
