using System.Security.Cryptography;
using System.Text;

namespace Infra.Constructs.Bundling;

/// <summary>
/// The list of a project's package inputs as MSBuild last gave it, kept in the project's <c>obj/</c> folder with a
/// fingerprint of everything MSBuild's answer depends on, and reused while the fingerprint is unchanged:
/// <list type="bullet">
/// <item>the content of every listed project, props and targets file and <c>global.json</c> (what MSBuild evaluates);</item>
/// <item>the names of the files under each listed project's folder and in every folder holding a listed file, bin and
/// obj aside (what its globs find: a file added, removed or renamed there changes the list);</item>
/// <item>the nearest <c>Directory.Build.*</c>, <c>Directory.Packages.props</c> and <c>global.json</c> above each project
/// (one created nearer a project takes over);</item>
/// <item>the installed SDKs (one installed or removed may change the default globs).</item>
/// </list>
/// What is not covered: an environment variable an evaluated condition reads. Every listed file's content is hashed
/// on every synth either way; only the list is reused.
/// </summary>
internal sealed class PackageInputsCache(string projectFile, string configuration)
{
    /// <summary>Files MSBuild looks for in a project's folder and every folder above it, taking the nearest.</summary>
    private static readonly string[] FoundAbove =
    [
        "Directory.Build.props",
        "Directory.Build.targets",
        "Directory.Packages.props",
        "global.json",
    ];

    private const string FingerprintPrefix = "# fingerprint ";

    private readonly string _path = Path.Combine(
        Path.GetDirectoryName(Path.GetFullPath(projectFile))!,
        "obj",
        $"package-inputs.{configuration}.txt"
    );

    /// <summary>The kept list, when its fingerprint still holds; otherwise null.</summary>
    public IReadOnlyList<string>? TryRead()
    {
        if (!File.Exists(_path))
            return null;
        var lines = File.ReadAllLines(_path);
        if (lines.Length == 0 || !lines[0].StartsWith(FingerprintPrefix, StringComparison.Ordinal))
            return null;
        var inputs = lines.Skip(1).Where(line => line.Length > 0).ToList();
        return Fingerprint(inputs) == lines[0][FingerprintPrefix.Length..] ? inputs : null;
    }

    /// <summary>Keeps <paramref name="inputs"/> (MSBuild's answer) with their fingerprint.</summary>
    public void Write(IReadOnlyList<string> inputs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temporary, inputs.Prepend(FingerprintPrefix + Fingerprint(inputs)));
        File.Move(temporary, _path, overwrite: true);
    }

    private static string Fingerprint(IReadOnlyList<string> inputs)
    {
        var projectFolders = inputs.Where(IsProjectFile).Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal).ToList();
        var evaluated = inputs
            .Where(IsEvaluated)
            .Concat(projectFolders.SelectMany(FilesFoundAbove))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var folders = projectFolders
            .SelectMany(folder => FoldersUnder(folder).Prepend(folder))
            .Concat(inputs.Select(Path.GetDirectoryName).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var text = new StringBuilder();
        foreach (var file in evaluated)
            text.Append("evaluated ").Append(file).Append(' ').AppendLine(File.Exists(file) ? ContentHash(file) : "missing");
        foreach (var folder in folders)
        {
            text.Append("folder ").AppendLine(folder);
            if (Directory.Exists(folder))
            {
                foreach (var name in Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                    text.Append("  ").AppendLine(name);
            }
        }
        foreach (var sdk in InstalledSdks())
            text.Append("sdk ").AppendLine(sdk);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string ContentHash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static bool IsProjectFile(string path) => Path.GetExtension(path) is ".csproj" or ".fsproj" or ".vbproj";

    private static bool IsEvaluated(string path) =>
        IsProjectFile(path) || Path.GetExtension(path) is ".props" or ".targets" || Path.GetFileName(path) == "global.json";

    /// <summary>The folders under <paramref name="folder"/>, without bin and obj and what they hold.</summary>
    private static IEnumerable<string> FoldersUnder(string folder) =>
        Directory
            .EnumerateDirectories(folder, "*", SearchOption.AllDirectories)
            .Where(d => !Path.GetRelativePath(folder, d).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    private static IEnumerable<string> FilesFoundAbove(string folder) =>
        FoundAbove.Select(name => NearestAbove(folder, name)).OfType<string>();

    private static string? NearestAbove(string folder, string name)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The SDK versions installed beside the dotnet running this process (…/dotnet/sdk/&lt;version&gt;).</summary>
    private static IEnumerable<string> InstalledSdks()
    {
        // The runtime folder is <dotnet>/shared/Microsoft.NETCore.App/<version>/.
        var runtime = new DirectoryInfo(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
        var sdk = runtime.Parent?.Parent?.Parent is { } root ? Path.Combine(root.FullName, "sdk") : null;
        return sdk is not null && Directory.Exists(sdk)
            ? Directory.EnumerateDirectories(sdk).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : [];
    }
}
