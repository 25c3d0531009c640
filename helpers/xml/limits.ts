// The bounds every XML parse keeps, whichever parser runs it, and the one
// error a bad or hostile document becomes: the caller's mistake
// (backend_error, code 'xml_parse'), never a daemon failure.
import { BackendError, BRIDGE_ERR_PAYLOAD_TOO_LARGE } from '../../src/errors.js'

export interface XmlLimits {
  /** largest input, in bytes (CPAN_BRIDGE_XML_MAX_MB) */
  maxBytes: number
}

/** libxml2's own limits without XML_PARSE_HUGE; the saxes path keeps the same ones so both parsers accept the same documents. */
export const MAX_DEPTH = 256
export const MAX_TEXT_CHARS = 10_000_000
/** characters internal entities may add to a document, beyond twice its own size */
export const ENTITY_BUDGET_CHARS = 10_000_000
/** how deep entity references may nest inside entity values */
export const MAX_ENTITY_NESTING = 16

export class XmlParseError extends BackendError {
  constructor (message: string, line?: number, column?: number) {
    const where = line !== undefined ? ` at line ${line}${column !== undefined ? `, column ${column}` : ''}` : ''
    super(`XML parse error: ${message}${where}`, 'xml_parse', { ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) })
  }
}

/** `input` is the document, or the size in bytes of a file holding it. */
export function checkSize (input: string | Uint8Array | number, limits: XmlLimits): void {
  // a string's UTF-8 size is at most 3 bytes per UTF-16 unit; count exactly only near the limit
  const size = typeof input === 'number' ? input
    : typeof input === 'string' ? (input.length * 3 <= limits.maxBytes ? input.length : Buffer.byteLength(input, 'utf8'))
      : input.length
  if (size > limits.maxBytes) throw new BRIDGE_ERR_PAYLOAD_TOO_LARGE(`XML document of ${size} bytes`, limits.maxBytes)
}
