using SchemaSync.Diffing;
using SchemaSync.Model;

namespace SchemaSync.Planning;

/// <summary>Grants and default privileges (when inspected): revoke what the source lacks, grant what it has.</summary>
internal static class PrivilegePlanner
{
    public static void Plan(PlanContext context)
    {
        var grants = ListDiff.Compare(context.Source.Privileges, context.Target.Privileges);
        foreach (var grant in grants.Removed.Concat(grants.Changed.Select(c => c.Target)))
        {
            // Privileges of a dropped object go with it.
            if (ObjectExistsInSource(context, grant.Target))
                context.Builder.Add(
                    Phase.Privileges,
                    grant.Identity,
                    $"REVOKE ALL ON {grant.Target} FROM {grant.Grantee}",
                    Hazard.ChangesBehaviour
                );
        }
        foreach (var grant in grants.Added.Concat(grants.Changed.Select(c => c.Source)))
        {
            foreach (var (privileges, option) in ByGrantOption(grant.Privileges))
                context.Builder.Add(
                    Phase.Privileges,
                    grant.Identity + "~" + option,
                    $"GRANT {privileges} ON {grant.Target} TO {grant.Grantee}{option}",
                    Hazard.ChangesBehaviour
                );
        }

        var defaults = ListDiff.Compare(context.Source.DefaultPrivileges, context.Target.DefaultPrivileges);
        foreach (var rule in defaults.Removed.Concat(defaults.Changed.Select(c => c.Target)))
            context.Builder.Add(
                Phase.Privileges,
                rule.Identity,
                $"ALTER DEFAULT PRIVILEGES {Scope(rule)} REVOKE ALL ON {rule.ObjectType} FROM {rule.Grantee}",
                Hazard.ChangesBehaviour
            );
        foreach (var rule in defaults.Added.Concat(defaults.Changed.Select(c => c.Source)))
        {
            foreach (var (privileges, option) in ByGrantOption(rule.Privileges))
                context.Builder.Add(
                    Phase.Privileges,
                    rule.Identity + "~" + option,
                    $"ALTER DEFAULT PRIVILEGES {Scope(rule)} GRANT {privileges} ON {rule.ObjectType} TO {rule.Grantee}{option}",
                    Hazard.ChangesBehaviour
                );
        }
    }

    /// <summary>
    /// The privileges as GRANT statements take them: those without the grant option, then those with it (one GRANT
    /// each, the second ending <c>WITH GRANT OPTION</c>). REVOKE ALL removes both.
    /// </summary>
    private static IEnumerable<(string Privileges, string Option)> ByGrantOption(IEnumerable<string> privileges)
    {
        var list = privileges.ToList();
        var plain = list.Where(p => !p.EndsWith(PrivilegeDef.GrantOption, StringComparison.Ordinal)).ToList();
        var grantable = list.Where(p => p.EndsWith(PrivilegeDef.GrantOption, StringComparison.Ordinal))
            .Select(p => p[..^PrivilegeDef.GrantOption.Length])
            .ToList();
        if (plain.Count > 0)
            yield return (string.Join(", ", plain), "");
        if (grantable.Count > 0)
            yield return (string.Join(", ", grantable), PrivilegeDef.GrantOption);
    }

    private static string Scope(DefaultPrivilegeDef rule) =>
        $"FOR ROLE {rule.Role}{(rule.Schema is null ? "" : $" IN SCHEMA {rule.Schema}")}";

    private static bool ObjectExistsInSource(PlanContext context, string target)
    {
        var (kind, name) = (
            target[..target.IndexOf(' ', StringComparison.Ordinal)],
            target[(target.IndexOf(' ', StringComparison.Ordinal) + 1)..]
        );
        return kind switch
        {
            "TABLE" => context.Source.Tables.Any(t => t.Identity == name) || context.Source.Views.Any(v => v.Identity == name),
            "SEQUENCE" => context.Source.Sequences.Any(s => s.Identity == name),
            "SCHEMA" => context.Source.Schemas.Any(s => s.Identity == name),
            _ => context.Source.Functions.Any(f => f.Identity == name),
        };
    }
}
