// Text decoding shared by the readers. TextDecoder knows GBK/GB18030 in browsers and in Node
// built with full ICU (the default since Node 13); decodeText checks that and says so if not.

/** Decodes bytes strictly in `encoding`; throws a TypeError on bytes invalid in it. */
export function decodeStrict(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding, { fatal: true }).decode(bytes)
}

/** True when this runtime can decode `encoding` (e.g. 'gbk'). */
export function canDecode(encoding: string): boolean {
  try {
    void new TextDecoder(encoding)
    return true
  }
  catch {
    return false
  }
}

/**
 * Decodes text that should be UTF-8 but, from Chinese desktop tools, is sometimes GBK: UTF-8 when
 * the bytes are valid UTF-8 (a BOM is dropped), else GB18030 (a superset of GBK). Says which.
 */
export function decodeUtf8OrGbk(bytes: Uint8Array): { text: string, encoding: 'utf-8' | 'gbk' } {
  try {
    return { text: decodeStrict(bytes, 'utf-8'), encoding: 'utf-8' }
  }
  catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' }
  }
}
