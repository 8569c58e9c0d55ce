import { createI18n } from 'vue-i18n'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]

export type MessageSchema = typeof zhCN

/** zh-CN first; English is complete (a test checks both have the same keys). */
export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN' as Locale,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, 'en': en },
})

/** Parses a stored or URL value into a supported locale. */
export function parseLocale(value: unknown): Locale {
  return (LOCALES as readonly unknown[]).includes(value) ? value as Locale : 'zh-CN'
}
