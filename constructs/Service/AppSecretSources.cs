using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SSM;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace Infra.Constructs.Service;

/// <summary>
/// The app's secrets as references to what already exists (nothing is created): a parameter by its ARN, a secret by
/// its partial ARN (its name; IAM grants match the six random characters Secrets Manager appends). Granting read gives
/// exactly those resources, and <c>kms:Decrypt</c> on <see cref="AppSettings.SecretsKeyArn"/> when it is given.
/// </summary>
internal static class AppSecretSources
{
    /// <summary>The construct metadata type under which <see cref="Record"/> writes which secrets a workload reads (cdk.out's
    /// manifest carries it; contract/secrets.schema.json).</summary>
    public const string MetadataType = "infra:secrets";

    /// <summary>Writes which secrets <paramref name="workload"/> reads (references only), for the report and diagram.</summary>
    public static void Record(IConstruct construct, string workload, AppSettings app)
    {
        if (app.Secrets.Count == 0)
            return;
        construct.Node.AddMetadata(
            MetadataType,
            new Dictionary<string, object>
            {
                ["workload"] = workload,
                ["secrets"] = app
                    .Secrets.Select(s =>
                        (object)s.Location.Prepend(new("variable", s.Variable)).ToDictionary(kv => kv.Key, kv => (object)kv.Value)
                    )
                    .ToArray(),
            }
        );
    }

    /// <summary>
    /// Lets <paramref name="grantee"/> decrypt with <see cref="AppSettings.SecretsKeyArn"/>, only when Parameter Store or
    /// Secrets Manager asks on its behalf (<c>kms:ViaService</c>); nothing without a key.
    /// </summary>
    public static void GrantDecrypt(IGrantable grantee, AppSettings app)
    {
        if (app.SecretsKeyArn is not { } keyArn || app.Secrets.Count == 0)
            return;
        var region = Amazon.CDK.Aws.REGION;
        grantee.GrantPrincipal.AddToPrincipalPolicy(
            new PolicyStatement(
                new PolicyStatementProps
                {
                    Actions = ["kms:Decrypt"],
                    Resources = [keyArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object>
                        {
                            ["kms:ViaService"] = new[] { $"ssm.{region}.amazonaws.com", $"secretsmanager.{region}.amazonaws.com" },
                        },
                    },
                }
            )
        );
    }

    /// <summary>Each secret of <paramref name="app"/> with its ECS reference (which also grants read, without the key).</summary>
    public static IReadOnlyList<(AppSecret Secret, EcsSecret Source)> Import(Construct scope, AppSettings app)
    {
        if (app.Secrets.Count == 0)
            return [];
        var holder = new Construct(scope, "Secrets");
        var stack = Amazon.CDK.Stack.Of(scope);
        return
        [
            .. app.Secrets.Select(secret =>
                (
                    secret,
                    secret.Store == SecretStore.Ssm
                        ? EcsSecret.FromSsmParameter(
                            StringParameter.FromSecureStringParameterAttributes(
                                holder,
                                secret.Variable,
                                new SecureStringParameterAttributes { ParameterName = secret.Name }
                            )
                        )
                        : EcsSecret.FromSecretsManager(
                            SecretsManagerSecret.FromSecretAttributes(
                                holder,
                                secret.Variable,
                                new Amazon.CDK.AWS.SecretsManager.SecretAttributes
                                {
                                    SecretPartialArn = stack.FormatArn(
                                        new Amazon.CDK.ArnComponents
                                        {
                                            Service = "secretsmanager",
                                            Resource = "secret",
                                            ResourceName = secret.Name,
                                            ArnFormat = Amazon.CDK.ArnFormat.COLON_RESOURCE_NAME,
                                        }
                                    ),
                                }
                            ),
                            secret.JsonKey
                        )
                )
            ),
        ];
    }
}
