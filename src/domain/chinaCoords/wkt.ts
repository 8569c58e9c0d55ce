// A reader for the WKT that .prj files hold (WKT1, ESRI's dialect of it, and WKT2): just enough
// to turn the text into a tree, so crs.ts can recognise the systems Chinese files use.

/** One WKT node: KEYWORD[value, value, ...]; values are strings, numbers or nested nodes. */
export interface WktNode {
  keyword: string
  values: Array<string | number | WktNode>
}

/** Raised for text that is not WKT; the message gives the character position. */
export class WktSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at character ${position + 1}`)
    this.name = 'WktSyntaxError'
  }
}

/** Parses one WKT node, e.g. the contents of a .prj file. */
export function parseWkt(text: string): WktNode {
  let i = 0
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++
  }
  const node = (): WktNode => {
    skip()
    const start = i
    while (i < text.length && /\w/.test(text[i]!)) i++
    if (i === start)
      throw new WktSyntaxError('expected a WKT keyword', i)
    const keyword = text.slice(start, i).toUpperCase()
    skip()
    const open = text[i]
    if (open !== '[' && open !== '(')
      throw new WktSyntaxError(`expected "[" after ${keyword}`, i)
    const close = open === '[' ? ']' : ')'
    i++
    const values: WktNode['values'] = []
    for (;;) {
      skip()
      const c = text[i]
      if (c === undefined)
        throw new WktSyntaxError(`unterminated ${keyword}`, i)
      if (c === '"') {
        // WKT escapes a quote inside a string by doubling it.
        let s = ''
        i++
        for (;;) {
          const q = text.indexOf('"', i)
          if (q < 0)
            throw new WktSyntaxError('unterminated string', i)
          s += text.slice(i, q)
          i = q + 1
          if (text[i] === '"') {
            s += '"'
            i++
          }
          else {
            break
          }
        }
        values.push(s)
      }
      else if (/[-+.\d]/.test(c)) {
        const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/i.exec(text.slice(i))
        if (!m)
          throw new WktSyntaxError('malformed number', i)
        values.push(Number(m[0]))
        i += m[0].length
      }
      else if (/\w/.test(c)) {
        // Either a nested node or a bare enumeration word (e.g. AXIS["x",EAST]).
        const save = i
        while (i < text.length && /\w/.test(text[i]!)) i++
        const word = text.slice(save, i)
        skip()
        if (text[i] === '[' || text[i] === '(') {
          i = save
          values.push(node())
        }
        else {
          values.push(word)
        }
      }
      else {
        throw new WktSyntaxError(`unexpected "${c}" in ${keyword}`, i)
      }
      skip()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === close) {
        i++
        return { keyword, values }
      }
      throw new WktSyntaxError(`expected "," or "${close}" in ${keyword}`, i)
    }
  }
  const root = node()
  skip()
  if (i < text.length)
    throw new WktSyntaxError('unexpected text after the WKT', i)
  return root
}

/** The direct children of a node with one of the given keywords. */
export function children(n: WktNode, ...keywords: string[]): WktNode[] {
  return n.values.filter((v): v is WktNode => typeof v === 'object' && keywords.includes(v.keyword))
}

/** The first descendant (depth first, the node itself included) with one of the keywords. */
export function find(n: WktNode, ...keywords: string[]): WktNode | null {
  if (keywords.includes(n.keyword))
    return n
  for (const v of n.values) {
    if (typeof v === 'object') {
      const hit = find(v, ...keywords)
      if (hit)
        return hit
    }
  }
  return null
}

/** The node's name: its first value when that is a string. */
export function nameOf(n: WktNode): string {
  const v = n.values[0]
  return typeof v === 'string' ? v : ''
}
