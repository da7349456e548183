namespace Infra.Constructs.Database;

/// <summary>
/// The SQL that creates an environment's database users (<see cref="DatabaseUsers"/>) with least privilege.
/// The deploy runs it as the IAM-authenticated master user through the migration function's code, so no
/// password and no manual step is involved; it is idempotent and runs on every deploy.
/// </summary>
public static class DatabaseUserBootstrap
{
    /// <summary>The script for the application database <paramref name="databaseName"/>.</summary>
    /// <exception cref="ArgumentException">When the name is not a plain identifier (it is written into the SQL).</exception>
    public static string Sql(string databaseName) => Infra.Contract.BootstrapSql.For(databaseName);
}
