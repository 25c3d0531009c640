// The compiled file a worker thread runs. Under vitest a module's URL is its
// TypeScript source, which a worker cannot load: the build's copy under
// dist/ is used instead (`npm test` builds first).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * `workerFile(import.meta.url, './worker-thread.js')`: the worker module
 * beside the caller, as a file URL; a clear error when it was never built.
 */
export function workerFile (callerUrl: string, relative: string): URL {
  const beside = fileURLToPath(new URL(relative, callerUrl))
  // root is the repository (src/ is one level down) when running from source
  const file = callerUrl.endsWith('.ts') ? path.join(root, 'dist', path.relative(root, beside)) : beside
  if (!fs.existsSync(file)) throw new Error(`the worker ${path.basename(file)} is not built (${file}): run npm run build`)
  return pathToFileURL(file)
}
