import path from 'node:path'
import antfu from '@antfu/eslint-config'

// Architecture boundaries (style.md §1), checked on where an import lands, not on how it is
// spelled: `~/data/demo/x`, `../../data/demo/x` and `./demo/x` are the same file, so the rule
// resolves relative and `~/` specifiers against the importing file before it judges them.
const SRC = path.join(import.meta.dirname, 'src')
const within = (file, dir) => file === dir || file.startsWith(dir + path.sep)
const srcDir = name => path.join(SRC, name)

/** Packages that tie code to a framework or a service; the domain and the demo generator use none. */
const FRAMEWORK = /^(?:vue|vue-.*|@vue\/.*|pinia|echarts(?:\/.*)?|maplibre-gl(?:\/.*)?|@supabase\/.*)$/

/**
 * Each rule: which importing files it governs, and what it refuses there. `pkg` tests a bare
 * specifier (query stripped), `local` a resolved path under the repository.
 */
const BOUNDARIES = [
  {
    applies: file => !within(file, srcDir('map')) && !within(file, path.join(import.meta.dirname, 'tests/bench/first-screen')),
    pkg: spec => /^maplibre-gl(?:\/|$)/.test(spec),
    message: 'Only src/map may import maplibre-gl (its dist files included).',
  },
  {
    applies: file => !within(file, srcDir('data')),
    pkg: spec => /^@supabase\//.test(spec),
    message: 'Only src/data may import Supabase.',
  },
  {
    applies: file => within(file, srcDir('domain')),
    pkg: spec => FRAMEWORK.test(spec),
    local: target => within(target, SRC) && !within(target, srcDir('domain')),
    message: 'src/domain holds the rules only: no framework, no map, no data layer, no i18n, no other part of src.',
  },
  {
    applies: file => within(file, srcDir('demo')),
    pkg: spec => FRAMEWORK.test(spec),
    local: target => within(target, SRC) && !within(target, srcDir('domain')) && !within(target, srcDir('demo')),
    message: 'src/demo generates a made-up territory from the domain alone.',
  },
  {
    // Tests and fixtures may build a concrete implementation to exercise it; app code goes
    // through the data layer's entry, so either backend can stand behind it.
    applies: file => within(file, SRC) && !within(file, srcDir('data')) && !/\.test\.ts$|[\\/]__fixtures__[\\/]/.test(file),
    local: target => within(target, srcDir('data')) && !/[\\/]data(?:[\\/]index(?:\.ts)?)?$/.test(target),
    message: 'Outside src/data, import the data layer from \'~/data\' (src/data/index.ts), not its files.',
  },
]

const boundaries = {
  meta: { type: 'problem', schema: [], docs: { description: 'Architecture boundaries between src/ folders and packages' } },
  create(context) {
    const file = context.filename
    const rules = BOUNDARIES.filter(b => b.applies(file))
    if (rules.length === 0)
      return {}
    function check(node) {
      const source = node.source
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string')
        return
      const spec = source.value.replace(/\?.*$/, '')
      const target = spec.startsWith('~/')
        ? path.join(SRC, spec.slice(2))
        : spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null
      for (const b of rules) {
        if (target === null ? b.pkg?.(spec) : b.local?.(target))
          context.report({ node: source, message: `'${source.value}': ${b.message}` })
      }
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check }
  },
}

export default antfu(
  {
    vue: true,
    typescript: true,
    // The preset ignores every folder named coverage (test-coverage output); only the root one is that here,
    // and src/domain/coverage is the coverage engine, which must be linted.
    ignores: defaults => [...defaults.filter(g => g !== '**/coverage'), 'coverage/**', 'dist/**', 'test-results/**', 'supabase/types.generated.ts', '**/*.md'],
  },
  {
    plugins: { pingan: { rules: { boundaries } } },
    rules: {
      'pingan/boundaries': 'error',
      'no-console': 'off',
      // Node globals are fine in scripts and tests; importing them adds noise, not safety.
      'node/prefer-global/process': 'off',
      'node/prefer-global/buffer': 'off',
    },
  },
  {
    // Scripts and benchmarks run as ES modules under tsx, where top-level await is the plain way.
    files: ['tests/bench/**', 'supabase/bench/**', 'supabase/seed/**'],
    rules: { 'antfu/no-top-level-await': 'off' },
  },
)
