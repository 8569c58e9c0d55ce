// Compares two PNG screenshots pixel by pixel, decoded by the browser itself (no image library):
// the share of pixels whose colour differs by more than `channelTolerance` in any channel.
import type { Browser } from 'playwright-core'
import { readFileSync } from 'node:fs'

/** How far two screenshots are apart. */
export interface ImageDiff {
  width: number
  height: number
  /** Pixels differing by more than the channel tolerance ÷ all pixels; 1 when the sizes differ. */
  differing: number
}

export async function compareImages(browser: Browser, actualPath: string, referencePath: string, channelTolerance = 40): Promise<ImageDiff> {
  const page = await browser.newPage()
  try {
    return await page.evaluate(async ({ a, b, tol }) => {
      const decode = async (b64: string) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0))
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
        const ctx = canvas.getContext('2d')!
        ctx.drawImage(bitmap, 0, 0)
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height)
      }
      const [x, y] = await Promise.all([decode(a), decode(b)])
      if (x.width !== y.width || x.height !== y.height)
        return { width: x.width, height: x.height, differing: 1 }
      let diff = 0
      for (let i = 0; i < x.data.length; i += 4) {
        if (Math.abs(x.data[i]! - y.data[i]!) > tol || Math.abs(x.data[i + 1]! - y.data[i + 1]!) > tol || Math.abs(x.data[i + 2]! - y.data[i + 2]!) > tol)
          diff++
      }
      return { width: x.width, height: x.height, differing: diff / (x.width * x.height) }
    }, { a: readFileSync(actualPath).toString('base64'), b: readFileSync(referencePath).toString('base64'), tol: channelTolerance })
  }
  finally {
    await page.close()
  }
}
