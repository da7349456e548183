using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Bootstrap;

/// <summary>
/// A trust level: the stacks one CDK bootstrap (one qualifier) deploys. Each level's bootstrap roles act only on its
/// own stacks, publish only to its own staging bucket and create IAM roles only under its own permissions boundary
/// (bootstrap/&lt;level&gt;.template.json), so a CI role that may assume one level's roles cannot reach the other's.
/// </summary>
/// <param name="Name">The level's name (<see cref="Dev"/> or <see cref="Production"/>), used in tags and file names.</param>
/// <param name="Qualifier">The bootstrap qualifier: lower-case letters and digits, at most 10 (it names a bucket and roles).</param>
public sealed partial record TrustLevel(string Name, string Qualifier)
{
    /// <summary>The level deployable from the main branch without approval.</summary>
    public const string Dev = Infra.Contract.TrustLevelNames.Dev;

    /// <summary>The level reachable only from GitHub's approved <c>production</c> environment (shared and prod stacks).</summary>
    public const string Production = Infra.Contract.TrustLevelNames.Production;

    /// <summary>The tag every resource of a stack carries with its level's name (the execution policies read it).</summary>
    public const string TagKey = Infra.Contract.TrustLevelNames.TagKey;

    /// <summary>The bootstrap roles a CI role may assume.</summary>
    public enum BootstrapRole
    {
        /// <summary>Read-only: what <c>cdk diff</c> needs.</summary>
        Lookup,

        /// <summary>Creates and executes change sets on the level's stacks.</summary>
        Deploy,

        /// <summary>Uploads file assets to the level's staging bucket.</summary>
        FilePublishing,

        /// <summary>Pushes image assets to the level's asset repository.</summary>
        ImagePublishing,
    }

    /// <summary>Why <paramref name="name"/> is not a level's name, or null when it is one.</summary>
    public static string? FindNameProblem(string name) => name is Dev or Production ? null : $"'{name}' is not one of {Dev}, {Production}";

    /// <summary>Returns the first problem, or null when the level is usable.</summary>
    public PropProblem? FindProblem() =>
        FindNameProblem(Name) is { } nameProblem ? new PropProblem(nameof(Name), nameProblem)
        : !QualifierPattern().IsMatch(Qualifier)
            ? new PropProblem(nameof(Qualifier), $"'{Qualifier}' must be 1-10 lower-case letters or digits (it names the staging bucket)")
        : null;

    /// <summary>The ARN of bootstrap role <paramref name="role"/> of this level in <paramref name="stack"/>'s account and region.</summary>
    public string RoleArn(Stack stack, BootstrapRole role)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var kind = role switch
        {
            BootstrapRole.Lookup => "lookup",
            BootstrapRole.Deploy => "deploy",
            BootstrapRole.FilePublishing => "file-publishing",
            _ => "image-publishing",
        };
        return stack.FormatArn(
            new ArnComponents
            {
                Service = "iam",
                Region = "",
                Resource = "role",
                ResourceName = $"cdk-{Qualifier}-{kind}-role-{stack.Account}-{stack.Region}",
                ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
            }
        );
    }

    /// <summary>The synthesizer a stack of this level uses: this level's bootstrap roles and staging bucket.</summary>
    public IStackSynthesizer Synthesizer() => new DefaultStackSynthesizer(new DefaultStackSynthesizerProps { Qualifier = Qualifier });

    /// <summary>
    /// Puts <paramref name="stack"/> in this level: tags every resource with the level and gives every IAM role the
    /// level's permissions boundary, which its execution policy requires for any role it creates.
    /// </summary>
    public void Apply(Stack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        Tags.Of(stack).Add(TagKey, Name);
        var boundary = ManagedPolicy.FromManagedPolicyName(
            stack,
            "TrustLevelBoundary",
            $"cdk-{Qualifier}-permissions-boundary-{stack.Account}-{stack.Region}"
        );
        Amazon.CDK.AWS.IAM.PermissionsBoundary.Of(stack).Apply(boundary);
    }

    [GeneratedRegex("^[a-z0-9]{1,10}$")]
    private static partial Regex QualifierPattern();
}
