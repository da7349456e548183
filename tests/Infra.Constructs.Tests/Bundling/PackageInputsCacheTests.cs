using Infra.Constructs.Bundling;

namespace Infra.Constructs.Tests.Bundling;

/// <summary>
/// When the kept list of the function package's inputs (MSBuild's answer) is reused and when MSBuild must be asked
/// again, against copies of this repository: a change MSBuild's answer depends on always discards the list; an edit to
/// a source file's content does not (its content is hashed anyway).
/// </summary>
public sealed class PackageInputsCacheTests : IDisposable
{
    private const string Configuration = "Release";
    private readonly FunctionSourceCopies _copies = new();

    public void Dispose() => _copies.Dispose();

    /// <summary>A copy whose input list MSBuild has just given and the cache kept.</summary>
    private (string Root, IReadOnlyList<string> Listed) CopyWithKeptList()
    {
        var root = _copies.Copy();
        var project = FunctionSourceCopies.ProjectFile(root);
        Assert.Null(new PackageInputsCache(project, Configuration).TryRead());
        return (root, PackageInputs.Of(project, Configuration));
    }

    private static IReadOnlyList<string>? Kept(string root) =>
        new PackageInputsCache(FunctionSourceCopies.ProjectFile(root), Configuration).TryRead();

    [Fact]
    public void The_kept_list_is_msbuilds_answer_and_survives_an_edit_to_a_source_files_content()
    {
        var (root, listed) = CopyWithKeptList();
        Assert.Contains(listed, f => f.EndsWith("rds-ca-bundle.pem", StringComparison.Ordinal));
        Assert.Equal(listed, Kept(root));

        File.AppendAllText(Path.Combine(root, "lambda-src", "SchemaSync", "Planning", "SqlText.cs"), "\n// changed\n");
        Assert.Equal(listed, Kept(root));
    }

    public static TheoryData<string> ChangesMSBuildReads() =>
        [
            "a new file in a new folder under a project",
            "a new file in a referenced project's folder",
            "a removed source file",
            "an edited project file",
            "an edited central package file",
            "a new Directory.Build.props nearer the projects",
            "a new global.json nearer the projects",
        ];

    [Theory]
    [MemberData(nameof(ChangesMSBuildReads))]
    public void A_change_msbuilds_answer_depends_on_discards_the_kept_list(string change)
    {
        var (root, _) = CopyWithKeptList();
        string At(params string[] parts) => Path.Combine([root, .. parts]);
        switch (change)
        {
            case "a new file in a new folder under a project":
                Directory.CreateDirectory(At("lambda-src", "MigrationFunction", "Extra"));
                File.WriteAllText(At("lambda-src", "MigrationFunction", "Extra", "Extra.cs"), "namespace Extra;\n");
                break;
            case "a new file in a referenced project's folder":
                File.WriteAllText(At("lambda-src", "SchemaSync", "Planning", "Extra.cs"), "namespace Extra;\n");
                break;
            case "a removed source file":
                File.Delete(At("lambda-src", "SchemaSync", "Planning", "SqlText.cs"));
                break;
            case "an edited project file":
                File.AppendAllText(FunctionSourceCopies.ProjectFile(root), "\n");
                break;
            case "an edited central package file":
                File.AppendAllText(At("Directory.Packages.props"), "\n");
                break;
            case "a new Directory.Build.props nearer the projects":
                File.WriteAllText(At("lambda-src", "Directory.Build.props"), "<Project />\n");
                break;
            default:
                File.WriteAllText(At("lambda-src", "global.json"), "{}\n");
                break;
        }
        Assert.Null(Kept(root));
    }
}
