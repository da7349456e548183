using System.Text.RegularExpressions;

namespace SchemaSync.Planning;

/// <summary>What <c>ALTER COLUMN ... TYPE</c> does to a column's stored values, from the two types as format_type prints them.</summary>
internal enum ConversionKind
{
    /// <summary>Binary-coercible: PostgreSQL changes only the catalog (no rewrite, every value fits).</summary>
    CatalogOnly,

    /// <summary>Every row is rewritten, and every value converts without loss (a widening).</summary>
    Rewrite,

    /// <summary>Every row is rewritten, and a value may fail to convert or come out changed.</summary>
    LossyRewrite,
}

/// <summary>
/// Classifies a type change by PostgreSQL's own rules: binary-coercible changes skip the rewrite
/// (ATColumnChangeRequiresRewrite: varchar widened or unbounded, varchar to text, numeric precision raised at the
/// same scale); widenings rewrite without loss; everything else rewrites and may reject or alter values.
/// Anything not recognised is treated as lossy: a false alarm is cheaper than a missed one.
/// </summary>
internal static partial class TypeConversion
{
    // Lossless widenings: each type to the types that hold every one of its values exactly.
    private static readonly Dictionary<string, string[]> Widenings = new(StringComparer.Ordinal)
    {
        ["smallint"] = ["integer", "bigint", "numeric", "real", "double precision"],
        ["integer"] = ["bigint", "numeric", "double precision"],
        ["bigint"] = ["numeric"],
        ["real"] = ["double precision", "numeric"],
        ["date"] = ["timestamp without time zone", "timestamp with time zone"],
        ["character"] = ["text", "character varying"],
        ["uuid"] = ["text", "character varying"],
        ["boolean"] = ["text", "character varying"],
    };

    public static ConversionKind Classify(string from, string to)
    {
        var (fromBase, fromArgs) = Split(from);
        var (toBase, toArgs) = Split(to);
        if (
            IsVarchar(fromBase)
            && (toBase == "text" || (IsVarchar(toBase) && (toArgs is null || (fromArgs is not null && Length(toArgs) >= Length(fromArgs)))))
        )
            return ConversionKind.CatalogOnly;
        if (fromBase == "text" && IsVarchar(toBase) && toArgs is null)
            return ConversionKind.CatalogOnly;
        if (fromBase == "numeric" && toBase == "numeric" && Numeric(fromArgs) is var (p1, s1) && Numeric(toArgs) is var (p2, s2))
        {
            if (toArgs is null || (fromArgs is not null && s1 == s2 && p2 >= p1))
                return ConversionKind.CatalogOnly;
            return fromArgs is not null && p2 - s2 >= p1 - s1 && s2 >= s1 ? ConversionKind.Rewrite : ConversionKind.LossyRewrite;
        }
        if (fromBase == toBase && fromArgs == toArgs)
            return ConversionKind.CatalogOnly;
        return Widenings.TryGetValue(fromBase, out var wider) && wider.Contains(toBase) && toArgs is null
            ? ConversionKind.Rewrite
            : ConversionKind.LossyRewrite;
    }

    private static bool IsVarchar(string type) => type == "character varying";

    private static int Length(string args) => int.Parse(args, System.Globalization.CultureInfo.InvariantCulture);

    private static (int Precision, int Scale) Numeric(string? args)
    {
        if (args is null)
            return (int.MaxValue, int.MaxValue);
        var parts = args.Split(',');
        return (
            int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0
        );
    }

    /// <summary>"character varying(20)" into ("character varying", "20"); "timestamp(3) without time zone" keeps its modifier
    /// inside.</summary>
    private static (string Base, string? Args) Split(string type)
    {
        var match = TypeWithModifier().Match(type);
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value) : (type, null);
    }

    [GeneratedRegex(@"^([a-z ]+)\(([0-9, ]+)\)$")]
    private static partial Regex TypeWithModifier();
}
