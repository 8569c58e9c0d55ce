// Where the Supabase-mode build of these tests believes its Supabase project lives, and where that
// build goes; shared by the global setup (which builds) and the pages (which route the project).

/** Origin the app is built to reach its Supabase project at; the tests route it to the shim. */
export const SUPABASE_TEST_URL = 'http://supabase.test'

/** Where this suite's build goes, apart from the demo build in dist/. */
export const SUPABASE_OUT_DIR = 'dist-supabase'
