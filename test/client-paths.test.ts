// Every params field that names a file goes through src/paths.ts the same
// way, in every helper: relative means the client's cwd (X-Bridge-Cwd) and is
// refused without one; CPAN_BRIDGE_ALLOWED_PATHS confines it, through `..`
// and symlinks too. A new helper that takes a path adds a row to CASES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, type Reply } from './helpers.js'

interface Case {
  /** the field the error must name */
  field: string
  /** the call(s) that use path `p`; the last one's reply is judged */
  calls: (p: string, prev: (method: string, params: unknown) => Promise<Reply>) => Promise<Reply>
  /** makes the file exist where the call needs it to (a key file) */
  prepare?: (abs: string) => void
}

function xmlFile (abs: string): void {
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  fs.writeFileSync(abs, '<doc><a id="1">x</a></doc>')
}

const CASES: Record<string, Case> = {
  'logging.append': {
    field: 'params.filename',
    calls: async (p, call) => await call('logging.append', { filename: p, text: 'line\n' }),
  },
  'lockfile.attempt': {
    field: 'params.lockfile',
    calls: async (p, call) => await call('lockfile.attempt', { file: 'data', lockfile: p, stamp: String(process.pid) }),
  },
  'lockfile.trylock (old bridge)': {
    field: 'params.filename',
    calls: async (p, call) => {
      const m = await call('lockfile.make', {})
      return await call('lockfile.trylock', { manager_id: m.result.manager_id, filename: p, pid: process.pid })
    },
  },
  'crypto.new key_file (old bridge)': {
    field: 'params.key_file',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'a key of some length\n') },
    calls: async (p, call) => await call('crypto.new', { key_file: p, cipher: 'Rijndael' }),
  },
  'excel.open filename': {
    field: 'params.filename',
    calls: async (p, call) => await call('excel.open', { filename: p }),
  },
  'excel.create_workbook filename (User Guide)': {
    field: 'params.filename',
    calls: async (p, call) => await call('excel.create_workbook', { filename: p }),
  },
  'xml_helper.xml_in file (User Guide)': {
    field: 'params.source',
    prepare: xmlFile,
    calls: async (p, call) => await call('xml_helper.xml_in', { source: p, source_type: 'file' }),
  },
  'xml_helper.xmlin file (XML::Simple)': {
    field: 'params.file',
    prepare: xmlFile,
    calls: async (p, call) => await call('xml_helper.xmlin', { file: p, options: {} }),
  },
  'xpath.open filename': {
    field: 'params.filename',
    prepare: xmlFile,
    calls: async (p, call) => await call('xpath.open', { filename: p }),
  },
  'xpath.load_file (old bridge)': {
    field: 'params.filename',
    prepare: xmlFile,
    calls: async (p, call) => await call('xpath.load_file', { filename: p }),
  },
  'xml_dom.parse filename': {
    field: 'params.filename',
    prepare: xmlFile,
    calls: async (p, call) => await call('xml_dom.parse', { filename: p }),
  },
  'database.connect SQLite file': {
    field: 'params.dsn',
    calls: async (p, call) => await call('database.connect', { dsn: `dbi:SQLite:dbname=${p}`, username: '', password: '' }),
  },
}

let dir: string
let allowed: string
let app: FastifyInstance
let n = 0

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'client-paths-')))
  allowed = path.join(dir, 'allowed')
  fs.mkdirSync(allowed)
  fs.mkdirSync(path.join(dir, 'outside'))
  fs.symlinkSync(path.join(dir, 'outside'), path.join(allowed, 'escape'))
  app = await buildTestServer({ allowedPaths: [allowed] })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function caller (cwd: string | undefined): (method: string, params: unknown) => Promise<Reply> {
  const session = `paths-${n++}`
  return async (method, params) => {
    const res = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json', 'x-bridge-session': session, ...(cwd === undefined ? {} : { 'x-bridge-cwd': encodeURIComponent(cwd) }) },
      payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    return JSON.parse(res.body) as Reply
  }
}

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  it('works inside an allowed root, relative to the client cwd', async () => {
    const rel = `in-${n}/file`
    c.prepare?.(path.join(allowed, rel))
    fs.mkdirSync(path.join(allowed, `in-${n}`), { recursive: true })
    const r = await c.calls(rel, caller(allowed))
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
  })

  it('refuses a relative path when the client sent no cwd, naming the field', async () => {
    const r = await c.calls('relative/file', caller(undefined))
    expect(r.error?.data).toMatchObject({ type: 'invalid_params', field: c.field })
    expect(r.error?.message).toMatch(/relative but the client sent no X-Bridge-Cwd/)
  })

  it.each([
    ['an absolute path outside', () => path.join(dir, 'outside', 'f')],
    ['a path leaving through ..', () => path.join(allowed, '..', 'outside', 'f')],
    ['a symlink leading outside', () => path.join(allowed, 'escape', 'f')],
  ])('refuses %s the allowed roots with path_forbidden', async (_what, target) => {
    c.prepare?.(target())
    const r = await c.calls(target(), caller(allowed))
    expect(r.error?.data?.type).toBe('path_forbidden')
  })
})
