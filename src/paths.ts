// Client-supplied file paths: relative ones mean what the script meant (its
// cwd, from X-Bridge-Cwd), and CPAN_BRIDGE_ALLOWED_PATHS confines them,
// checked after resolving symlinks so a link cannot lead outside: dangling
// ones too (their target is followed, chains included), since creating a
// file through a link creates the target.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { BRIDGE_ERR_INVALID_PARAMS, BRIDGE_ERR_PATH_FORBIDDEN } from './errors.js'

/** how many symlinks one path may pass through (Linux's MAXSYMLINKS) */
const MAX_LINKS = 40

/**
 * Where `p` lands once every symlink on it is followed, including a dangling
 * one (a link whose target does not exist yet): creating the file creates the
 * link's target, so the target is what the roots must contain. The longest
 * existing prefix is realpath'd and the rest appended. null: a chain longer
 * than the kernel would follow.
 */
function realish (p: string): string | null {
  let head = p
  let tail: string[] = []
  let links = 0
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...[...tail].reverse())
    } catch {
      let target: string | null = null
      try { target = fs.readlinkSync(head) } catch { /* not a link, or absent */ }
      if (target !== null) {
        // a dangling link (chains too): continue from where it points
        // more links than the kernel follows: opening it fails, and nothing can be said of where it lands
        if (++links > MAX_LINKS) return null
        head = path.resolve(path.dirname(head), target)
        continue
      }
      const parent = path.dirname(head)
      if (parent === head) return p
      tail = [...tail, path.basename(head)]
      head = parent
    }
  }
}

/** `p` is `root` or under it; a name that merely starts with two dots (`..data.db`) is under it. */
function within (p: string, root: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel))
}

/**
 * Resolves `p` (as sent by the client) to an absolute path the daemon may use.
 * `field` names the param in errors. Throws path_forbidden outside the allowed roots.
 */
export function resolveClientPath (p: string, opts: { cwd: string | undefined, allowedPaths: readonly string[], field: string }): string {
  if (p === '') throw new BRIDGE_ERR_INVALID_PARAMS(opts.field, 'must not be empty')
  if (p.includes('\0')) throw new BRIDGE_ERR_INVALID_PARAMS(opts.field, 'must not contain a NUL byte')
  if (!path.isAbsolute(p) && opts.cwd === undefined) {
    throw new BRIDGE_ERR_INVALID_PARAMS(opts.field, 'is relative but the client sent no X-Bridge-Cwd')
  }
  const abs = path.resolve(opts.cwd ?? '/', p)
  if (opts.allowedPaths.length === 0) return abs
  const real = realish(abs)
  if (real !== null && opts.allowedPaths.some(root => { const r = realish(root); return r !== null && within(real, r) })) return abs
  throw new BRIDGE_ERR_PATH_FORBIDDEN(p)
}

/** `name` cut to at most `bytes` bytes of UTF-8, never inside a character. */
export function cutToBytes (name: string, bytes: number): string {
  let out = ''
  let n = 0
  for (const ch of name) {
    n += Buffer.byteLength(ch)
    if (n > bytes) break
    out += ch
  }
  return out
}

/**
 * A hidden, unique name beside `final` to write it whole before renaming it
 * there: `.NAME.<random><suffix>`, NAME cut so the whole stays within
 * NAME_MAX (255 bytes) however long the final name is.
 */
export function siblingTemp (final: string, suffix: string): string {
  return path.join(path.dirname(final), `.${cutToBytes(path.basename(final), 200)}.${randomBytes(6).toString('hex')}${suffix}`)
}
