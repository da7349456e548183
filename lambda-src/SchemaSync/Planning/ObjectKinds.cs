using System.Reflection;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>
/// The one registry of object kinds: every list of <see cref="DatabaseModel"/> with the generator that plans its
/// changes (in the generators' order, which is also their tie-breaking rank), or marked as facts no statement changes.
/// Adding a kind to the model without a line here fails every plan, naming it (mature diff engines refuse a change
/// they do not understand rather than leave it unplanned): a new kind touches the inspector, the model and this list.
/// </summary>
internal static class ObjectKinds
{
    /// <summary>Each kind (a <see cref="DatabaseModel"/> property) and the generator that plans it.</summary>
    public static readonly IReadOnlyList<(string Kind, Action<PlanContext> Generator)> Planned =
    [
        (nameof(DatabaseModel.Access), AccessPlanner.Plan),
        (nameof(DatabaseModel.Unmanaged), AccessPlanner.Plan),
        (nameof(DatabaseModel.Schemas), SchemaPlanner.Plan),
        (nameof(DatabaseModel.Extensions), ExtensionPlanner.Plan),
        (nameof(DatabaseModel.Enums), EnumPlanner.Plan),
        (nameof(DatabaseModel.Domains), DomainPlanner.Plan),
        (nameof(DatabaseModel.CompositeTypes), CompositeTypePlanner.Plan),
        (nameof(DatabaseModel.Sequences), SequencePlanner.Plan),
        (nameof(DatabaseModel.Collations), CollationPlanner.Plan),
        (nameof(DatabaseModel.Tables), TablePlanner.Plan),
        (nameof(DatabaseModel.Columns), TablePlanner.Plan),
        (nameof(DatabaseModel.Views), ViewPlanner.Plan),
        (nameof(DatabaseModel.Constraints), ConstraintIndexPlanner.Plan),
        (nameof(DatabaseModel.Indexes), ConstraintIndexPlanner.Plan),
        (nameof(DatabaseModel.Functions), RoutinePlanner.Plan),
        (nameof(DatabaseModel.Triggers), RoutinePlanner.Plan),
        (nameof(DatabaseModel.Policies), RoutinePlanner.Plan),
        (nameof(DatabaseModel.Comments), CommentPlanner.Plan),
        (nameof(DatabaseModel.Privileges), PrivilegePlanner.Plan),
        (nameof(DatabaseModel.DefaultPrivileges), PrivilegePlanner.Plan),
    ];

    /// <summary>Kinds that are facts for the planners (the order they follow), not objects a statement creates.</summary>
    public static readonly IReadOnlySet<string> Facts = new HashSet<string>(StringComparer.Ordinal) { nameof(DatabaseModel.Dependencies) };

    /// <summary>The generators, each once, in the order of <see cref="Planned"/>.</summary>
    public static IReadOnlyList<Action<PlanContext>> Generators { get; } = [.. Planned.Select(p => p.Generator).Distinct()];

    /// <summary>The model's kinds no generator plans and that are not facts: empty, or every plan fails.</summary>
    public static IReadOnlyList<string> Unplanned { get; } =
    [
        .. typeof(DatabaseModel)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ValueList<>))
            .Select(p => p.Name)
            .Where(kind => !Planned.Any(p => p.Kind == kind) && !Facts.Contains(kind))
            .Order(StringComparer.Ordinal),
    ];
}
