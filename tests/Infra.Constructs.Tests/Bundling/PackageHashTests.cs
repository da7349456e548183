using Infra.Constructs.Bundling;

namespace Infra.Constructs.Tests.Bundling;

/// <summary>
/// The migration function package's hash against copies of this repository: every kind of input changes it, a file
/// that does not go into the package does not, and two checkouts of the same files agree (seed 003's trap: a package
/// whose hash did not change was never deployed).
/// </summary>
public sealed class PackageHashTests : IDisposable
{
    private readonly FunctionSourceCopies _copies = new();

    public void Dispose() => _copies.Dispose();

    private string Copy() => _copies.Copy();

    private static string Hash(string root) =>
        DotNetCode.PackageHash(
            new DotNetCodeProps { ProjectFile = FunctionSourceCopies.ProjectFile(root), SourceDirectory = Path.Combine(root, "lambda-src") }
        );

    private static void Append(string root, string relative, string text) => File.AppendAllText(Path.Combine(root, relative), text);

    private static void Replace(string root, string relative, string from, string to)
    {
        var path = Path.Combine(root, relative);
        var content = File.ReadAllText(path);
        Assert.Contains(from, content, StringComparison.Ordinal);
        File.WriteAllText(path, content.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_checkouts_of_the_same_files_hash_alike_and_the_readme_is_not_an_input()
    {
        var first = Copy();
        var second = Copy();
        Assert.Equal(Hash(first), Hash(second));

        Append(second, "README.md", "\nA line about nothing the package holds.\n");
        Assert.Equal(Hash(first), Hash(second));
    }

    public static TheoryData<string> Inputs() =>
        [
            "the user SQL the function embeds",
            "a central package version",
            "a build property",
            "the CA bundle the package carries",
            "a source file of a referenced project",
        ];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_kind_of_input_changes_the_hash(string input)
    {
        var root = Copy();
        var before = Hash(root);
        switch (input)
        {
            case "the user SQL the function embeds":
                Append(root, "contract/Sql/create-users.sql", "\n-- changed\n");
                break;
            case "a central package version":
                Replace(root, "Directory.Packages.props", "Include=\"Npgsql\" Version=\"10.0.0\"", "Include=\"Npgsql\" Version=\"10.0.1\"");
                break;
            case "a build property":
                Replace(
                    root,
                    "Directory.Build.props",
                    "<Nullable>enable</Nullable>",
                    "<Nullable>enable</Nullable><Optimize>false</Optimize>"
                );
                break;
            case "the CA bundle the package carries":
                Replace(root, "lambda-src/MigrationFunction/Database/rds-ca-bundle.pem", "AWS RDS certificate authorities", "AWS RDS CAs");
                break;
            default:
                Append(root, "lambda-src/SchemaSync/Planning/SqlText.cs", "\n// changed\n");
                break;
        }
        Assert.NotEqual(before, Hash(root));
    }

    [Fact]
    public void A_new_embedded_resource_from_a_new_folder_outside_lambda_src_is_an_input()
    {
        var root = Copy();
        var before = Hash(root);
        Directory.CreateDirectory(Path.Combine(root, "shared-data"));
        File.WriteAllText(Path.Combine(root, "shared-data", "regions.txt"), "eu-west-1\n");
        Replace(
            root,
            "lambda-src/MigrationFunction/MigrationFunction.csproj",
            "<ItemGroup>\n    <InternalsVisibleTo",
            "<ItemGroup>\n    <EmbeddedResource Include=\"../../shared-data/regions.txt\" />\n  </ItemGroup>\n  <ItemGroup>\n    "
                + "<InternalsVisibleTo"
        );
        var withResource = Hash(root);
        Assert.NotEqual(before, withResource);

        // Its content, not only the project line, is hashed.
        File.WriteAllText(Path.Combine(root, "shared-data", "regions.txt"), "eu-central-1\n");
        Assert.NotEqual(withResource, Hash(root));
    }

    [Fact]
    public void A_new_source_file_changes_the_hash_while_an_input_list_is_kept_and_agrees_with_msbuild_asked_afresh()
    {
        var kept = Copy();
        var before = Hash(kept);
        var fresh = Copy();
        foreach (var root in new[] { kept, fresh })
            File.WriteAllText(Path.Combine(root, "lambda-src", "SchemaSync", "Planning", "Extra.cs"), "namespace Extra;\n");

        var afterKept = Hash(kept);
        Assert.NotEqual(before, afterKept);
        Assert.Equal(Hash(fresh), afterKept);
    }
}
