import antfu from '@antfu/eslint-config'

// Architecture boundaries (style.md §1): only src/map talks to MapLibre, only src/data to
// Supabase, and the domain core stays framework-free so it runs in workers, tests and scripts.
const mapOnly = { name: 'maplibre-gl', message: 'Only src/map may import maplibre-gl.' }
const dataOnly = { name: '@supabase/supabase-js', message: 'Only src/data may import supabase-js.' }

export default antfu(
  {
    vue: true,
    typescript: true,
    // The preset ignores every folder named coverage (test-coverage output); only the root one is that here,
    // and src/domain/coverage is the coverage engine, which must be linted.
    ignores: defaults => [...defaults.filter(g => g !== '**/coverage'), 'coverage/**', 'dist/**', 'test-results/**', 'supabase/types.generated.ts', '**/*.md'],
  },
  {
    rules: {
      'no-restricted-imports': ['error', { paths: [mapOnly, dataOnly] }],
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
  {
    // The benchmark's bare MapLibre page is the baseline the app is measured against.
    files: ['tests/bench/first-screen/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/map/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [dataOnly] }] },
  },
  {
    files: ['src/data/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [mapOnly] }] },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [mapOnly, dataOnly],
        patterns: [
          { group: ['vue', 'vue-*', 'pinia', 'echarts', 'echarts/*', '@vue/*'], message: 'src/domain stays framework-free.' },
          { group: ['~/data/*', '~/map/*', '~/components/*', '~/stores/*', '~/pages/*', '../data/*', '../map/*'], message: 'src/domain must not depend on outer layers.' },
        ],
      }],
    },
  },
)
