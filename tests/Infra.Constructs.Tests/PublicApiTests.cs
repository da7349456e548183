using System.Reflection;
using System.Text;
using Infra.TestSupport;

namespace Infra.Constructs.Tests;

/// <summary>
/// The library's public surface, written as text and compared with the reviewed constructs/PublicApi.txt: a change to
/// what consumers compile against shows up in review (and, if it removes or changes something, needs a major version).
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string Committed = Path.Combine(TestPaths.RepositoryRoot, "constructs", "PublicApi.txt");

    [Fact]
    public void The_public_api_is_the_reviewed_one()
    {
        var actual = Describe(typeof(Infra.Constructs.Network.Network).Assembly);
        var expected = File.Exists(Committed) ? File.ReadAllText(Committed) : "";
        if (actual != expected)
        {
            var written = Path.Combine(TestPaths.RepositoryRoot, ".tmp", "PublicApi.actual.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(written)!);
            File.WriteAllText(written, actual);
            Assert.Fail(
                "the public API differs from constructs/PublicApi.txt; review `diff constructs/PublicApi.txt "
                    + $"{Path.GetRelativePath(TestPaths.RepositoryRoot, written)}` and copy it over if the change is intended"
            );
        }
    }

    /// <summary>One line per public type and per public member it declares, sorted.</summary>
    internal static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeLine(type)).Append('\n');
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !(type.IsEnum && m.Name == "value__"))
                .Select(Member)
                .Where(m => m is not null)
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
                text.Append("  ").Append(member).Append('\n');
        }
        return text.ToString();
    }

    private static string TypeLine(Type type)
    {
        var kind =
            type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : type.IsValueType ? "struct"
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsSealed ? "sealed class"
            : type.IsAbstract ? "abstract class"
            : "class";
        var bases = new[] { type.BaseType }
            .Where(b => b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
            .Concat(type.IsEnum ? [] : type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic))
            .Select(b => Name(b!))
            .Order(StringComparer.Ordinal)
            .ToList();
        return $"{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    // Nullable reference types are part of the contract a consumer compiles against: written with a "?".
    private static readonly NullabilityInfoContext Nullability = new();

    private static string Nullable(NullabilityInfo info, Type type) =>
        Name(type) + (!type.IsValueType && info.ReadState == NullabilityState.Nullable ? "?" : "");

    private static string? Member(MemberInfo member) =>
        member switch
        {
            ConstructorInfo c => $"ctor({Parameters(c)})",
            MethodInfo m when m.Name is "<Clone>$" => null,
            MethodInfo m =>
                $"{(m.IsStatic ? "static " : "")}{Nullable(Nullability.Create(m.ReturnParameter), m.ReturnType)} {m.Name}({Parameters(m)})",
            PropertyInfo p =>
                $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Nullable(Nullability.Create(p), p.PropertyType)} {p.Name} {{ "
                    + $"{(p.GetMethod?.IsPublic == true ? "get; " : "")}{Setter(p)}}}",
            FieldInfo f =>
                $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Nullable(Nullability.Create(f), f.FieldType)} {f.Name}",
            EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
            Type nested => null, // listed as a type of its own
            _ => member.ToString(),
        };

    // "init; " or "set; " for a public setter, nothing otherwise.
    private static string Setter(PropertyInfo p) =>
        p.SetMethod?.IsPublic != true ? ""
        : p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; "
        : "set; ";

    private static string Parameters(MethodBase method) =>
        string.Join(
            ", ",
            method
                .GetParameters()
                .Select(p =>
                    $"{Nullable(Nullability.Create(p), p.ParameterType)} "
                    + $"{p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"
                )
        );

    private static string Name(Type type)
    {
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
            var arguments = string.Join(", ", type.GetGenericArguments().Select(Name));
            return $"{definition[..definition.IndexOf('`', StringComparison.Ordinal)]}<{arguments}>";
        }
        return (type.FullName ?? type.Name).Replace('+', '.');
    }
}
