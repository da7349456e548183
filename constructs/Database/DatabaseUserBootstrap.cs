using System.Reflection;

namespace Infra.Constructs.Database;

/// <summary>
/// The SQL that creates an environment's database users (<see cref="DatabaseUsers"/>) with least privilege.
/// The deploy runs it as the IAM-authenticated master user through the migration function's code, so no
/// password and no manual step is involved; it is idempotent and runs on every deploy.
/// </summary>
public static class DatabaseUserBootstrap
{
    private const string ResourceName = "Infra.Constructs.Database.Sql.create-users.sql";

    /// <summary>The script for the application database <paramref name="databaseName"/>.</summary>
    /// <exception cref="ArgumentException">When the name is not a plain identifier (it is written into the SQL).</exception>
    public static string Sql(string databaseName)
    {
        if (!DatabaseUsers.IsValidName(databaseName))
            throw new ArgumentException($"databaseName: '{databaseName}' must be 1-63 lower-case letters, digits or underscores, starting with a letter", nameof(databaseName));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("{{database}}", databaseName, StringComparison.Ordinal);
    }
}
