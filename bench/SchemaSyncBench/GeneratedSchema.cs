using System.Globalization;
using System.Text;

namespace SchemaSyncBench;

/// <summary>
/// The benchmark's schema pair: <paramref name="tables"/> tables of 12 columns with indexes and foreign keys, and one
/// difference per six tables, scattered (300 tables: 50 differences; 3,000: 500).
/// </summary>
internal sealed class GeneratedSchema(int tables)
{
    public int Tables => tables;

    public int DifferenceCount => tables / 6;

    /// <summary>Table names are t001.. (t0001.. from 1,000 tables on).</summary>
    private string Name(int i) => "t" + i.ToString(tables < 1000 ? "D3" : "D4", CultureInfo.InvariantCulture);

    public string Base()
    {
        var sql = new StringBuilder();
        for (var i = 1; i <= Tables; i++)
        {
            var (name, parent) = (Name(i), i > 1 ? $", parent_id bigint REFERENCES app.{Name(i - 1)} (id)" : ", parent_id bigint");
            sql.Append(
                CultureInfo.InvariantCulture,
                $"""
                CREATE TABLE app.{name} (id bigserial PRIMARY KEY, c1 int NOT NULL DEFAULT 0, c2 text, c3 varchar(100),
                    c4 timestamptz DEFAULT now(),
                  c5 numeric(12,2), c6 boolean NOT NULL DEFAULT false, c7 jsonb, c8 date, c9 bigint, c10 text{parent});
                CREATE INDEX {name}_c1 ON app.{name} (c1);
                CREATE UNIQUE INDEX {name}_c3 ON app.{name} (c3) WHERE c3 IS NOT NULL;

                """
            );
        }
        return sql.ToString();
    }

    /// <summary>Statements that turn the base into the desired (source) schema: the changes, spread over the tables.</summary>
    public string Differences()
    {
        var sql = new StringBuilder();
        for (var k = 0; k < DifferenceCount; k++)
        {
            var name = Name(k * 6 + 3);
            var t = $"app.{name}";
            sql.AppendLine(
                (k % 10) switch
                {
                    0 => $"ALTER TABLE {t} ADD COLUMN added text;",
                    1 => $"ALTER TABLE {t} DROP COLUMN c10;",
                    2 => $"ALTER TABLE {t} ALTER COLUMN c9 TYPE numeric;",
                    3 => $"CREATE INDEX {name}_c8 ON {t} (c8 DESC);",
                    4 => $"DROP INDEX {t}_c1;",
                    5 => $"ALTER TABLE {t} ALTER COLUMN c1 SET DEFAULT 7;",
                    6 => $"ALTER TABLE {t} ALTER COLUMN c2 SET NOT NULL;",
                    7 => $"ALTER TABLE {t} ADD CONSTRAINT {name}_c5_positive CHECK (c5 > 0);",
                    8 => $"CREATE TABLE app.extra_{k:D3} (id int PRIMARY KEY, ref bigint REFERENCES {t} (id));",
                    _ => $"CREATE VIEW app.v_{k:D3} AS SELECT id, c2 FROM {t};",
                }
            );
        }
        return sql.ToString();
    }
}
