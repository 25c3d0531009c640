// The compiled file a worker thread runs. Under vitest a module's URL is its
// TypeScript source, which a worker cannot load: the build's copy under
// dist/ is used instead (`npm test` builds first).
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** `workerFile(import.meta.url, './worker-thread.js')`: the worker module beside the caller, as a file URL. */
export function workerFile (callerUrl: string, relative: string): URL {
  const url = new URL(relative, callerUrl)
  const file = fileURLToPath(url)
  if (!callerUrl.endsWith('.ts')) return url
  // root is the repository (src/ is one level down) when running from source
  return pathToFileURL(path.join(root, 'dist', path.relative(root, file)))
}
