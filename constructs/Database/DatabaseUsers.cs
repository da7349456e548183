using System.Text.RegularExpressions;

namespace Infra.Constructs.Database;

/// <summary>The database users every environment has, each IAM-authenticated (member of <c>rds_iam</c>).</summary>
public static partial class DatabaseUsers
{
    /// <summary>The application: data in the application schema (SELECT, INSERT, UPDATE, DELETE; sequences), no DDL.</summary>
    public const string App = "app";

    /// <summary>The schema-sync (migration) function: owns the application schema and every object in it, since on RDS only an owner may
    /// ALTER.</summary>
    public const string SchemaSync = "schema_sync";

    /// <summary>The plan-only function: reads the catalog and the journal, in read-only transactions; owns nothing, creates
    /// nothing.</summary>
    public const string SchemaPlan = "schema_plan";

    /// <summary>The instance's master user: IAM-authenticated, used only by the deploy-time step that creates the users above.</summary>
    public const string Admin = "dbadmin";

    /// <summary>The schema the application's objects live in.</summary>
    public const string AppSchema = "app";

    /// <summary>Whether <paramref name="name"/> is a plain PostgreSQL identifier (no quoting needed).</summary>
    public static bool IsValidName(string? name) => name is not null && Identifier().IsMatch(name);

    [GeneratedRegex(Infra.Contract.FunctionContract.DatabaseNamePattern)]
    private static partial Regex Identifier();
}
