using System.Text.RegularExpressions;
using Infra.Constructs.Validation;

namespace Infra.Constructs.Registry;

/// <summary>Checks <see cref="ImageRepositoryProps"/> before any resource is created.</summary>
public static partial class ImageRepositoryPropsValidation
{
    /// <summary>Returns the first problem with <paramref name="props"/>, or null when they are valid.</summary>
    public static PropProblem? FindProblem(ImageRepositoryProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (props.RepositoryName is { } name && !RepositoryNamePattern().IsMatch(name))
            return new(nameof(props.RepositoryName), $"'{name}' must be 2-256 lower-case letters, digits and . _ - / separators");
        foreach (var prefix in props.PromotedTagPrefixes)
        {
            if (!TagPrefixPattern().IsMatch(prefix))
                return new(nameof(props.PromotedTagPrefixes), $"'{prefix}' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (props.KeepPromotedImages < 1)
            return new(nameof(props.KeepPromotedImages), $"{props.KeepPromotedImages} must be at least 1 (the running image)");
        if (props.KeepImages < 1)
            return new(nameof(props.KeepImages), $"{props.KeepImages} must be at least 1");
        if (props.UntaggedExpiryDays < 1)
            return new(nameof(props.UntaggedExpiryDays), $"{props.UntaggedExpiryDays} must be at least 1");
        return null;
    }

    [GeneratedRegex("^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$")]
    private static partial Regex RepositoryNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex TagPrefixPattern();
}
