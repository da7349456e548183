using System.Text.Json;
using System.Xml.Linq;
using Infra.Constructs.Bootstrap;
using Infra.Constructs.Network;
using Infra.TestSupport;

namespace Infra.Constructs.Tests.Contract;

/// <summary>
/// contract/ is the ground floor: it depends on nothing, the constructs and the function package depend on it and
/// never on each other, and its JSON (read by the Node scripts and workflows) says what its C# says.
/// </summary>
public class ContractRoomTests
{
    private static string Root(params string[] parts) => Path.Combine([TestPaths.RepositoryRoot, .. parts]);

    private static IEnumerable<string> References(string project) =>
        XDocument
            .Load(project)
            .Descendants()
            .Where(e =>
                e.Name.LocalName is "ProjectReference" or "PackageReference" or "Compile" or "EmbeddedResource" or "None" or "Content"
            )
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Where(include => include.Length > 0);

    private static IEnumerable<string> Projects(string room) =>
        Directory
            .EnumerateFiles(Root(room), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [Fact]
    public void The_contract_depends_on_nothing()
    {
        var references = References(Root("contract", "Infra.Contract.csproj"))
            .Where(r => !r.StartsWith("Sql/", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(references);
    }

    [Theory]
    [InlineData("constructs", "lambda-src")]
    [InlineData("lambda-src", "constructs")]
    public void A_room_builds_from_the_contract_never_from_the_other_room(string room, string other)
    {
        var crossing = Projects(room)
            .SelectMany(p => References(p).Select(r => $"{Path.GetFileName(p)}: {r}"))
            .Where(r => r.Contains(other, StringComparison.Ordinal))
            .ToList();

        Assert.Empty(crossing);
        Assert.Contains(Projects(room), p =>
            References(p).Any(r => r.EndsWith("contract/Infra.Contract.csproj", StringComparison.Ordinal))
        );
    }

    [Fact]
    public void The_trust_levels_file_names_what_the_constructs_compile()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Root("contract", "trust-levels.json")));

        Assert.Equal(TrustLevel.TagKey, file.RootElement.GetProperty("tag").GetString());
        var levels = file.RootElement.GetProperty("levels").EnumerateArray().Select(l => l.GetString());
        Assert.Equal([TrustLevel.Dev, TrustLevel.Production], levels);
    }

    [Fact]
    public void The_reachability_vocabulary_names_the_codes_the_constructs_write()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Root("contract", "reachability.json")));
        using var schema = JsonDocument.Parse(File.ReadAllText(Root("contract", "reachability.schema.json")));

        Assert.Equal(
            [
                Reachability.Workloads.WebService,
                Reachability.Workloads.WebFunction,
                Reachability.Workloads.SchemaMigration,
                Reachability.Workloads.DatabaseUserBootstrap,
            ],
            file.RootElement.GetProperty("workloads").EnumerateObject().Select(p => p.Name)
        );
        var reach = new NetworkReach
        {
            NatGateway = true,
            S3Gateway = true,
            InterfaceEndpoints = ["logs"],
        };
        var written = new[]
        {
            Reachability.MetBy("ecr.api", reach),
            Reachability.MetBy(NetworkReach.S3, reach),
            Reachability.MetBy("logs", reach),
            Reachability.MetBy("ecr.api", new NetworkReach()),
        };
        Assert.Equal(file.RootElement.GetProperty("metBy").EnumerateObject().Select(p => p.Name), written.Select(w => w.Split(':')[0]));
        var need = schema.RootElement.GetProperty("properties").GetProperty("needs").GetProperty("items");
        var pattern = need.GetProperty("properties").GetProperty("metBy").GetProperty("pattern").GetString()!;
        Assert.All(written, w => Assert.Matches(pattern, w));
    }
}
