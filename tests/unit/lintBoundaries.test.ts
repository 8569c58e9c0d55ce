import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// The architecture boundaries are only as good as the lint rule that holds them: each forbidden
// import below must fail under the repository's own ESLint config, spelled every way it can be
// (package subpaths, `~/` aliases, relative paths, re-exports, dynamic and type-only imports), and
// the allowed neighbours must pass untouched.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RULE = 'pingan/boundaries'

type Form = 'import' | 'type' | 'reexport' | 'dynamic'

/** A lint-clean module whose only question is the import. */
function snippet(spec: string, form: Form): string {
  switch (form) {
    case 'import': return `import { thing } from '${spec}'\n\nexport const used = thing\n`
    case 'type': return `import type { Thing } from '${spec}'\n\nexport type Used = Thing\n`
    case 'reexport': return `export { thing } from '${spec}'\n`
    case 'dynamic': return `export const load = () => import('${spec}')\n`
  }
}

/** [importing file (need not exist), specifier, form] */
type Case = [file: string, spec: string, form: Form]

const FORBIDDEN: Case[] = [
  // The domain: no framework, no outer layer, however the path is written.
  ['src/domain/fixture.ts', 'vue', 'import'],
  ['src/domain/fixture.ts', 'pinia', 'import'],
  ['src/domain/fixture.ts', 'echarts/core', 'import'],
  ['src/domain/fixture.ts', '~/composables/useExplorer', 'type'],
  ['src/domain/fixture.ts', '~/i18n', 'import'],
  ['src/domain/fixture.ts', '~/data', 'type'],
  ['src/domain/fixture.ts', '~/demo', 'import'],
  ['src/domain/fixture.ts', '../data/DataSource', 'type'],
  ['src/domain/caseLoop/fixture.ts', '../../data/demo/DemoDataSource', 'import'],
  ['src/domain/caseLoop/fixture.ts', '../../map/layerIds', 'import'],
  ['src/domain/caseLoop/fixture.ts', '../../i18n', 'reexport'],
  ['src/domain/coverage/fixture.ts', '../../composables/useExplorer', 'dynamic'],
  ['src/domain/fixture.ts', '../theme/palette', 'import'],
  // The demo generator: the domain only.
  ['src/demo/fixture.ts', '~/stores/session', 'import'],
  ['src/demo/fixture.ts', '../map/layerIds', 'import'],
  ['src/demo/fixture.ts', 'vue', 'import'],
  // MapLibre, its dist files included, only in src/map.
  ['src/components/fixture.ts', 'maplibre-gl', 'import'],
  ['src/components/fixture.ts', 'maplibre-gl/dist/maplibre-gl-worker.mjs?url', 'import'],
  ['src/domain/fixture.ts', 'maplibre-gl/dist/maplibre-gl-csp', 'import'],
  ['src/data/demo/fixture.ts', 'maplibre-gl', 'type'],
  // Supabase only in src/data.
  ['src/map/fixture.ts', '@supabase/supabase-js', 'import'],
  ['src/stores/fixture.ts', '@supabase/supabase-js', 'type'],
  // The data layer's files only through its entry.
  ['src/composables/fixture.ts', '~/data/demo/DemoDataSource', 'import'],
  ['src/pages/fixture.ts', '~/data/supabase/backend', 'dynamic'],
  ['src/stores/fixture.ts', '../data/demo/demoUsers', 'reexport'],
  ['src/components/cases/fixture.ts', '../../data/supabase/client', 'import'],
  ['src/map/features/fixture.ts', '../../data/DataSource', 'type'],
  ['src/components/fixture.vue', '~/data/DataSource', 'import'],
]

const ALLOWED: Case[] = [
  ['src/domain/caseLoop/fixture.ts', '../kpi', 'import'],
  ['src/domain/coverage/fixture.ts', '~/domain/types', 'type'],
  ['src/domain/fixture.ts', 'geojson', 'type'],
  ['src/demo/fixture.ts', '~/domain/geometry', 'import'],
  ['src/demo/fixture.ts', './random', 'import'],
  ['src/map/fixture.ts', 'maplibre-gl', 'import'],
  ['src/map/fixture.ts', 'maplibre-gl/dist/maplibre-gl-worker.mjs?url', 'import'],
  ['src/data/supabase/fixture.ts', '@supabase/supabase-js', 'import'],
  ['src/data/fixture.ts', './demo/backend', 'dynamic'],
  ['src/data/demo/fixture.ts', '../DataSource', 'type'],
  ['src/composables/fixture.ts', '~/data', 'import'],
  ['src/stores/fixture.ts', '../data', 'import'],
  ['src/pages/fixture.ts', '../data/index', 'type'],
  // A test may build a concrete implementation to exercise it.
  ['src/components/auth/fixture.test.ts', '~/data/supabase/errors', 'import'],
]

describe('architecture boundaries (eslint.config.js)', () => {
  let eslint: ESLint
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT })
  })

  async function lint([file, spec, form]: Case): Promise<ESLint.LintResult> {
    const code = file.endsWith('.vue') ? `<script setup lang="ts">\n${snippet(spec, form)}</script>\n` : snippet(spec, form)
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` })
    return result!
  }

  it.each(FORBIDDEN)('%s may not import %s (%s)', async (...c) => {
    const result = await lint(c)
    expect(result.messages.map(m => m.ruleId)).toContain(RULE)
  }, 60_000)

  it.each(ALLOWED)('%s may import %s (%s)', async (...c) => {
    const result = await lint(c)
    // Nothing at all: the snippet is clean, so a stray message means the rule misfired.
    expect(result.messages).toEqual([])
  }, 60_000)
})
