import { generateDemoTownship } from '~/domain/demo'

globalThis.onmessage = (e: MessageEvent<{ anchor: number }>) => {
  globalThis.postMessage(generateDemoTownship({ anchor: e.data.anchor }))
}
