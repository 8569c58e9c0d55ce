import type { Browser } from 'playwright-core'
import { chromium } from 'playwright-core'

/** Flags that make Debian's Chromium run headless here, WebGL through SwiftShader, with no network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]

/** Debian's Chromium (or CHROMIUM_PATH) with CHROMIUM_ARGS. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}
