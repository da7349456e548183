using Amazon;
using Amazon.S3;
using MigrationFunction.Auth;
using MigrationFunction.Database;
using MigrationFunction.Revisions;
using Npgsql;

namespace MigrationFunction.Handling;

/// <summary>What the handler talks to; tests replace the parts that stand for AWS (token source, S3 endpoint).</summary>
public sealed record FunctionServices(
    FunctionSettings Settings,
    Func<DatabaseEndpoint, NpgsqlDataSource> Connect,
    IRevisionStore Revisions,
    TimeProvider Clock,
    TextWriter Log
)
{
    /// <summary>Lambda's wiring: settings from the environment, IAM tokens from the role, TLS against the shipped bundle, S3 through the
    /// gateway endpoint.</summary>
    public static FunctionServices FromEnvironment()
    {
        var settings = FunctionSettings.FromEnvironment();
        var caBundle = CaBundle.Locate();
        var tokens = new RdsIamTokenSource(settings.Region, AwsCredentials.FromEnvironment);
        var s3 = new AmazonS3Client(RegionEndpoint.GetBySystemName(settings.Region));
        return new FunctionServices(
            settings,
            endpoint => DatabaseConnector.Create(endpoint, tokens, caBundle),
            new S3RevisionStore(s3, settings.Bucket),
            TimeProvider.System,
            Console.Out
        );
    }
}
