// An XML document's bytes as characters: the BOM, else the XML declaration's
// encoding, else UTF-8 (XML 1.0 appendix F). A byte sequence that is not
// valid in that encoding is refused, never replaced.
import { XmlParseError } from './limits.js'

export function declaredEncoding (buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8'
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le'
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be'
  const head = buf.subarray(0, 200).toString('latin1')
  const m = /^<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)
  return m === null ? 'utf-8' : m[1].toLowerCase()
}

export function decodeXmlBytes (buf: Buffer): string {
  const encoding = declaredEncoding(buf)
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false })
  } catch {
    throw new XmlParseError(`unsupported encoding '${encoding}'`, 1)
  }
  try {
    return decoder.decode(buf)
  } catch {
    throw new XmlParseError(`the document is not valid ${encoding === 'utf-8' ? 'UTF-8' : encoding}`)
  }
}
