using Infra.Constructs.Bundling;
using Infra.TestSupport;

namespace Infra.Constructs.Tests.Bundling;

/// <summary>
/// The migration function package's hash against copies of this repository: every kind of input changes it, a file
/// that does not go into the package does not, and two checkouts of the same files agree (seed 003's trap: a package
/// whose hash did not change was never deployed).
/// </summary>
public sealed class PackageHashTests : IDisposable
{
    private readonly List<string> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies)
            Directory.Delete(copy, recursive: true);
    }

    /// <summary>A copy of the files the function's build reads (and the README), in a new folder.</summary>
    private string Copy()
    {
        var root = Directory.CreateTempSubdirectory("package-hash-").FullName;
        _copies.Add(root);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md" })
            CopyFile(file, root);
        foreach (var folder in new[] { "lambda-src/MigrationFunction", "lambda-src/SchemaSync", "contract" })
        {
            foreach (
                var file in Directory
                    .EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(TestPaths.RepositoryRoot, f))
                    .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            )
                CopyFile(file, root);
        }
        return root;
    }

    private static void CopyFile(string relative, string root)
    {
        var target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, relative), target);
    }

    private static string Hash(string root) =>
        DotNetCode.PackageHash(
            new DotNetCodeProps
            {
                ProjectFile = Path.Combine(root, "lambda-src", "MigrationFunction", "MigrationFunction.csproj"),
                SourceDirectory = Path.Combine(root, "lambda-src"),
            }
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
}
