import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.json'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]

export type MessageSchema = typeof zhCN

/**
 * zh-CN first, in the first chunk; English is complete (a test checks both have the same keys)
 * and loaded when chosen. In the build both are precompiled (@intlify/unplugin-vue-i18n), so the
 * app ships vue-i18n's runtime without its message compiler.
 */
export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN' as Locale,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
})

const LOADERS: Record<Exclude<Locale, 'zh-CN'>, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./locales/en.json'),
}

/** Makes a locale's messages available, fetching them the first time it is chosen. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'zh-CN' || i18n.global.availableLocales.includes(locale))
    return
  const messages = await LOADERS[locale]()
  i18n.global.setLocaleMessage(locale, messages.default)
}

/** Parses a stored or URL value into a supported locale. */
export function parseLocale(value: unknown): Locale {
  return (LOCALES as readonly unknown[]).includes(value) ? value as Locale : 'zh-CN'
}
