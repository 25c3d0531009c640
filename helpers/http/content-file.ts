// content_file: a 2xx body streamed to a file through a sibling temporary,
// renamed onto the final name only when the body arrived whole.
import fs from 'node:fs'
import { siblingTemp } from '../../src/paths.js'
import type { BodyReader } from './body.js'
import { fileError, type TransportError } from './errors.js'

/** file writes: big enough that a 100 MB download is not a hundred thousand small writes */
export const FILE_CHUNK = 1024 * 1024

/** Streams the rest of a 2xx body into `file` through a sibling temporary; nothing under `file` unless it all arrived. */
export async function toFile (body: BodyReader, file: string, given: string): Promise<{ bytes: number, error?: TransportError, aborted?: 'max_size' }> {
  const temp = siblingTemp(file, '.part')
  let fh: fs.promises.FileHandle
  try {
    fh = await fs.promises.open(temp, 'wx', 0o666)
  } catch (err) {
    body.close()
    return { bytes: 0, error: fileError(given, err) }
  }
  let bytes = 0
  let ok = false
  try {
    for (;;) {
      const b = await body.read(FILE_CHUNK)
      if (b.content.length > 0) {
        try {
          await fh.write(b.content)
        } catch (err) {
          body.close()
          return { bytes: 0, error: fileError(given, err) }
        }
        bytes += b.content.length
      }
      if (b.eof) {
        if (b.error !== undefined) return { bytes: 0, error: b.error }
        await fh.close()
        try {
          await fs.promises.rename(temp, file)
        } catch (err) {
          return { bytes: 0, error: fileError(given, err) }
        }
        ok = true
        return { bytes, ...(b.aborted !== undefined ? { aborted: b.aborted } : {}) }
      }
    }
  } finally {
    if (!ok) {
      await fh.close().catch(() => undefined)
      await fs.promises.rm(temp, { force: true })
    }
  }
}
