// Client-supplied file paths: relative ones mean what the script meant (its
// cwd, from X-Bridge-Cwd), and CPAN_BRIDGE_ALLOWED_PATHS confines them,
// checked after resolving symlinks so a link cannot lead outside.
import fs from 'node:fs'
import path from 'node:path'
import { BRIDGE_ERR_INVALID_PARAMS, BRIDGE_ERR_PATH_FORBIDDEN } from './errors.js'

/** Realpath of the longest existing prefix, with the rest appended (the file may not exist yet). */
function realish (p: string): string {
  let head = p
  const tail: string[] = []
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...tail.reverse())
    } catch {
      const parent = path.dirname(head)
      if (parent === head) return p
      tail.push(path.basename(head))
      head = parent
    }
  }
}

function within (p: string, root: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
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
  if (opts.allowedPaths.some(root => within(real, realish(root)))) return abs
  throw new BRIDGE_ERR_PATH_FORBIDDEN(p)
}
