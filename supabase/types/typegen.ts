// Database types in the format `supabase gen types typescript` emits (postgres-meta's TypeScript
// template, after its prettier pass), read from a migrated database's catalogs. The Supabase CLI
// cannot run on these machines (its npm package downloads a binary at install), so this renders
// the same file from the same catalog facts: tables with Row/Insert/Update/Relationships, RPC
// Args/Returns, enums, and the Tables/Enums helper types and Constants.
import type pg from 'pg'

const PRINT_WIDTH = 80

interface Column {
  table: string
  name: string
  type: string
  element: string | null
  nullable: boolean
  hasDefault: boolean
  identityAlways: boolean
  isIdentity: boolean
}

interface Relationship {
  table: string
  name: string
  columns: string[]
  oneToOne: boolean
  referencedTable: string
  referencedColumns: string[]
}

interface FunctionArg {
  name: string
  type: string
  element: string | null
  hasDefault: boolean
}

interface FunctionDef {
  name: string
  args: FunctionArg[]
  returns: string
  returnsSet: boolean
}

/** What the generator needs to know about the `public` schema. */
export interface SchemaFacts {
  tables: string[]
  columns: Column[]
  relationships: Relationship[]
  functions: FunctionDef[]
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
    `select c.relname as table, a.attname as name, t.typname as type,
            case when t.typcategory = 'A' then et.typname end as element,
            not a.attnotnull as nullable, d.adbin is not null as "hasDefault",
            a.attidentity = 'a' as "identityAlways", a.attidentity <> '' as "isIdentity"
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       left join pg_type et on et.oid = t.typelem
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = $1 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
    [schema],
  )).rows
  const relationships = (await client.query<Relationship>(
    `select c.relname as table, con.conname as name,
            array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i) as columns,
            exists (select 1 from pg_index i where i.indrelid = con.conrelid and i.indisunique
                      and (select array_agg(x order by x) from unnest(i.indkey::int2[]) x) = (select array_agg(x order by x) from unnest(con.conkey) x)) as "oneToOne",
            rc.relname as "referencedTable",
            array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i) as "referencedColumns"
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_class rc on rc.oid = con.confrelid
       join pg_namespace rn on rn.oid = rc.relnamespace
      where con.contype = 'f' and n.nspname = $1 and rn.nspname = $1`,
    [schema],
  )).rows
  const fnRows = (await client.query<{ name: string, args: Array<{ name: string, type: string, element: string | null, has_default: boolean }>, returns: string, returnsSet: boolean }>(
    `select p.proname as name,
            coalesce((select json_agg(json_build_object('name', a.name, 'type', t.typname,
                        'element', case when t.typcategory = 'A' then et.typname end,
                        'has_default', a.i > p.pronargs - p.pronargdefaults))
                        from unnest(p.proargnames, p.proargtypes::oid[]) with ordinality a(name, type, i)
                        join pg_type t on t.oid = a.type left join pg_type et on et.oid = t.typelem), '[]') as args,
            rt.typname as returns, p.proretset as "returnsSet"
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type rt on rt.oid = p.prorettype
      where n.nspname = $1 and p.prokind = 'f' and rt.typname <> 'trigger'`,
    [schema],
  )).rows
  const functions = fnRows.map(f => ({
    name: f.name,
    args: f.args.map(a => ({ name: a.name, type: a.type, element: a.element, hasDefault: a.has_default })),
    returns: f.returns,
    returnsSet: f.returnsSet,
  }))
  const enums = (await client.query<{ name: string, values: string[] }>(
    `select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as values
       from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
      where n.nspname = $1 group by t.typname`,
    [schema],
  )).rows
  return { tables, columns, relationships, functions, enums }
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)

/** The TypeScript type of a PostgreSQL type name, as postgres-meta's pgTypeToTsType maps it. */
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
  if (type === 'record')
    return 'Record<string, unknown>'
  if (enums.has(type))
    return `Database["public"]["Enums"]["${type}"]`
  return 'unknown'
}

function identifier(key: string): string {
  return /^[A-Z_$][\w$]*$/i.test(key) ? key : JSON.stringify(key)
}

/** `key: type` at `indent`, with a union broken onto `|` lines when it overflows, as prettier does. */
function property(indent: number, key: string, optional: boolean, type: string): string {
  const pad = ' '.repeat(indent)
  const head = `${pad}${identifier(key)}${optional ? '?' : ''}:`
  const parts = type.split(' | ')
  if (head.length + 1 + type.length <= PRINT_WIDTH || parts.length === 1)
    return `${head} ${type}`
  return [head, ...parts.map(p => `${pad}  | ${p}`)].join('\n')
}

function nullable(type: string, isNullable: boolean): string {
  return isNullable && type !== 'unknown' ? `${type} | null` : type
}

// The generic helpers every generated file ends with (Tables<'cases'>, Enums<'app_role'>, ...).
const HELPER_TYPES = `type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never
`

/** Renders the types file for the facts. */
export function renderTypes(facts: SchemaFacts): string {
  const enumNames = new Set(facts.enums.map(e => e.name))
  const lines: string[] = [
    'export type Json =',
    '  | string',
    '  | number',
    '  | boolean',
    '  | null',
    '  | { [key: string]: Json | undefined }',
    '  | Json[]',
    '',
    'export type Database = {',
    '  public: {',
    '    Tables: {',
  ]
  for (const table of [...facts.tables].sort()) {
    const columns = facts.columns.filter(c => c.table === table).sort(byName)
    const type = (c: Column) => tsType(c.type, c.element, enumNames)
    lines.push(`      ${identifier(table)}: {`, '        Row: {')
    for (const c of columns)
      lines.push(property(10, c.name, false, nullable(type(c), c.nullable)))
    lines.push('        }', '        Insert: {')
    for (const c of columns) {
      lines.push(c.identityAlways
        ? property(10, c.name, true, 'never')
        : property(10, c.name, c.nullable || c.isIdentity || c.hasDefault, nullable(type(c), c.nullable)))
    }
    lines.push('        }', '        Update: {')
    for (const c of columns)
      lines.push(c.identityAlways ? property(10, c.name, true, 'never') : property(10, c.name, true, nullable(type(c), c.nullable)))
    lines.push('        }')
    const relationships = facts.relationships
      .filter(r => r.table === table)
      .sort((a, b) => a.name.localeCompare(b.name) || a.referencedTable.localeCompare(b.referencedTable))
    if (relationships.length === 0) {
      lines.push('        Relationships: []')
    }
    else {
      lines.push('        Relationships: [')
      for (const r of relationships) {
        lines.push(
          '          {',
          `            foreignKeyName: ${JSON.stringify(r.name)}`,
          `            columns: [${r.columns.map(c => JSON.stringify(c)).join(', ')}]`,
          `            isOneToOne: ${r.oneToOne}`,
          `            referencedRelation: ${JSON.stringify(r.referencedTable)}`,
          `            referencedColumns: [${r.referencedColumns.map(c => JSON.stringify(c)).join(', ')}]`,
          '          },',
        )
      }
      lines.push('        ]')
    }
    lines.push('      }')
  }
  lines.push('    }', '    Views: {', '      [_ in never]: never', '    }', '    Functions: {')
  for (const fn of [...facts.functions].sort(byName)) {
    const returns = `${tsType(fn.returns, null, enumNames)}${fn.returnsSet ? '[]' : ''}`
    const args = [...fn.args].sort(byName)
    // Function entries are always expanded; Args stays on one line when it fits.
    lines.push(`      ${identifier(fn.name)}: {`)
    const argsInline = `        Args: ${args.length === 0 ? 'never' : `{ ${args.map(a => `${identifier(a.name)}${a.hasDefault ? '?' : ''}: ${tsType(a.type, a.element, enumNames)}`).join('; ')} }`}`
    if (argsInline.length <= PRINT_WIDTH) {
      lines.push(argsInline)
    }
    else {
      lines.push('        Args: {')
      for (const a of args)
        lines.push(property(10, a.name, a.hasDefault, tsType(a.type, a.element, enumNames)))
      lines.push('        }')
    }
    lines.push(`        Returns: ${returns}`, '      }')
  }
  lines.push('    }', '    Enums: {')
  const enums = [...facts.enums].sort(byName)
  for (const e of enums)
    lines.push(property(6, e.name, false, e.values.map(v => JSON.stringify(v)).join(' | ')))
  lines.push('    }', '    CompositeTypes: {', '      [_ in never]: never', '    }', '  }', '}', '')
  lines.push(HELPER_TYPES, 'export const Constants = {', '  public: {', '    Enums: {')
  for (const e of enums) {
    const inline = `      ${identifier(e.name)}: [${e.values.map(v => JSON.stringify(v)).join(', ')}],`
    if (inline.length <= PRINT_WIDTH)
      lines.push(inline)
    else
      lines.push(`      ${identifier(e.name)}: [`, ...e.values.map(v => `        ${JSON.stringify(v)},`), '      ],')
  }
  lines.push('    },', '  },', '} as const', '')
  return lines.join('\n')
}
