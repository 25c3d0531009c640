// Path confinement has no holes (issue 11, item 6): with
// CPAN_BRIDGE_ALLOWED_PATHS set, no file is created or opened outside the
// roots, through a dangling symlink, ATTACH or VACUUM INTO (literal, URI or
// bound names); a name that merely starts with two dots is inside. Relative
// ATTACH files mean the client's cwd, as in the script's own process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, type Reply } from '../helpers.js'
import { splitStatements, fileOperands, paramNumbers } from '../../helpers/database/sqlite-files.js'

let dir: string
let allowed: string
let outside: string
let work: string
let app: FastifyInstance
let open: FastifyInstance
let n = 0

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-rel-paths-')))
  allowed = path.join(dir, 'allowed')
  outside = path.join(dir, 'outside')
  work = path.join(allowed, 'work')
  fs.mkdirSync(work, { recursive: true })
  fs.mkdirSync(outside)
  // dangling links inside the root whose targets (not yet existing) lie outside it, directly and through a chain
  fs.symlinkSync(path.join(outside, 'via-link.db'), path.join(allowed, 'dangling.db'))
  fs.symlinkSync(path.join(outside, 'via-link.log'), path.join(allowed, 'dangling.log'))
  fs.symlinkSync(path.join(outside, 'chained.db'), path.join(allowed, 'hop2'))
  fs.symlinkSync('hop2', path.join(allowed, 'hop1.db'))
  fs.symlinkSync(path.join(outside, 'newdir'), path.join(allowed, 'dangling-dir'))
  // a dangling link whose target is inside the root stays usable
  fs.symlinkSync(path.join(work, 'target-inside.db'), path.join(allowed, 'inside-link.db'))
  app = await buildTestServer({ allowedPaths: [allowed] })
  open = await buildTestServer({ allowedPaths: [] })
})
afterAll(async () => {
  await app.close()
  await open.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function caller (server: () => FastifyInstance, cwd: string = work): (method: string, params: unknown) => Promise<Reply> {
  const session = `rel-paths-${n++}`
  return async (method, params) => {
    const res = await server().inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json', 'x-bridge-session': session, 'x-bridge-cwd': encodeURIComponent(cwd) },
      payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    return JSON.parse(res.body) as Reply
  }
}

function outsideIsEmpty (): void {
  expect(fs.readdirSync(outside)).toEqual([])
}

describe('creation follows no symlink out of the roots', () => {
  it.each([
    ['SQLite dbname through a dangling link', 'database', 'dangling.db'],
    ['SQLite dbname through a chain of links', 'database', 'hop1.db'],
    ['SQLite dbname under a dangling directory link', 'database', 'dangling-dir/x.db'],
    ['logging.append through a dangling link', 'logging', 'dangling.log'],
    ['logging.append under a dangling directory link', 'logging', 'dangling-dir/x.log'],
  ])('%s is path_forbidden', async (_what, helper, rel) => {
    const call = caller(() => app)
    const p = path.join(allowed, rel)
    const r = helper === 'database'
      ? await call('database.connect', { dsn: `dbi:SQLite:dbname=${p}` })
      : await call('logging.append', { filename: p, text: 'line\n' })
    expect(r.error?.data?.type, JSON.stringify(r)).toBe('path_forbidden')
    outsideIsEmpty()
  })

  it('a dangling link whose target is inside the root still works', async () => {
    const r = await caller(() => app)('database.connect', { dsn: `dbi:SQLite:dbname=${path.join(allowed, 'inside-link.db')}` })
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(fs.existsSync(path.join(work, 'target-inside.db'))).toBe(true)
  })
})

describe('a name that starts with two dots is inside the root', () => {
  it.each([
    ['SQLite dbname', 'database'],
    ['logging.append', 'logging'],
  ])('%s <root>/..data is allowed', async (_what, helper) => {
    const call = caller(() => app)
    const p = path.join(allowed, helper === 'database' ? '..data.db' : '..data.log')
    const r = helper === 'database'
      ? await call('database.connect', { dsn: `dbi:SQLite:dbname=${p}` })
      : await call('logging.append', { filename: p, text: 'line\n' })
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(fs.existsSync(p)).toBe(true)
  })
})

/** A SQLite connection in `work`, and a `do` on it. */
async function sqlite (server: () => FastifyInstance = () => app): Promise<(sql: string, bind?: unknown[]) => Promise<Reply>> {
  const call = caller(server)
  const c = await call('database.connect', { dsn: 'dbi:SQLite:dbname=main.db' })
  expect(c.error, JSON.stringify(c.error)).toBeUndefined()
  const id = c.result.connection_id as string
  return async (sql, bind) => await call('database.do_statement', { connection_id: id, sql, ...(bind === undefined ? {} : { bind_values: bind }) })
}

describe('ATTACH and VACUUM INTO open no file outside the roots', () => {
  const out = (name: string): string => path.join(outside, name)
  it.each([
    ['ATTACH a literal absolute path', () => `ATTACH DATABASE '${out('a.db')}' AS o`, undefined],
    ['ATTACH a literal leaving through ..', () => "ATTACH '../../outside/b.db' AS o", undefined],
    ['ATTACH a file: URI', () => `ATTACH 'file://${out('c.db')}?mode=rwc' AS o`, undefined],
    ['ATTACH a relative file: URI', () => "ATTACH 'file:../../outside/d.db' AS o", undefined],
    ['ATTACH a double-quoted name', () => `ATTACH "${out('e.db')}" AS o`, undefined],
    ['ATTACH through a dangling link', () => "ATTACH '../dangling.db' AS o", undefined],
    ['ATTACH a bound absolute path', () => 'ATTACH DATABASE ? AS o', () => [out('f.db')]],
    ['ATTACH a bound URI', () => 'ATTACH ? AS o', () => [`file:${out('g.db')}`]],
    ['ATTACH with a comment before it', () => `/* note */ -- more\n ATTACH '${out('h.db')}' AS o`, undefined],
    ['ATTACH as the second statement of a do', () => `CREATE TABLE IF NOT EXISTS t1 (x); ATTACH '${out('i.db')}' AS o`, undefined],
    ['VACUUM INTO a literal path', () => `VACUUM INTO '${out('j.db')}'`, undefined],
    ['VACUUM main INTO a bound path', () => 'VACUUM main INTO ?', () => [out('k.db')]],
  ])('%s is path_forbidden', async (_what, sql, bind) => {
    const run = await sqlite()
    const r = await run(sql(), bind?.())
    expect(r.error?.data?.type, JSON.stringify(r)).toBe('path_forbidden')
    outsideIsEmpty()
  })

  it.each([
    ['a concatenation', "ATTACH '/tmp' || '/x.db' AS o"],
    ['a function call', "ATTACH printf('%s', 'x.db') AS o"],
    ['a blob literal', "ATTACH x'2f746d702f782e6462' AS o"],
    ['VACUUM INTO an expression', "VACUUM INTO 'a' || 'b'"],
  ])('a file name given as %s is refused, naming the reason', async (_what, sql) => {
    const run = await sqlite()
    const r = await run(sql)
    expect(r.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.sql' })
    expect(r.error?.message).toMatch(/expression, which cannot be checked against CPAN_BRIDGE_ALLOWED_PATHS/)
  })

  it('ATTACH and VACUUM INTO inside the roots work; relative names mean the client cwd', async () => {
    const run = await sqlite()
    for (const [sql, bind] of [
      ["ATTACH 'rel-literal.db' AS a1", undefined],
      ['ATTACH ? AS a2', ['rel-bound.db']],
      ["ATTACH 'file:rel-uri.db?mode=rwc' AS a3", undefined],
      [`ATTACH '${path.join(allowed, 'abs.db')}' AS a4`, undefined],
      ["ATTACH ':memory:' AS m1", undefined],
      ["ATTACH '' AS m2", undefined],
      ['CREATE TABLE a1.t (x)', undefined],
      ["VACUUM a1 INTO 'copy.db'", undefined],
    ] as Array<[string, unknown[] | undefined]>) {
      const r = await run(sql, bind)
      expect(r.error, `${sql}: ${JSON.stringify(r.error)}`).toBeUndefined()
    }
    for (const f of ['rel-literal.db', 'rel-bound.db', 'rel-uri.db', 'copy.db']) expect(fs.existsSync(path.join(work, f)), f).toBe(true)
    expect(fs.existsSync(path.join(allowed, 'abs.db'))).toBe(true)
    // SQLite would have put them in the daemon's cwd
    expect(fs.existsSync(path.join(process.cwd(), 'rel-literal.db'))).toBe(false)
  })

  it('data that looks like SQL is data: a value or a comment containing ATTACH', async () => {
    const run = await sqlite()
    expect((await run('CREATE TABLE IF NOT EXISTS notes (body TEXT, "attach" TEXT)')).error).toBeUndefined()
    const body = `ATTACH DATABASE '${path.join(outside, 'z.db')}' AS z; VACUUM INTO '/elsewhere'`
    const lit = await run(`INSERT INTO notes (body, "attach") VALUES ('${body.replace(/'/g, "''")}', 'x') -- ATTACH '/etc/x'`)
    expect(lit.error, JSON.stringify(lit.error)).toBeUndefined()
    const bound = await run('INSERT INTO notes (body) VALUES (?)', [body])
    expect(bound.error, JSON.stringify(bound.error)).toBeUndefined()
    const trig = await run("CREATE TRIGGER IF NOT EXISTS nt AFTER INSERT ON notes BEGIN UPDATE notes SET \"attach\" = 'ATTACH' WHERE rowid = new.rowid; END; INSERT INTO notes (body) VALUES ('after the trigger')")
    expect(trig.error, JSON.stringify(trig.error)).toBeUndefined()
    outsideIsEmpty()
  })
})

describe('without CPAN_BRIDGE_ALLOWED_PATHS', () => {
  it('a relative ATTACH still means the client cwd, and a computed name is not refused', async () => {
    const run = await sqlite(() => open)
    expect((await run("ATTACH 'open-rel.db' AS a")).error).toBeUndefined()
    expect(fs.existsSync(path.join(work, 'open-rel.db'))).toBe(true)
    expect((await run("ATTACH ':mem' || 'ory:' AS b")).error).toBeUndefined()
  })
})

describe('the SQLite file lexer reads SQL as SQLite does', () => {
  const ops = (sql: string): unknown[] => splitStatements(sql).flatMap(p => fileOperands(p.tokens, paramNumbers(p.tokens)))
    .map(o => o.kind === 'literal' ? ['literal', o.name] : o.kind === 'param' ? ['param', o.index] : ['computed'])
  it.each([
    ["SELECT ';ATTACH ''/x'' AS y' AS s", []],
    ["SELECT 1 -- ;ATTACH '/x' AS y\n", []],
    ["SELECT 1 /* ;ATTACH '/x' AS y */", []],
    ['SELECT [attach], "vacuum" FROM t; INSERT INTO t (attach) VALUES (1)', []],
    ["CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 'ATTACH'; END; ATTACH '/x' AS y", [['literal', '/x']]],
    ["ATTACH DATABASE 'a.db' AS a; ATTACH \"b.db\" AS b; attach c AS c", [['literal', 'a.db'], ['literal', 'b.db'], ['literal', 'c']]],
    ['EXPLAIN ATTACH ? AS y', [['param', 1]]],
    ['SELECT ?; ATTACH :f AS y', [['param', 1]]],
    ['VACUUM INTO ?2', [['param', 2]]],
    ["VACUUM 'main'", []],
    ['ATTACH NULL AS t', [['literal', '']]],
    ['ATTACH CURRENT_DATE AS t', [['computed']]],
  ])('%s', (sql, want) => {
    expect(ops(sql)).toEqual(want)
  })
})
