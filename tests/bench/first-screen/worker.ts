import { generateDemoTownship } from '~/demo'

globalThis.onmessage = (e: MessageEvent<{ anchor: number }>) => {
  globalThis.postMessage(generateDemoTownship({ anchor: e.data.anchor }))
}
