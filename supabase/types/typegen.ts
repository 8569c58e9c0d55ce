// Checks supabase/types.generated.ts against the schema without the Supabase CLI (the tests run
// offline): the public schema's tables, columns, RPC arguments and enums are read from a migrated
// database's catalogs, turned into the types `supabase gen types typescript` (CLI 3.x) writes for
// them, and compared with what the committed file declares, parsed with the TypeScript compiler.
import type pg from 'pg'
import ts from 'typescript'

interface Column {
  table: string
  name: string
  type: string
  element: string | null
  nullable: boolean
  hasDefault: boolean
  identityAlways: boolean
  isIdentity: boolean
  generated: boolean
}

interface FunctionArg {
  name: string
  type: string
  element: string | null
  hasDefault: boolean
}

/** What the public schema holds, as far as the generated types describe it. */
export interface SchemaFacts {
  tables: string[]
  columns: Column[]
  functions: Array<{ name: string, args: FunctionArg[], returns: string, returnsSet: boolean }>
  enums: Array<{ name: string, values: string[] }>
}

/** Reads the facts from the catalogs of the database `client` is connected to. */
export async function readSchemaFacts(client: pg.ClientBase | pg.Pool, schema = 'public'): Promise<SchemaFacts> {
  const tables = (await client.query<{ name: string }>(
    `select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p') order by c.relname`,
    [schema],
  )).rows.map(r => r.name)
  const columns = (await client.query<Column>(
    `select c.relname::text as table, a.attname::text as name, t.typname::text as type,
            case when t.typcategory = 'A' then et.typname::text end as element,
            not a.attnotnull as nullable, d.adbin is not null as "hasDefault",
            a.attidentity = 'a' as "identityAlways", a.attidentity <> '' as "isIdentity",
            a.attgenerated <> '' as generated
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       left join pg_type et on et.oid = t.typelem
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = $1 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
    [schema],
  )).rows
  const functions = (await client.query<{ name: string, args: FunctionArg[], returns: string, returnsSet: boolean }>(
    `select p.proname::text as name,
            coalesce((select json_agg(json_build_object('name', a.name, 'type', t.typname,
                        'element', case when t.typcategory = 'A' then et.typname end,
                        'hasDefault', a.i > p.pronargs - p.pronargdefaults))
                        from unnest(p.proargnames, p.proargtypes::oid[]) with ordinality a(name, type, i)
                        join pg_type t on t.oid = a.type left join pg_type et on et.oid = t.typelem), '[]') as args,
            rt.typname::text as returns, p.proretset as "returnsSet"
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type rt on rt.oid = p.prorettype
      where n.nspname = $1 and p.prokind = 'f' and rt.typname <> 'trigger'`,
    [schema],
  )).rows
  const enums = (await client.query<{ name: string, values: string[] }>(
    `select t.typname::text as name, array_agg(e.enumlabel::text order by e.enumsortorder) as values
       from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
      where n.nspname = $1 group by t.typname`,
    [schema],
  )).rows
  return { tables, columns, functions, enums }
}

/** The declarations the file should contain, each as "path: type" with `?` marking optional keys. */
export type TypesShape = string[]

function tsType(type: string, element: string | null, enums: ReadonlySet<string>): string {
  if (element !== null)
    return `${tsType(element, null, enums)}[]`
  if (type === 'bool')
    return 'boolean'
  if (['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'].includes(type))
    return 'number'
  if (['bytea', 'bpchar', 'varchar', 'date', 'text', 'citext', 'time', 'timetz', 'timestamp', 'timestamptz', 'uuid', 'vector', 'interval'].includes(type))
    return 'string'
  if (type === 'json' || type === 'jsonb')
    return 'Json'
  if (type === 'void')
    return 'undefined'
  if (enums.has(type))
    return `Database["public"]["Enums"]["${type}"]`
  return 'unknown'
}

function columnType(c: Column, enums: ReadonlySet<string>): string {
  const base = tsType(c.type, c.element, enums)
  if (base === 'unknown')
    return base
  if (base === 'Json')
    return c.nullable ? 'Json | null' : 'NonNullable<Json>'
  return c.nullable ? `${base} | null` : base
}

/** What the CLI writes for these facts. */
export function expectedShape(facts: SchemaFacts): TypesShape {
  const enums = new Set(facts.enums.map(e => e.name))
  const out: string[] = []
  for (const table of facts.tables) {
    for (const c of facts.columns.filter(x => x.table === table)) {
      const type = columnType(c, enums)
      const fixed = c.identityAlways || c.generated
      out.push(`Tables.${table}.Row.${c.name}: ${type}`)
      out.push(`Tables.${table}.Insert.${c.name}${fixed || c.nullable || c.isIdentity || c.hasDefault ? '?' : ''}: ${fixed ? 'never' : type}`)
      out.push(`Tables.${table}.Update.${c.name}?: ${fixed ? 'never' : type}`)
    }
  }
  for (const fn of facts.functions) {
    if (fn.args.length === 0)
      out.push(`Functions.${fn.name}.Args: Record<PropertyKey, never>`)
    for (const a of fn.args)
      out.push(`Functions.${fn.name}.Args.${a.name}${a.hasDefault ? '?' : ''}: ${tsType(a.type, a.element, enums)}`)
    out.push(`Functions.${fn.name}.Returns: ${tsType(fn.returns, null, enums)}${fn.returnsSet ? '[]' : ''}`)
  }
  for (const e of facts.enums)
    out.push(`Enums.${e.name}: ${e.values.map(v => JSON.stringify(v)).join(' | ')}`)
  return out.sort()
}

function normalize(text: string): string {
  return text.replace(/'/g, '"').replace(/\s+/g, ' ').replace(/^\| /, '').trim()
}

function members(node: ts.TypeNode | undefined): Map<string, ts.PropertySignature> {
  const out = new Map<string, ts.PropertySignature>()
  if (node && ts.isTypeLiteralNode(node)) {
    for (const m of node.members) {
      if (ts.isPropertySignature(m) && m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)))
        out.set(m.name.text, m)
    }
  }
  return out
}

/** The same declarations as declared by a types file. */
export function declaredShape(source: string): TypesShape {
  const file = ts.createSourceFile('types.generated.ts', source, ts.ScriptTarget.Latest, true)
  const database = file.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'Database')
  if (!database)
    throw new Error('no `export type Database` in the types file')
  const pub = members(members(database.type).get('public')?.type)
  const text = (n: ts.TypeNode | undefined) => normalize(n ? n.getText(file) : '')
  const out: string[] = []
  for (const [table, def] of members(pub.get('Tables')?.type)) {
    const parts = members(def.type)
    for (const part of ['Row', 'Insert', 'Update']) {
      for (const [name, m] of members(parts.get(part)?.type))
        out.push(`Tables.${table}.${part}.${name}${m.questionToken ? '?' : ''}: ${text(m.type)}`)
    }
  }
  for (const [fn, def] of members(pub.get('Functions')?.type)) {
    const parts = members(def.type)
    const args = parts.get('Args')
    if (args?.type && !ts.isTypeLiteralNode(args.type)) {
      out.push(`Functions.${fn}.Args: ${text(args.type)}`)
    }
    else {
      for (const [name, m] of members(args?.type))
        out.push(`Functions.${fn}.Args.${name}${m.questionToken ? '?' : ''}: ${text(m.type)}`)
    }
    out.push(`Functions.${fn}.Returns: ${text(parts.get('Returns')?.type)}`)
  }
  for (const [name, m] of members(pub.get('Enums')?.type))
    out.push(`Enums.${name}: ${text(m.type)}`)
  return out.sort()
}
