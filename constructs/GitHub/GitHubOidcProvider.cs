using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Infra.Constructs.GitHub;

/// <summary>
/// GitHub Actions' OIDC provider in this account: created as the native <c>AWS::IAM::OIDCProvider</c> (no custom
/// resource, no thumbprint to maintain), or imported, since an account holds one provider per issuer and a second
/// create is the most common first-deploy failure.
/// </summary>
public sealed class GitHubOidcProvider : Construct
{
    /// <summary>GitHub's issuer.</summary>
    public const string Issuer = "token.actions.githubusercontent.com";

    /// <summary>The audience every token must carry for STS.</summary>
    public const string Audience = "sts.amazonaws.com";

    /// <summary>The provider's ARN, for trust policies.</summary>
    public string ProviderArn { get; }

    /// <summary>The provider as CDK's interface, for props that take any provider (<see cref="GitHubRoleProps.Provider"/>).</summary>
    public IOpenIdConnectProvider Provider { get; }

    private GitHubOidcProvider(Construct scope, string id, bool create)
        : base(scope, id)
    {
        if (create)
        {
            var provider = new CfnOIDCProvider(
                this,
                "Resource",
                new CfnOIDCProviderProps { Url = $"https://{Issuer}", ClientIdList = [Audience] }
            );
            ProviderArn = provider.AttrArn;
        }
        else
        {
            ProviderArn = Stack
                .Of(this)
                .FormatArn(
                    new ArnComponents
                    {
                        Service = "iam",
                        Region = "",
                        Resource = "oidc-provider",
                        ResourceName = Issuer,
                        ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
                    }
                );
        }
        Provider = OpenIdConnectProvider.FromOpenIdConnectProviderArn(this, "Reference", ProviderArn);
    }

    /// <summary>Creates the provider (the account has none for GitHub yet).</summary>
    public static GitHubOidcProvider Create(Construct scope, string id) => new(scope, id, create: true);

    /// <summary>Uses the provider the account already has.</summary>
    public static GitHubOidcProvider Import(Construct scope, string id) => new(scope, id, create: false);
}
