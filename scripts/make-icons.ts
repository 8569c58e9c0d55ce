// Makes the installable app's PNG icons from public/favicon.svg with Debian's Chromium (there is
// no SVG rasteriser among our packages): `npx tsx scripts/make-icons.ts`. The PNGs are
// committed in public/icons; rerun it when the favicon changes.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from '../tests/support/chromium'

const here = fileURLToPath(new URL('../public/icons/', import.meta.url))
const svg = readFileSync(fileURLToPath(new URL('../public/favicon.svg', import.meta.url)), 'utf8')

// `maskable` icons keep their drawing inside the central 80 % a launcher may crop to a circle.
const ICONS = [
  { name: 'icon-192.png', size: 192, inset: 0 },
  { name: 'icon-512.png', size: 512, inset: 0 },
  { name: 'icon-maskable-512.png', size: 512, inset: 0.12 },
]

const browser = await launchBrowser()
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } })
    const pad = Math.round(icon.size * icon.inset)
    await page.setContent(`<body style="margin:0;background:#0b1626"><div style="padding:${pad}px;width:${icon.size - 2 * pad}px;height:${icon.size - 2 * pad}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`)
    await page.screenshot({ path: `${here}${icon.name}`, omitBackground: false })
    await page.close()
  }
}
finally {
  await browser.close()
}
