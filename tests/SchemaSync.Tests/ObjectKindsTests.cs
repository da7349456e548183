using System.Reflection;
using SchemaSync.Model;
using SchemaSync.Planning;

namespace SchemaSync.Tests;

/// <summary>The registry of object kinds covers the model: a kind added to <see cref="DatabaseModel"/> without a generator
/// fails here (and every plan fails naming it).</summary>
public sealed class ObjectKindsTests
{
    [Fact]
    public void Every_list_of_the_model_is_planned_by_one_generator_or_is_a_fact()
    {
        var lists = typeof(DatabaseModel)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ValueList<>))
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal);

        Assert.Empty(ObjectKinds.Unplanned);
        Assert.Equal(lists, ObjectKinds.Planned.Select(p => p.Kind).Concat(ObjectKinds.Facts).Order(StringComparer.Ordinal));
        Assert.Equal(ObjectKinds.Planned.Count, ObjectKinds.Planned.Select(p => p.Kind).Distinct().Count());
    }
}
