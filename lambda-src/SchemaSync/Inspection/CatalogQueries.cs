namespace SchemaSync.Inspection;

/// <summary>
/// One catalog query per object kind, run in one batch. Written for PostgreSQL 13 to 18 (tested on 15 to 18): the newest
/// column used is pg_trigger.tgparentid (13); NOT NULL rows in pg_constraint (domains from 17, tables from 18) are
/// read through attnotnull/typnotnull instead. Names come back quoted by quote_ident, and the session's search_path is pg_catalog so
/// that every deparsed type and expression is schema-qualified (canonical between databases).
/// Parameters: @schemas (excluded schema names), @tables (excluded schema.table names).
/// </summary>
internal static class CatalogQueries
{
    // A namespace the model covers: not a system schema, not excluded, not created by an extension.
    private const string UserNamespace = """
        n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
        AND n.nspname <> ALL(@schemas)
        """;

    // An object an extension created: its members are read once per query, through the reference index (few rows, the
    // same for every object), and compared as an array. A NOT EXISTS probed pg_depend's depender index once per object:
    // about 25,000 probes per inspection of 3,000 tables, a tenth of the server's time.
    private static string NotFromExtension(string catalog, string oid) =>
        $"{oid} <> ALL (ARRAY(SELECT e.objid FROM pg_depend e WHERE e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e' "
        + $"AND e.classid = '{catalog}'::regclass))";

    private const string NotExcludedTable = "(n.nspname || '.' || c.relname) <> ALL(@tables)";

    // The tables the model holds; the column query selects by the same filter (it names each column's table by oid).
    // Declared before the queries that use it: static fields are set in the order they are written.
    private static readonly string TableFilter =
        $"c.relkind IN ('r', 'p') AND {UserNamespace} AND {NotExcludedTable} AND {NotFromExtension("pg_class", "c.oid")}";

    // The role whose rights the access check judges: @role (the applying user), or the connected one.
    private const string ApplyingRole = "coalesce(@role, current_user)";

    public static readonly string Schemas = $"""
        SELECT quote_ident(n.nspname) FROM pg_namespace n
        WHERE {UserNamespace} AND {NotFromExtension("pg_namespace", "n.oid")}
        """;

    public const string Extensions = """
        SELECT quote_ident(x.extname), quote_ident(n.nspname), x.extversion
        FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        WHERE x.extname <> 'plpgsql'
        """;

    public static readonly string Enums = $"""
        SELECT quote_ident(n.nspname), quote_ident(t.typname), array_agg(v.enumlabel::text ORDER BY v.enumsortorder)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum v ON v.enumtypid = t.oid
        WHERE {UserNamespace} AND {NotFromExtension("pg_type", "t.oid")}
        GROUP BY n.nspname, t.typname
        """;

    public static readonly string Domains = $"""
        SELECT quote_ident(n.nspname), quote_ident(t.typname), format_type(t.typbasetype, t.typtypmod),
               CASE WHEN t.typcollation <> b.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               t.typdefault, t.typnotnull,
               coalesce((SELECT array_agg(quote_ident(k.conname) ORDER BY k.conname)
                         FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n'), ARRAY[]::text[]),
               coalesce((SELECT array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname)
                         FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n'), ARRAY[]::text[])
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type b ON b.oid = t.typbasetype
        LEFT JOIN pg_collation co ON co.oid = t.typcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE t.typtype = 'd' AND {UserNamespace} AND {NotFromExtension("pg_type", "t.oid")}
        """;

    /// <summary>
    /// User-defined collations, as the options of CREATE COLLATION. The locale column moved between majors
    /// (<c>colliculocale</c> in 15 and 16, <c>colllocale</c> from 17; ICU rules from 16): read through
    /// <c>to_jsonb</c> so one query runs on all of them.
    /// </summary>
    public static readonly string Collations = $"""
        SELECT quote_ident(n.nspname), quote_ident(k.collname),
               CASE k.collprovider
                 WHEN 'c' THEN 'provider = libc, lc_collate = ' || quote_literal(k.collcollate) || ', lc_ctype = '
                     || quote_literal(k.collctype)
                 WHEN 'i' THEN 'provider = icu, locale = ' || quote_literal(coalesce(j ->> 'colllocale', j ->> 'colliculocale',
                     k.collcollate))
                 ELSE 'provider = builtin, locale = ' || quote_literal(j ->> 'colllocale') END
               || CASE WHEN k.collisdeterministic THEN '' ELSE ', deterministic = false' END
               || coalesce(', rules = ' || quote_literal(j ->> 'collicurules'), '')
        FROM pg_collation k JOIN pg_namespace n ON n.oid = k.collnamespace CROSS JOIN LATERAL to_jsonb(k) j
        WHERE {UserNamespace} AND {NotFromExtension("pg_collation", "k.oid")}
        """;

