using Infra.TestSupport;

namespace Infra.Constructs.Tests.Bundling;

/// <summary>
/// Copies of the files the migration function's build reads (and the README), each in a new folder, deleted when
/// disposed: tests change a copy, never the checkout.
/// </summary>
internal sealed class FunctionSourceCopies : IDisposable
{
    private readonly List<string> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies)
            Directory.Delete(copy, recursive: true);
    }

    /// <summary>A new copy; returns its root.</summary>
    public string Copy()
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

    /// <summary>The function's project file in the copy at <paramref name="root"/>.</summary>
    public static string ProjectFile(string root) => Path.Combine(root, "lambda-src", "MigrationFunction", "MigrationFunction.csproj");

    private static void CopyFile(string relative, string root)
    {
        var target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, relative), target);
    }
}
