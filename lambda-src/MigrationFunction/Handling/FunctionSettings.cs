using Infra.Contract;
using MigrationFunction.Database;

namespace MigrationFunction.Handling;

/// <summary>The function's configuration, from environment variables the construct sets.</summary>
/// <param name="ApplyUser">The user that applies plans: ownership and CREATE rights are judged for it, so the
/// plan-only function (signed in as a reader) plans exactly what the applying function would.</param>
public sealed record FunctionSettings(
    DatabaseEndpoint Source,
    DatabaseEndpoint Target,
    string Region,
    string Bucket,
    string Prefix,
    string ApplyUser
)
{
    /// <summary>
    /// Reads SOURCE_DB_HOST/PORT/NAME, SOURCE_DB_USER (default DB_USER), TARGET_DB_HOST/PORT/NAME, DB_USER,
    /// APPLY_DB_USER (default DB_USER), AWS_REGION, REVISIONS_BUCKET, REVISIONS_PREFIX.
    /// </summary>
    /// <exception cref="InvalidOperationException">Naming the first variable that is missing or malformed.</exception>
    public static FunctionSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string Required(string name) =>
            read(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"environment variable {name} is not set");
        int Port(string name) =>
            int.TryParse(Required(name), out var port) && port is > 0 and < 65536
                ? port
                : throw new InvalidOperationException($"environment variable {name} is not a port: '{read(name)}'");
        var user = Required(FunctionEnvironment.User);
        return new FunctionSettings(
            new DatabaseEndpoint(
                Required(FunctionEnvironment.SourceHost),
                Port(FunctionEnvironment.SourcePort),
                Required(FunctionEnvironment.SourceName),
                read(FunctionEnvironment.SourceUser) is { Length: > 0 } sourceUser ? sourceUser : user
            ),
            new DatabaseEndpoint(
                Required(FunctionEnvironment.TargetHost),
                Port(FunctionEnvironment.TargetPort),
                Required(FunctionEnvironment.TargetName),
                user
            ),
            Required("AWS_REGION"),
            Required(FunctionEnvironment.RevisionsBucket),
            read(FunctionEnvironment.RevisionsPrefix) ?? FunctionContract.RevisionsPrefix,
            read(FunctionEnvironment.ApplyUser) is { Length: > 0 } applyUser ? applyUser : user
        );
    }
}
