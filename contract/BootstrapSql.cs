using System.Text.RegularExpressions;

namespace Infra.Contract;

/// <summary>
/// The SQL that creates an environment's database users (Sql/create-users.sql, embedded here): the constructs show and
/// test it, the function package runs it at deploy time; both read this one copy.
/// </summary>
internal static partial class BootstrapSql
{
    private const string ResourceName = "Infra.Contract.Sql.create-users.sql";

    /// <summary>The script for the application database <paramref name="databaseName"/>.</summary>
    /// <exception cref="ArgumentException">When the name is not a plain identifier (it is written into the SQL).</exception>
    public static string For(string databaseName)
    {
        if (databaseName is null || !DatabaseName().IsMatch(databaseName))
        {
            var problem = $"databaseName: '{databaseName}' must be 1-63 lower-case letters, digits or underscores, starting with a letter";
            throw new ArgumentException(problem, nameof(databaseName));
        }
        using var stream = typeof(BootstrapSql).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("{{database}}", databaseName, StringComparison.Ordinal);
    }

    [GeneratedRegex(FunctionContract.DatabaseNamePattern)]
    private static partial Regex DatabaseName();
}
