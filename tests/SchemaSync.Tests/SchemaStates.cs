using System.Text;

namespace SchemaSync.Tests;

/// <summary>
/// A generator of schemas that differ in ways no fixture spelled out: a small customers/orders/invoices schema with
/// independent facets (keys, indexes, a column's type, a sequence or identity, partitioning, a foreign key, a view or
/// materialized view, a dependent table, an enum column, a check, a trigger and its function), each in a few variants.
/// A state is one variant per facet, kept only when PostgreSQL could hold it (a foreign key needs a unique key to
/// reference, and so on). A transition is a pair of states one to three facets apart, so changes combine: a key and the
/// foreign key on it, a partitioning and the identity, a view and the column type under it. Every state carries rows,
/// so a change must keep them.
/// </summary>
internal static class SchemaStates
{
    /// <summary>Each facet's name and variant count; variant 0 is "absent" or the plainest form.</summary>
    private static readonly (string Name, int Variants)[] Facets =
    [
        ("customer key", 5), // none, primary key, unique constraint, unique index, primary key on two columns
        ("email index", 4), // none, btree, unique, expression
        ("name column", 4), // absent, text, varchar(200), text not null default
        ("orders", 3), // absent, plain, partitioned by range
        ("orders id", 3), // plain, owned sequence, identity
        ("orders key", 4), // none, primary key, unique constraint, primary key on two columns
        ("orders foreign key", 3), // none, to customers, with ON DELETE CASCADE
        ("orders index", 3), // none, (customer_id), (customer_id, total)
        ("totals view", 3), // none, view, materialized view with a unique index
        ("invoices", 2), // absent, a table with a foreign key to orders
        ("total type", 3), // numeric(10,2), numeric(12,2), bigint
        ("status column", 4), // absent, text, an enum, the enum with one more label
        ("orders check", 3), // none, total >= 0, total > 0
        ("customers trigger", 3), // none, before update, before insert or update (a trigger function)
    ];

    private const int CustomerKey = 0,
        EmailIndex = 1,
        NameColumn = 2,
        Orders = 3,
        OrdersId = 4,
        OrdersKey = 5,
        OrdersForeignKey = 6,
        OrdersIndex = 7,
        TotalsView = 8,
        Invoices = 9,
        TotalType = 10,
        StatusColumn = 11,
        OrdersCheck = 12,
        CustomersTrigger = 13;

