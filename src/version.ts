import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
// dist/src/version.js and src/version.ts both sit two levels below package.json's folder at most
function readVersion (): string {
  for (const p of ['../package.json', '../../package.json']) {
    try { return (require(p) as { version: string }).version } catch { /* try the next */ }
  }
  return '0.0.0'
}

export const VERSION = readVersion()
