// Connection facts of the real test servers, from .test-services/env (written
// by scripts/test-services.sh start). A missing file or server fails the test.
import { readFileSync } from 'node:fs'
import path from 'node:path'

export interface ServerFacts { dsn: string, user: string, password: string }

function load (): Record<string, string> {
  const file = path.resolve(__dirname, '../../.test-services/env')
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

const env = load()

export const servers: Record<'pg' | 'mysql' | 'mariadb', ServerFacts> = {
  pg: { dsn: env.CB_PG_DSN, user: env.CB_PG_USER, password: env.CB_PG_PASSWORD },
  mysql: { dsn: env.CB_MYSQL_DSN, user: env.CB_MYSQL_USER, password: env.CB_MYSQL_PASSWORD },
  mariadb: { dsn: env.CB_MARIADB_DSN, user: env.CB_MYSQL_USER, password: env.CB_MYSQL_PASSWORD },
}