    /// <summary><paramref name="count"/> transitions drawn with <paramref name="seed"/>: (from, to) states.</summary>
    public static IEnumerable<(int[] From, int[] To)> Transitions(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var from = RandomState(random);
            int[] to;
            do
            {
                to = (int[])from.Clone();
                var changes = random.Next(1, 4);
                for (var c = 0; c < changes; c++)
                {
                    var facet = random.Next(Facets.Length);
                    to[facet] = random.Next(Facets[facet].Variants);
                }
            } while (!IsValid(to) || to.SequenceEqual(from));
            yield return (from, to);
        }
    }

    /// <summary>A state's short name: each facet's variant, for a test's display name.</summary>
    public static string Name(int[] state) => string.Concat(state);

    /// <summary>What a state is in words, facet by facet (a failure message shows both ends).</summary>
    public static string Describe(int[] state) => string.Join(", ", Facets.Select((f, i) => $"{f.Name} {state[i]}"));

    private static int[] RandomState(Random random)
    {
        while (true)
        {
            var state = Facets.Select(f => random.Next(f.Variants)).ToArray();
            if (IsValid(state))
                return state;
        }
    }

    /// <summary>Whether PostgreSQL (15, the oldest major) can hold the state.</summary>
    public static bool IsValid(int[] s)
    {
        var ordersDependents = new[] { OrdersId, OrdersKey, OrdersForeignKey, OrdersIndex, TotalsView, Invoices, TotalType, OrdersCheck };
        if (s[Orders] == 0)
            return ordersDependents.All(f => s[f] == 0);
        // A foreign key references id alone: it needs a key on exactly that column.
        if (s[OrdersForeignKey] != 0 && s[CustomerKey] is 0 or 4)
            return false;
        if (s[Invoices] != 0 && s[OrdersKey] is 0 or 3)
            return false;
        // Identity columns on partitioned tables arrived in PostgreSQL 17.
        return !(s[Orders] == 2 && s[OrdersId] == 2);
    }

    /// <summary>The SQL that builds <paramref name="s"/> in an empty database, rows included.</summary>
    public static string Sql(int[] s)
    {
        // The production database already holds the app schema (ProductionDatabase).
        var sql = new StringBuilder();
        var name = s[NameColumn] switch
        {
            1 => ", name text",
            2 => ", name varchar(200)",
            3 => ", name text NOT NULL DEFAULT ''",
            _ => "",
        };
        sql.Append(
            s[StatusColumn] switch
            {
                2 => "CREATE TYPE app.status AS ENUM ('new', 'paid');\n",
                3 => "CREATE TYPE app.status AS ENUM ('new', 'paid', 'void');\n",
                _ => "",
            }
        );
        var status = s[StatusColumn] switch
        {
            1 => ", status text",
            2 or 3 => ", status app.status",
            _ => "",
        };
        sql.Append($"CREATE TABLE app.customers (id bigint NOT NULL, email text NOT NULL{name}{status});\n");
        if (s[CustomersTrigger] != 0)
        {
            sql.Append(
                "CREATE FUNCTION app.lower_email() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.email := lower(NEW.email); "
                    + "RETURN NEW; END $$;\n"
            );
            var events = s[CustomersTrigger] == 1 ? "UPDATE" : "INSERT OR UPDATE";
            sql.Append(
                $"CREATE TRIGGER customers_lower_email BEFORE {events} ON app.customers FOR EACH ROW EXECUTE FUNCTION app.lower_email();\n"
            );
        }
        sql.Append(
            s[CustomerKey] switch
            {
                1 => "ALTER TABLE app.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n",
                2 => "ALTER TABLE app.customers ADD CONSTRAINT customers_id_key UNIQUE (id);\n",
                3 => "CREATE UNIQUE INDEX customers_id_idx ON app.customers (id);\n",
                4 => "ALTER TABLE app.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (email, id);\n",
                _ => "",
            }
        );
        sql.Append(
            s[EmailIndex] switch
            {
                1 => "CREATE INDEX customers_email_idx ON app.customers (email);\n",
                2 => "CREATE UNIQUE INDEX customers_email_idx ON app.customers (email);\n",
                3 => "CREATE INDEX customers_email_idx ON app.customers (lower(email));\n",
                _ => "",
            }
        );
        sql.Append("INSERT INTO app.customers (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com');\n");
        if (s[Orders] == 0)
            return sql.ToString();

        var total = s[TotalType] switch
        {
            1 => "numeric(12,2)",
            2 => "bigint",
            _ => "numeric(10,2)",
        };
        var id = s[OrdersId] == 2 ? "bigint GENERATED BY DEFAULT AS IDENTITY" : "bigint NOT NULL";
        var partitioned = s[Orders] == 2 ? " PARTITION BY RANGE (id)" : "";
        sql.Append($"CREATE TABLE app.orders (id {id}, customer_id bigint NOT NULL, total {total}){partitioned};\n");
        if (s[Orders] == 2)
        {
            sql.Append("CREATE TABLE app.orders_p0 PARTITION OF app.orders FOR VALUES FROM (0) TO (1000);\n");
            sql.Append("CREATE TABLE app.orders_p1 PARTITION OF app.orders FOR VALUES FROM (1000) TO (2000);\n");
        }
        if (s[OrdersId] == 1)
        {
            sql.Append("CREATE SEQUENCE app.orders_id_seq;\n");
            sql.Append("ALTER TABLE app.orders ALTER COLUMN id SET DEFAULT nextval('app.orders_id_seq');\n");
            sql.Append("ALTER SEQUENCE app.orders_id_seq OWNED BY app.orders.id;\n");
        }
        sql.Append(
            s[OrdersKey] switch
            {
                1 => "ALTER TABLE app.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n",
                2 => "ALTER TABLE app.orders ADD CONSTRAINT orders_id_key UNIQUE (id);\n",
                3 => "ALTER TABLE app.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (customer_id, id);\n",
                _ => "",
            }
        );
        sql.Append(
            s[OrdersForeignKey] switch
            {
                1 => "ALTER TABLE app.orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) "
                    + "REFERENCES app.customers (id);\n",
                2 => "ALTER TABLE app.orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES app.customers (id) "
                    + "ON DELETE CASCADE;\n",
                _ => "",
            }
        );
        sql.Append(
            s[OrdersCheck] switch
            {
                1 => "ALTER TABLE app.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\n",
                2 => "ALTER TABLE app.orders ADD CONSTRAINT orders_total_check CHECK (total > 0);\n",
                _ => "",
            }
        );
        sql.Append(
            s[OrdersIndex] switch
            {
                1 => "CREATE INDEX orders_customer_idx ON app.orders (customer_id);\n",
                2 => "CREATE INDEX orders_customer_idx ON app.orders (customer_id, total);\n",
                _ => "",
            }
        );
        sql.Append("INSERT INTO app.orders (id, customer_id, total) VALUES (1, 1, 10), (2, 2, 20), (1001, 3, 30);\n");
        const string totals =
            "SELECT c.id, sum(o.total) AS total FROM app.customers c JOIN app.orders o ON o.customer_id = c.id GROUP BY c.id";
        sql.Append(
            s[TotalsView] switch
            {
                1 => $"CREATE VIEW app.order_totals AS {totals};\n",
                2 => $"CREATE MATERIALIZED VIEW app.order_totals AS {totals};\n"
                    + "CREATE UNIQUE INDEX order_totals_id_idx ON app.order_totals (id);\n",
                _ => "",
            }
        );
        if (s[Invoices] == 1)
        {
            sql.Append("CREATE TABLE app.invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES app.orders (id));\n");
            sql.Append("INSERT INTO app.invoices VALUES (1, 1), (2, 1001);\n");
        }
        return sql.ToString();
    }
}
