// What scripts/test-services.sh start wrote to .test-services/env (the real
// test servers' ports, users, passwords, keys), as one map. A missing file
// fails the test that needs it, saying how to make it.
import { readFileSync } from 'node:fs'
import path from 'node:path'

export function serviceFacts (): Record<string, string> {
  const file = path.resolve(__dirname, '../.test-services/env')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new Error(`${file} is missing: run "bash scripts/test-services.sh start" first`)
  }
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)='(.*)'$/.exec(line.trim())
    if (m !== null) out[m[1]] = m[2]
  }
  return out
}
