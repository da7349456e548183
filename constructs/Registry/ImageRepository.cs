using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Registry;

/// <summary>
/// The ECR repository the environments share: an image is built once, tagged with its git SHA, and promoted between
/// environments by tag. Tags are immutable, images are scanned on push and encrypted, and lifecycle rules never expire
/// a promoted image.
/// </summary>
public sealed class ImageRepository : Construct
{
    /// <summary>The repository.</summary>
    public IRepository Repository { get; }

    /// <summary>Creates the repository.</summary>
    /// <exception cref="ArgumentException">When a prop is invalid; the message names it and echoes the value.</exception>
    public ImageRepository(Construct scope, string id, ImageRepositoryProps? props = null)
        : base(scope, id)
    {
        props ??= new ImageRepositoryProps();
        PropProblem.ThrowIfAny(ImageRepositoryPropsValidation.FindProblem(props), nameof(ImageRepository), id);

        var repository = new Repository(
            this,
            "Resource",
            new RepositoryProps
            {
                RepositoryName = props.RepositoryName,
                ImageTagMutability = TagMutability.IMMUTABLE,
                ImageScanOnPush = true,
                // Images are the only copy of what ran in production: keep them if the stack goes.
                RemovalPolicy = RemovalPolicy.RETAIN,
            }
        );

        // AES-256 is ECR's default, which CDK leaves out of the template; state it so a reviewer sees it.
        ((CfnRepository)repository.Node.DefaultChild!).EncryptionConfiguration = new CfnRepository.EncryptionConfigurationProperty
        {
            EncryptionType = "AES256",
        };

        // Lower priority numbers are evaluated first; an image a rule selects is never expired by a later rule.
        var priority = 1;
        foreach (var prefix in props.PromotedTagPrefixes.Order(StringComparer.Ordinal))
        {
            repository.AddLifecycleRule(
                new Amazon.CDK.AWS.ECR.LifecycleRule
                {
                    RulePriority = priority++,
                    Description = $"Keep the newest {props.KeepPromotedImages} images promoted with '{prefix}'",
                    TagStatus = TagStatus.TAGGED,
                    TagPrefixList = [prefix],
                    MaxImageCount = props.KeepPromotedImages,
                }
            );
        }
        repository.AddLifecycleRule(
            new Amazon.CDK.AWS.ECR.LifecycleRule
            {
                RulePriority = priority++,
                Description = $"Expire untagged images after {props.UntaggedExpiryDays} days",
                TagStatus = TagStatus.UNTAGGED,
                MaxImageAge = Duration.Days(props.UntaggedExpiryDays),
            }
        );
        repository.AddLifecycleRule(
            new Amazon.CDK.AWS.ECR.LifecycleRule
            {
                RulePriority = priority,
                Description = $"Keep the newest {props.KeepImages} other images",
                TagStatus = TagStatus.ANY,
                MaxImageCount = props.KeepImages,
            }
        );
        Repository = repository;
    }

    /// <summary>Lets <paramref name="grantee"/> push images (and pull, which a layered push needs).</summary>
    public Grant GrantPush(IGrantable grantee) => Repository.GrantPullPush(grantee);

    /// <summary>Lets <paramref name="grantee"/> pull images.</summary>
    public Grant GrantPull(IGrantable grantee) => Repository.GrantPull(grantee);
}