    public static readonly string CompositeTypes = $"""
        SELECT quote_ident(n.nspname), quote_ident(t.typname),
               array_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE t.typtype = 'c' AND {UserNamespace} AND {NotFromExtension("pg_type", "t.oid")}
        GROUP BY n.nspname, t.typname
        """;

    public static readonly string Sequences = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), format_type(s.seqtypid, NULL),
               s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
               (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(ta.attname)
                FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a' AND d.refobjsubid > 0)
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserNamespace} AND {NotFromExtension("pg_class", "c.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid AND i.deptype = 'i')
        """;

    public static readonly string Tables = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), c.relpersistence = 'u',
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) FROM pg_inherits h
                JOIN pg_class pc ON pc.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                WHERE h.inhrelid = c.oid AND c.relispartition),
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
               c.relrowsecurity, c.relforcerowsecurity,
               coalesce((SELECT array_agg(o ORDER BY o) FROM unnest(c.reloptions) o), ARRAY[]::text[]),
               CASE c.relreplident WHEN 'f' THEN 'FULL' WHEN 'n' THEN 'NOTHING'
                 WHEN 'i' THEN 'USING INDEX ' || (SELECT quote_ident(ri.relname) FROM pg_index x
                     JOIN pg_class ri ON ri.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident)
                 ELSE 'DEFAULT' END,
               (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname), ', ' ORDER BY h.inhseqno) FROM pg_inherits h
                JOIN pg_class pc ON pc.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                WHERE h.inhrelid = c.oid AND NOT c.relispartition),
               c.oid
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {TableFilter}
        """;

    /// <summary>Each column of the tables <see cref="Tables"/> reads, its table named by oid (the reader has its schema and
    /// name).</summary>
    public static readonly string Columns = $"""
        SELECT c.oid, quote_ident(a.attname), a.attnum,
               format_type(a.atttypid, a.atttypmod),
               -- Looked up only where the collation is not the type's (a join would read it for every column).
               CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                 FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END,
               a.attnotnull,
               -- A default cannot name a column, so it is deparsed without its table (relid 0): the same text, without
               -- opening each table (a third of the query's time on 3,000 tables). A generation expression names columns.
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, 0) END,
               CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' ELSE '' END,
               CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
               NOT a.attislocal,
               CASE a.attgenerated WHEN 's' THEN 'STORED' WHEN 'v' THEN 'VIRTUAL' ELSE '' END,
               -- NULL when there are none (nearly every column): no empty array to decode per column.
               NULLIF(array_remove(ARRAY[
                 CASE WHEN a.attstorage <> t.typstorage THEN 'STORAGE ' || {StorageName("a.attstorage")} END,
                 CASE WHEN a.attstattarget >= 0 THEN 'STATISTICS ' || a.attstattarget END,
                 CASE a.attcompression WHEN 'p' THEN 'COMPRESSION pglz' WHEN 'l' THEN 'COMPRESSION lz4' END], NULL), ARRAY[]::text[]),
               {StorageName("t.typstorage")},
               {IdentitySequence("quote_ident(sn.nspname) || '.' || quote_ident(sc.relname)")},
               {IdentitySequence(SequenceOptions)},
               -- Volatile when it calls a volatile function; most defaults call none, and most that do call nextval
               -- (serials): the cheap tests first, the search of every function the expression calls last. Each call
               -- in the stored tree is ":funcid <oid> " (":opfuncid" for an operator's): split on that, not searched
               -- with a regular expression (15 ms less of the query's 145 on 3,000 tables).
               d.oid IS NOT NULL AND strpos(d.adbin::text, 'funcid ') > 0
                 AND (strpos(d.adbin::text, ':funcid ' || 'nextval(regclass)'::regprocedure::oid || ' ') > 0
                   OR EXISTS (SELECT 1 FROM unnest((string_to_array(d.adbin::text, 'funcid '))[2:]) AS f(rest)
                              JOIN pg_proc vp ON vp.oid = split_part(f.rest, ' ', 1)::oid WHERE vp.provolatile = 'v'))
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND {TableFilter}
        """;

    /// <summary>An identity sequence's options as <c>GENERATED ... AS IDENTITY (...)</c> writes them.</summary>
    private const string SequenceOptions = """
        ARRAY['START WITH ' || s.seqstart, 'INCREMENT BY ' || s.seqincrement, 'MINVALUE ' || s.seqmin,
          'MAXVALUE ' || s.seqmax, 'CACHE ' || s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END]
        """;

    /// <summary>
    /// <paramref name="select"/> of an identity column's sequence (<c>s</c>, <c>sc</c>, <c>sn</c>), evaluated only for
    /// identity columns. As a join, even LATERAL, the planner trusted stale statistics: a plain join filtered 108 million
    /// rows at 3,000 tables, a LATERAL one joined every sequence for every column (45 ms of 260).
    /// </summary>
    private static string IdentitySequence(string select) =>
        $"""
            CASE WHEN a.attidentity <> '' THEN (SELECT {select}
                 FROM pg_depend sd JOIN pg_class sc ON sc.oid = sd.objid AND sc.relkind = 'S'
                 JOIN pg_namespace sn ON sn.oid = sc.relnamespace JOIN pg_sequence s ON s.seqrelid = sc.oid
                 WHERE sd.classid = 'pg_class'::regclass AND sd.refclassid = 'pg_class'::regclass
                   AND sd.refobjid = c.oid AND sd.refobjsubid = a.attnum AND sd.deptype = 'i') END
            """;

    private static string StorageName(string letter) =>
        $"CASE {letter} WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END";

    public static readonly string Constraints = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), quote_ident(k.conname), k.contype::text, pg_get_constraintdef(k.oid),
            NOT k.conislocal
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND k.conislocal
          AND {UserNamespace} AND {NotExcludedTable} AND {NotFromExtension("pg_class", "c.oid")}
        """;

    /// <summary>
    /// Indexes no constraint owns, each defined as <c>pg_get_indexdef</c> writes it. A plain index (not unique, no
    /// expression, predicate, INCLUDE, storage parameter, sort option, opclass option, collation or operator class but
    /// its column's own) is written here from the catalog row, the same text: <c>pg_get_indexdef</c> opens the table and
    /// looks each part up in a new session's empty caches, about 15 µs an index (45 ms of ~290 on 3,000 tables whose every
    /// table also has a partial index; more where none has). Anything else goes to <c>pg_get_indexdef</c>; a test compares
    /// the two on every kind of index.
    /// </summary>
    public static readonly string Indexes = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), quote_ident(ic.relname),
               coalesce(CASE WHEN i.indexprs IS NULL AND i.indpred IS NULL AND NOT i.indisunique AND i.indnkeyatts = i.indnatts
                               AND ic.relkind = 'i' AND ic.reloptions IS NULL
                          THEN (SELECT CASE WHEN bool_and(k.attnum > 0 AND k.opt = 0 AND k.coll IN (0, a.attcollation)
                                                          AND oc.opcdefault AND oc.opcintype = a.atttypid AND ia.attoptions IS NULL)
                                                 AND count(*) = i.indnatts
                                            THEN 'CREATE INDEX ' || quote_ident(ic.relname) || ' ON ' || quote_ident(n.nspname) || '.'
                                                 || quote_ident(c.relname) || ' USING ' || quote_ident(am.amname) || ' ('
                                                 || string_agg(quote_ident(a.attname), ', ' ORDER BY k.n) || ')' END
                                FROM unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[])
                                     WITH ORDINALITY AS k(attnum, opclass, coll, opt, n)
                                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n
                                JOIN pg_opclass oc ON oc.oid = k.opclass) END,
                        pg_get_indexdef(i.indexrelid)),
               (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pi.relname) FROM pg_inherits h
                JOIN pg_class pi ON pi.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pi.relnamespace
                WHERE h.inhrelid = i.indexrelid),
               NOT i.indisvalid
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = ic.relam
        WHERE c.relkind IN ('r', 'p', 'm') AND {UserNamespace} AND {NotExcludedTable} AND {NotFromExtension("pg_class", "c.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
        """;

    public static readonly string Views = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), c.relkind = 'm', pg_get_viewdef(c.oid),
               coalesce((SELECT array_agg(DISTINCT quote_ident(dn.nspname) || '.' || quote_ident(dc.relname))
                         FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                         JOIN pg_class dc ON dc.oid = d.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
                         WHERE r.ev_class = c.oid AND d.refobjid <> c.oid AND dc.relkind IN ('r', 'p', 'v', 'm')), ARRAY[]::text[])
               || coalesce((SELECT array_agg(DISTINCT quote_ident(fn.nspname) || '.' || quote_ident(f.proname) || '('
                   || pg_get_function_identity_arguments(f.oid) || ')')
                         FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                             AND d.refclassid = 'pg_proc'::regclass
                         JOIN pg_proc f ON f.oid = d.refobjid JOIN pg_namespace fn ON fn.oid = f.pronamespace
                         WHERE r.ev_class = c.oid), ARRAY[]::text[]),
               coalesce((SELECT array_agg(o ORDER BY o) FROM unnest(c.reloptions) o), ARRAY[]::text[])
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND {UserNamespace} AND {NotFromExtension("pg_class", "c.oid")}
        """;

    public static readonly string Functions = $"""
        SELECT quote_ident(n.nspname), quote_ident(p.proname), pg_get_function_identity_arguments(p.oid),
               coalesce(pg_get_function_result(p.oid), ''), pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind IN ('f', 'p') AND {UserNamespace} AND {NotFromExtension("pg_proc", "p.oid")}
        """;

    public static readonly string Triggers = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), quote_ident(t.tgname), pg_get_triggerdef(t.oid),
               CASE t.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE '' END
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND t.tgparentid = 0
          AND {UserNamespace} AND {NotExcludedTable} AND {NotFromExtension("pg_class", "c.oid")}
        """;

    public static readonly string Policies = $"""
        SELECT quote_ident(n.nspname), quote_ident(c.relname), quote_ident(p.polname),
               CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
               CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
               coalesce((SELECT array_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END ORDER BY 1)
                   FROM unnest(p.polroles) r), ARRAY[]::text[]),
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserNamespace} AND {NotExcludedTable}
        """;

    public static readonly string Comments = $"""
        SELECT 'SCHEMA ' || quote_ident(n.nspname), d.description
        FROM pg_description d JOIN pg_namespace n ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid
        WHERE {UserNamespace}
        UNION ALL
        SELECT CASE c.relkind WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN 'MATERIALIZED VIEW ' WHEN 'S' THEN 'SEQUENCE ' WHEN 'i' THEN 'INDEX '
            ELSE 'TABLE ' END
               || quote_ident(n.nspname) || '.' || quote_ident(c.relname), d.description
        FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i') AND {UserNamespace} AND {NotExcludedTable}
        UNION ALL
        SELECT 'COLUMN ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(a.attname), d.description
        FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid > 0
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserNamespace} AND {NotExcludedTable}
        UNION ALL
        SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || quote_ident(n.nspname) || '.' || quote_ident(t.typname),
            d.description
        FROM pg_description d JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE {UserNamespace}
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END || quote_ident(n.nspname) || '.' || quote_ident(p.proname)
               || '(' || pg_get_function_identity_arguments(p.oid) || ')', d.description
        FROM pg_description d JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE {UserNamespace}
        UNION ALL
        SELECT 'CONSTRAINT ' || quote_ident(k.conname) || ' ON ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname), d.description
        FROM pg_description d JOIN pg_constraint k ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid
        JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserNamespace} AND {NotExcludedTable}
        """;

    /// <summary>
    /// Objects of kinds the engine does not manage, with a definition to compare: a difference in them is reported as
    /// unsupported instead of being silently left.
    /// </summary>
    public static readonly string Unmanaged = $"""
        SELECT 'statistics', quote_ident(n.nspname) || '.' || quote_ident(s.stxname), pg_get_statisticsobjdef(s.oid)
        FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
        WHERE {UserNamespace} AND {NotFromExtension("pg_statistic_ext", "s.oid")}
        UNION ALL
        SELECT 'aggregate', quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid)
            || ')', ''
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind IN ('a', 'w') AND {UserNamespace} AND {NotFromExtension("pg_proc", "p.oid")}
        UNION ALL
        SELECT 'operator', quote_ident(n.nspname) || '.' || o.oprname || '(' || format_type(o.oprleft, NULL) || ', '
            || format_type(o.oprright, NULL) || ')', o.oprcode::text
        FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
        WHERE {UserNamespace} AND {NotFromExtension("pg_operator", "o.oid")}
        UNION ALL
        SELECT 'rule', quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(r.rulename), pg_get_ruledef(r.oid)
        FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE r.rulename <> '_RETURN' AND {UserNamespace} AND {NotExcludedTable}
        UNION ALL
        SELECT 'foreign table', quote_ident(n.nspname) || '.' || quote_ident(c.relname), ''
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'f' AND {UserNamespace} AND {NotFromExtension("pg_class", "c.oid")}

        UNION ALL
        SELECT 'text search configuration', quote_ident(n.nspname) || '.' || quote_ident(t.cfgname), ''
        FROM pg_ts_config t JOIN pg_namespace n ON n.oid = t.cfgnamespace
        WHERE {UserNamespace} AND {NotFromExtension("pg_ts_config", "t.oid")}
        """;

    /// <summary>
    /// What the connected role may not change: objects it does not own (ALTER and DROP need ownership) and schemas it
    /// may not create in. Not part of the schema's hash: the same schema may be owned differently. @role: the applying
    /// role (null: the connected one).
    /// </summary>
    public static readonly string Access = $"""
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_userbyid(c.relowner), false, false
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT pg_has_role({ApplyingRole}, c.relowner, 'USAGE')
          AND {UserNamespace} AND {NotExcludedTable} AND {NotFromExtension("pg_class", "c.oid")}
        UNION ALL
        SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname), pg_get_userbyid(t.typowner), false, false
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = t.typrelid
            AND k.relkind = 'c')))
          AND NOT pg_has_role({ApplyingRole}, t.typowner, 'USAGE') AND {UserNamespace} AND {NotFromExtension("pg_type", "t.oid")}
        UNION ALL
        SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')',
            pg_get_userbyid(p.proowner), false, false
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind IN ('f', 'p') AND NOT pg_has_role({ApplyingRole}, p.proowner, 'USAGE') AND {UserNamespace} AND {NotFromExtension(
            "pg_proc",
            "p.oid"
        )}
        UNION ALL
        SELECT quote_ident(n.nspname) || '.' || quote_ident(k.collname), pg_get_userbyid(k.collowner), false, false
        FROM pg_collation k JOIN pg_namespace n ON n.oid = k.collnamespace
        WHERE NOT pg_has_role({ApplyingRole}, k.collowner, 'USAGE') AND {UserNamespace} AND {NotFromExtension("pg_collation", "k.oid")}
        UNION ALL
        SELECT quote_ident(n.nspname), pg_get_userbyid(n.nspowner), pg_has_role({ApplyingRole}, n.nspowner, 'USAGE'),
            has_schema_privilege({ApplyingRole}, n.oid, 'CREATE')
        FROM pg_namespace n
        WHERE (NOT pg_has_role({ApplyingRole}, n.nspowner, 'USAGE') OR NOT has_schema_privilege({ApplyingRole}, n.oid, 'CREATE'))
          AND {UserNamespace} AND {NotFromExtension("pg_namespace", "n.oid")}
        """;

    /// <summary>
    /// The catalog's normal dependencies (<c>pg_depend</c>, deptype 'n') between objects the model names, as
    /// <c>Model.ObjectKey</c> strings: a relation, a type (an array counts as its element; a table's row type as the
    /// table), a collation, a routine. A dependent part counts as its owner: a view's rule, a column's default, a domain's or
    /// table's check constraint, a trigger, a policy. Foreign keys are left out (the plan adds them after every table).
    /// </summary>
    public static readonly string Dependencies = $"""
        WITH keyed(classid, objid, key) AS (
          SELECT 'pg_class'::regclass, c.oid, CASE WHEN c.relkind = 'c' THEN 'type ' ELSE 'relation ' END || quote_ident(n.nspname)
              || '.' || quote_ident(c.relname)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c') AND {UserNamespace}
          UNION ALL
          SELECT 'pg_type'::regclass, t.oid,
                 CASE WHEN e.typrelid <> 0 THEN CASE WHEN c.relkind = 'c' THEN 'type ' ELSE 'relation ' END || quote_ident(n.nspname)
                     || '.' || quote_ident(c.relname)
                      ELSE 'type ' || quote_ident(n.nspname) || '.' || quote_ident(e.typname) END
          FROM pg_type t JOIN pg_type e ON e.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
          JOIN pg_namespace n ON n.oid = e.typnamespace LEFT JOIN pg_class c ON c.oid = e.typrelid
          WHERE e.typtype IN ('e', 'd', 'c') AND {UserNamespace}
          UNION ALL
          SELECT 'pg_collation'::regclass, k.oid, 'collation ' || quote_ident(n.nspname) || '.' || quote_ident(k.collname)
          FROM pg_collation k JOIN pg_namespace n ON n.oid = k.collnamespace
          WHERE {UserNamespace}
          UNION ALL
          SELECT 'pg_proc'::regclass, p.oid, 'function ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
              || pg_get_function_identity_arguments(p.oid) || ')'
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE p.prokind IN ('f', 'p') AND {UserNamespace}
        ), parts(classid, objid, ownerclass, ownerid) AS (
          SELECT 'pg_rewrite'::regclass, r.oid, 'pg_class'::regclass, r.ev_class FROM pg_rewrite r
          UNION ALL SELECT 'pg_attrdef'::regclass, d.oid, 'pg_class'::regclass, d.adrelid FROM pg_attrdef d
          UNION ALL SELECT 'pg_constraint'::regclass, k.oid, CASE WHEN k.contypid <> 0 THEN 'pg_type'::regclass
              ELSE 'pg_class'::regclass END,
                           CASE WHEN k.contypid <> 0 THEN k.contypid ELSE k.conrelid END
                    FROM pg_constraint k WHERE k.contype <> 'f'
          UNION ALL SELECT 'pg_trigger'::regclass, g.oid, 'pg_class'::regclass, g.tgrelid FROM pg_trigger g
          UNION ALL SELECT 'pg_policy'::regclass, o.oid, 'pg_class'::regclass, o.polrelid FROM pg_policy o
          UNION ALL SELECT classid, objid, classid, objid FROM keyed
        )
        SELECT DISTINCT dk.key, rk.key
        FROM pg_depend d
        JOIN parts p ON p.classid = d.classid AND p.objid = d.objid
        JOIN keyed dk ON dk.classid = p.ownerclass AND dk.objid = p.ownerid
        JOIN keyed rk ON rk.classid = d.refclassid AND rk.objid = d.refobjid
        WHERE d.deptype = 'n' AND dk.key <> rk.key
        """;

    private const string Grantee = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END";

    /// <summary>Marks a privilege the grantee may pass on (PrivilegeDef.GrantOption), as GRANT writes it.</summary>
    private const string GrantOption = $"CASE WHEN a.is_grantable THEN '{Model.PrivilegeDef.GrantOption}' ELSE '' END";

    /// <summary>Grants other than an owner's own, on relations (and their columns), sequences, schemas and routines.</summary>
    public static readonly string Privileges = $"""
        SELECT target, grantee, array_agg(privilege ORDER BY privilege) FROM (
          SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || quote_ident(n.nspname) || '.'
              || quote_ident(c.relname) AS target,
                 {Grantee} AS grantee, a.privilege_type::text || {GrantOption} AS privilege
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND a.grantee <> c.relowner AND {UserNamespace} AND {NotExcludedTable}
          UNION ALL
          -- Column-level grants, written as GRANT takes them: SELECT (email).
          SELECT 'TABLE ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname), {Grantee},
                 a.privilege_type::text || ' (' || quote_ident(att.attname) || ')' || {GrantOption}
          FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
              aclexplode(att.attacl) a
          WHERE c.relkind IN ('r', 'p', 'v', 'm') AND att.attnum > 0 AND NOT att.attisdropped AND a.grantee <> c.relowner
            AND {UserNamespace} AND {NotExcludedTable}
        ) g
        GROUP BY 1, 2
        UNION ALL
        SELECT 'SCHEMA ' || quote_ident(n.nspname), {Grantee}, array_agg(a.privilege_type::text || {GrantOption} ORDER BY a.privilege_type)
        FROM pg_namespace n, aclexplode(n.nspacl) a
        WHERE a.grantee <> n.nspowner AND {UserNamespace}
        GROUP BY 1, 2
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END || quote_ident(n.nspname) || '.' || quote_ident(p.proname)
               || '(' || pg_get_function_identity_arguments(p.oid) || ')', {Grantee}, array_agg(a.privilege_type::text || {GrantOption}
                   ORDER BY a.privilege_type)
        -- A function never granted holds the default (EXECUTE to PUBLIC) implicitly: compared as that, so a REVOKE shows.
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
        WHERE p.prokind IN ('f', 'p') AND a.grantee <> p.proowner AND {UserNamespace}
        GROUP BY 1, 2
        """;

    public static readonly string DefaultPrivileges = $"""
        SELECT quote_ident(pg_get_userbyid(d.defaclrole)), CASE WHEN d.defaclnamespace = 0 THEN NULL ELSE quote_ident(n.nspname) END,
               CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES'
                   ELSE 'SCHEMAS' END,
               {Grantee}, array_agg(a.privilege_type::text || {GrantOption} ORDER BY a.privilege_type)
        FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
        WHERE d.defaclnamespace = 0 OR n.nspname <> ALL(@schemas)
        GROUP BY 1, 2, 3, 4
        """;
}
