using Infra.Constructs.Service;

namespace Infra.App.Config;

/// <summary>The environment variables the platform gives the app: its own <c>service.environment</c> and
/// <c>service.secrets</c> may not take these names.</summary>
internal static class PlatformVariables
{
    public const string DbHost = "DB_HOST";
    public const string DbPort = "DB_PORT";
    public const string DbName = "DB_NAME";
    public const string DbUser = "DB_USER";
    public const string DbSslMode = "DB_SSLMODE";

    /// <summary>Where and as whom the app connects to the database (both platforms).</summary>
    public static readonly IReadOnlySet<string> Database = new HashSet<string>(StringComparer.Ordinal)
    {
        DbHost,
        DbPort,
        DbName,
        DbUser,
        DbSslMode,
    };

    /// <summary>The variables on <paramref name="platform"/> (<c>fargate</c> or <c>lambda</c>).</summary>
    public static IReadOnlySet<string> On(string platform) =>
        platform == "lambda" ? Database.Concat(WebFunction.OwnVariables).ToHashSet(StringComparer.Ordinal) : Database;
}
