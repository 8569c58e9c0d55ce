import { describe, expect, it } from 'vitest'
import { supabaseConfigFromEnv } from './client'

describe('supabaseConfigFromEnv', () => {
  it('reads the project URL and anon key, trimmed', () => {
    expect(supabaseConfigFromEnv({ VITE_SUPABASE_URL: ' https://x.supabase.co ', VITE_SUPABASE_ANON_KEY: 'key\n' })).toEqual({ url: 'https://x.supabase.co', anonKey: 'key' })
  })

  it('is null unless both are set, so the app falls back to the demo', () => {
    expect(supabaseConfigFromEnv({})).toBeNull()
    expect(supabaseConfigFromEnv({ VITE_SUPABASE_URL: 'https://x.supabase.co' })).toBeNull()
    expect(supabaseConfigFromEnv({ VITE_SUPABASE_URL: ' ', VITE_SUPABASE_ANON_KEY: 'key' })).toBeNull()
  })
})
