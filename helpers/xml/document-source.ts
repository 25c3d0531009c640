// A document as a method's params name it (text or bytes, or a file name
// relative to the script), in the form the XML worker ops take.
import type { Config } from '../../src/config.js'
import type { CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { toBuffer, type BytesValue } from '../../src/bytes.js'
import type { Source } from './ops.js'

/** `field` is the params field the text or the file name came in, for errors. */
export function documentSource (config: Config, c: CallContext, src: { text?: BytesValue, file?: string, field: string }): Source {
  if (src.file !== undefined) return { file: resolveClientPath(src.file, { cwd: c.cwd, allowedPaths: config.allowedPaths, field: src.field }) }
  // a Perl character string arrives as a JS string (characters); bytes keep their declared encoding
  return { xml: typeof src.text === 'string' ? src.text : toBuffer(src.text ?? '', src.field) }
}
