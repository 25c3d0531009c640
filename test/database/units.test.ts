// Pure parts of the database module: DSN forms (all drivers, Oracle's too),
// placeholder translation, Oracle value/type/error mapping. No server needed
// for these; the Oracle ones are all that can run here (no Oracle server).
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { parseDsn } from '../../helpers/database/dsn.js'
import { translatePlaceholders, orderValues } from '../../helpers/database/placeholders.js'
import { formatOracleDate, oracleNumberText, nlsChange, oracleSqlType } from '../../helpers/database/adapters/oracle-types.js'
import { fetchHandler, loadOracle, OracleAdapter } from '../../helpers/database/adapters/oracle.js'
import { oracleError, pgError, mysqlError, sqliteError } from '../../helpers/database/errors.js'
import { sqliteType } from '../../helpers/database/adapters/sqlite.js'
import { perlNumber } from '../../helpers/database/types.js'
import { inline } from '../../helpers/database/adapters/mysql.js'
import { capabilitiesFor, quote } from '../../helpers/database/capabilities.js'

describe('parseDsn', () => {
  const table: Array<[string, string, Record<string, unknown>]> = [
    ['dbi:Pg:dbname=app;host=127.0.0.1;port=5433', '', { driver: 'Pg', database: 'app', host: '127.0.0.1', port: 5433 }],
    ['dbi:Pg:database=app', '', { driver: 'Pg', database: 'app', host: undefined }],
    ['DBI:Pg:dbname=app', '', { driver: 'Pg', database: 'app' }],
    ['dbi:mysql:database=shop;host=db1;port=3307', '', { driver: 'mysql', database: 'shop', host: 'db1', port: 3307 }],
    ['dbi:mysql:dbname=shop', '', { driver: 'mysql', database: 'shop' }],
    ['dbi:mysql:db=shop;host=h', '', { driver: 'mysql', database: 'shop', host: 'h' }],
    ['dbi:mysql:shop:db2:3308', '', { driver: 'mysql', database: 'shop', host: 'db2', port: 3308 }],
    ['dbi:MariaDB:database=shop;host=127.0.0.1', '', { driver: 'MariaDB', database: 'shop', host: '127.0.0.1' }],
    ['dbi:SQLite:dbname=/tmp/x.db', '', { driver: 'SQLite', file: '/tmp/x.db' }],
    ['dbi:SQLite:/tmp/y.db', '', { driver: 'SQLite', file: '/tmp/y.db' }],
    ['dbi:SQLite:dbname=:memory:', '', { driver: 'SQLite', file: ':memory:' }],
    ['dbi:Oracle:ORCL', 'scott', { driver: 'Oracle', connectString: 'ORCL' }],
    ['dbi:Oracle:host=db.example;sid=ORCL;port=1522', 'scott', { driver: 'Oracle', host: 'db.example', port: 1522, connectString: '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db.example)(PORT=1522))(CONNECT_DATA=(SID=ORCL)))' }],
    ['dbi:Oracle:host=db.example;service_name=pdb1', 'scott', { driver: 'Oracle', connectString: 'db.example:1521/pdb1' }],
    ['dbi:Oracle://db.example:1523/pdb1', 'scott', { driver: 'Oracle', host: 'db.example', port: 1523, connectString: 'db.example:1523/pdb1' }],
    ['dbi:Oracle:db.example:1524/pdb2', 'scott', { driver: 'Oracle', connectString: 'db.example:1524/pdb2' }],
    ['dbi:Oracle:db.example:1525:ORCL', 'scott', { driver: 'Oracle', connectString: '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db.example)(PORT=1525))(CONNECT_DATA=(SID=ORCL)))' }],
    ['dbi:Oracle:', 'scott@PRODTNS', { driver: 'Oracle', user: 'scott', connectString: 'PRODTNS' }],
    ['dbi:Oracle:', 'scott/tiger@PRODTNS', { driver: 'Oracle', user: 'scott', password: 'tiger', connectString: 'PRODTNS' }],
  ]
  for (const [dsn, user, want] of table) {
    it(`parses ${dsn} ${user}`, () => {
      expect(parseDsn(dsn, user)).toMatchObject(want)
    })
  }
  it('keeps a SQLite file as written (connect resolves it as a client path: sqlite-paths.test.ts)', () => {
    expect(parseDsn('dbi:SQLite:dbname=data/app.db').file).toBe('data/app.db')
    expect(parseDsn('dbi:SQLite:uri=file:../app.db?mode=ro').file).toBe('../app.db')
    expect(parseDsn('dbi:SQLite:dbname=').file).toBe(':memory:')
  })
  it('names the field and the reason for bad DSNs', () => {
    expect(() => parseDsn('postgres://x')).toThrow(/params\.dsn: expected dbi:Driver/)
    expect(() => parseDsn('dbi:Sybase:server=x')).toThrow(/unsupported driver "Sybase"/)
    expect(() => parseDsn('dbi:Pg:dbname=x;port=99999')).toThrow(/port must be a number/)
    expect(() => parseDsn('dbi:Oracle:host=h;port=1521')).toThrow(/sid= or service_name=/)
  })
})

describe('translatePlaceholders', () => {
  it('turns ? into $n for pg, and leaves literals, identifiers, comments and casts alone', () => {
    const t = translatePlaceholders(`SELECT '?', "a?b", ?::int, E'\\'?', $$ ? $$, $tag$ :x ? $tag$ -- ?\n, ? /* ? :y */`, 'pg', 'pg')
    expect(t.sql).toBe(`SELECT '?', "a?b", $1::int, E'\\'?', $$ ? $$, $tag$ :x ? $tag$ -- ?\n, $2 /* ? :y */`)
    expect(t.params).toEqual([null, null])
  })
  it('maps :name to one parameter per distinct name', () => {
    const t = translatePlaceholders('SELECT :a, :b, :a', 'pg', 'pg')
    expect(t.sql).toBe('SELECT $1, $2, $1')
    expect(orderValues(t, { a: 1, ':b': 2 }, 'pg')).toEqual([1, 2])
    const q = translatePlaceholders('SELECT :a, :b, :a', 'qmark', 'mysql')
    expect(q.sql).toBe('SELECT ?, ?, ?')
    expect(orderValues(q, ['x', 'y'], 'qmark')).toEqual(['x', 'y', 'x'])
  })
  it('binds $n and :n by number', () => {
    const t = translatePlaceholders('SELECT $2, $1, $2', 'qmark', 'sqlite')
    expect(t.sql).toBe('SELECT ?, ?, ?')
    expect(orderValues(t, ['one', 'two'], 'qmark')).toEqual(['two', 'one', 'two'])
    const o = translatePlaceholders('SELECT :2 FROM t WHERE a = :1', 'pg', 'pg')
    expect(o.sql).toBe('SELECT $2 FROM t WHERE a = $1')
  })
  it('uses :1.. for Oracle and keeps mysql backslash-escaped literals closed', () => {
    expect(translatePlaceholders("SELECT ? FROM dual WHERE x = ? AND y = 'a?b'", 'oracle', 'oracle').sql).toBe("SELECT :1 FROM dual WHERE x = :2 AND y = 'a?b'")
    expect(translatePlaceholders("SELECT 'it\\'s ?', ? # ?\n", 'qmark', 'mysql').params).toEqual([null])
    expect(translatePlaceholders('SELECT `a?`, [b?], ?', 'qmark', 'sqlite').params).toEqual([null])
  })
  it('does not treat time literals or := as named placeholders', () => {
    expect(translatePlaceholders("SELECT '10:30', a::text, x", 'pg', 'pg').params).toEqual([])
  })
  it('refuses the wrong number of values with DBI\'s wording', () => {
    const t = translatePlaceholders('SELECT ?, ?', 'pg', 'pg')
    expect(() => orderValues(t, [1], 'pg')).toThrow(/called with 1 bind variables when 2 are needed/)
    // the counts are data: the facade never reads them out of the message
    let err: unknown
    try { orderValues(t, [1, 2, 3], 'pg') } catch (e) { err = e }
    expect((err as { data: unknown }).data).toEqual({ type: 'invalid_params', field: 'params.bind_values', expected: 2, given: 3 })
    const n = translatePlaceholders('SELECT :a', 'pg', 'pg')
    expect(() => orderValues(n, { b: 1 }, 'pg')).toThrow(/no value for placeholder a/)
  })
  it('gives mysql the positions to inline escaped values, never re-scanning the SQL', () => {
    const t = translatePlaceholders("SELECT '?' , ?, ?", 'qmark', 'mysql')
    const esc = (v: unknown): string => v === null ? 'NULL' : `'${String(v).replace(/'/g, "\\'")}'`
    expect(inline(t.sql, ["a'?", null], t.positions, esc)).toBe("SELECT '?' , 'a\\'?', NULL")
  })
})

describe('Oracle mapping (no server: unit level)', () => {
  const d = new Date(2024, 0, 2, 15, 4, 5, 678)
  it('formats DATE in the default NLS form and in ALTER SESSION forms', () => {
    expect(formatOracleDate(d, 'DD-MON-RR')).toBe('02-JAN-24')
    expect(formatOracleDate(d, 'YYYY-MM-DD HH24:MI:SS')).toBe('2024-01-02 15:04:05')
    expect(formatOracleDate(d, 'MM/DD/YYYY HH:MI:SS AM')).toBe('01/02/2024 03:04:05 PM')
    expect(formatOracleDate(d, 'DD-MON-RR HH.MI.SSXFF AM')).toBe('02-JAN-24 03.04.05.678000 PM')
    expect(formatOracleDate(d, 'Dy DD Mon YYYY "at" HH24')).toBe('Tue 02 Jan 2024 at 15')
  })
  it('follows ALTER SESSION SET NLS_DATE_FORMAT', () => {
    expect(nlsChange("ALTER SESSION SET NLS_DATE_FORMAT='MM/DD/YYYY HH:MI:SS AM'")).toEqual({ date: 'MM/DD/YYYY HH:MI:SS AM' })
    expect(nlsChange("alter session set nls_timestamp_format = 'YYYY-MM-DD HH24:MI:SS.FF3' nls_date_format='YYYY'")).toEqual({ timestamp: 'YYYY-MM-DD HH24:MI:SS.FF3', date: 'YYYY' })
    expect(nlsChange('SELECT 1 FROM dual')).toBeNull()
  })
  it('prints NUMBER as Oracle does and maps types to DBI codes', () => {
    expect(oracleNumberText('0.5')).toBe('.5')
    expect(oracleNumberText('-0.25')).toBe('-.25')
    expect(oracleNumberText('10.5')).toBe('10.5')
    expect(oracleNumberText('123456789012345678901234567890')).toBe('123456789012345678901234567890')
    expect(oracleSqlType('NUMBER', 10, 2)).toBe(2)
    expect(oracleSqlType('VARCHAR2')).toBe(12)
    expect(oracleSqlType('DATE')).toBe(93)
    expect(oracleSqlType('CLOB')).toBe(40)
    expect(oracleSqlType('BLOB')).toBe(30)
  })
  it('asks oracledb (the real module) for NUMBER as text, LOBs whole, dates through the NLS formatter', async () => {
    const ora = await loadOracle({})
    const h = fetchHandler(ora, { date: 'YYYY-MM-DD', timestamp: 'YYYY-MM-DD HH24:MI:SS' })
    const num = h({ name: 'N', dbType: ora.DB_TYPE_NUMBER })
    expect(num?.type).toBe(ora.STRING)
    expect(num?.converter?.('0.1')).toBe('.1')
    expect(h({ name: 'C', dbType: ora.DB_TYPE_CLOB })?.type).toBe(ora.STRING)
    expect(h({ name: 'B', dbType: ora.DB_TYPE_BLOB })?.type).toBe(ora.BUFFER)
    expect(h({ name: 'D', dbType: ora.DB_TYPE_DATE })?.converter?.(d)).toBe('2024-01-02')
    expect(h({ name: 'V', dbType: ora.DB_TYPE_VARCHAR })).toBeUndefined()
  })
  it('maps ORA-nnnnn and the thin driver\'s errors into backend_code, state and err', async () => {
    const e = oracleError(Object.assign(new Error('ORA-01017: invalid username/password; logon denied\nHelp: https://docs.oracle.com/error-help/db/ora-01017/'), { errorNum: 1017 }))
    expect(e.message).toBe('ORA-01017: invalid username/password; logon denied')
    expect(e.data).toMatchObject({ type: 'backend_error', backend_code: 'ORA-01017', state: '28000', err: 1017 })
    const v = oracleError(new Error('NJS-116: password verifier type 0x939 is not supported by node-oracledb in Thin mode'))
    expect(v.data).toMatchObject({ backend_code: 'NJS-116' })
    // a real refused connection through the real oracledb thin driver
    const a = new OracleAdapter({ max: 2, waitMs: 1000 })
    const err = await a.connect({ dsn: parseDsn('dbi:Oracle://127.0.0.1:1/XEPDB1'), user: 'scott', password: 'tiger', attrs: {} }).catch((x: unknown) => x)
    await a.end()
    expect((err as { data: unknown }).data).toMatchObject({ backend_code: 'ORA-12541', err: 12541 })
    expect(JSON.stringify((err as Error).message)).not.toContain('tiger')
  })
})

describe('other drivers\' pure mapping', () => {
  it('formats errors like the DBDs', () => {
    expect(pgError({ severity: 'ERROR', code: '42P01', message: 'relation "x" does not exist', position: '15' }, 'SELECT * FROM x').message)
      .toBe('ERROR:  relation "x" does not exist\nLINE 1: SELECT * FROM x\n                      ^')
    expect(mysqlError({ code: 'ECONNREFUSED', message: 'x' }, { host: '127.0.0.1', port: 1 }).message).toBe("Can't connect to server on '127.0.0.1' (115)")
    expect(sqliteError({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: t.k' }).data).toMatchObject({ err: 19, state: 'S1000' })
  })
  it('prints SQLite numbers as Perl does and maps declared types', () => {
    expect(perlNumber(0.1 + 0.2)).toBe('0.3')
    expect(perlNumber(1e100)).toBe('1e+100')
    expect(perlNumber(42)).toBe('42')
    expect(sqliteType('VARCHAR(20)')).toBe(12)
    expect(sqliteType('BIGINT')).toBe(-5)
  })
  it('prints every double as Perl\'s own "%.15g" does (perl is the oracle), small and large exponents included', () => {
    const vals = [1.5e-5, 0.0001, 271828182845904.5, 0.5, 2.5, 1e15, 123456789012345.5, 0.00009999999999999999, 1e-7, 123456789012345.6, 1e15 + 0.5, -2.5e-10, 0.1, 1 / 3, 5e-324, 1.7976931348623157e308]
    // a fixed spread (no randomness): mantissas and exponents from 1e-20 to 1e20
    for (let e = -20; e <= 20; e++) for (const m of [1, 1.5, 2.718281828459045, 9.999999999999999, -3.3333333333333335]) vals.push(m * 10 ** e)
    // an NV as Perl prints one (DBD::SQLite hands a REAL over as an NV): "%.15g"
    const perl = execFileSync('perl', ['-e', 'while (<STDIN>) { chomp; printf "%.15g\\n", $_ }'], { input: vals.map(v => v.toPrecision(17)).join('\n') + '\n', encoding: 'utf8' }).trim().split('\n')
    expect(vals.map(perlNumber)).toEqual(perl)
  })
  it('quotes like DBI for each driver, from the rules connect hands the facade', () => {
    const [pg, mysql, sqlite] = (['Pg', 'mysql', 'SQLite'] as const).map(d => capabilitiesFor(d, {}))
    expect(quote(pg, "O'Brien", null)).toBe("'O''Brien'")
    expect(quote(pg, 'a\\b', null)).toBe("E'a\\\\b'")
    expect(quote(mysql, "a'b\\c\n", null)).toBe("'a\\'b\\\\c\\n'")
    expect(quote(sqlite, null, null)).toBe('NULL')
    expect(quote(pg, '42', 4)).toBe('42')
    expect(quote(pg, '42; DROP', 4)).toBe("'42; DROP'")
    expect(quote(sqlite, '42', 4)).toBe("'42'")
  })
  it('hands each connection its DBD\'s facts, with the UTF-8 switches of its attributes', () => {
    expect(capabilitiesFor('SQLite', {}).bytes_out).toBe(true)
    expect(capabilitiesFor('SQLite', { sqlite_unicode: 1 }).bytes_out).toBe(false)
    expect(capabilitiesFor('mysql', { mysql_enable_utf8mb4: true }).bytes_out).toBe(false)
    expect(capabilitiesFor('Pg', {}).bytes_out).toBe(false)
    expect(capabilitiesFor('Pg', { pg_enable_utf8: 0 }).bytes_out).toBe(true)
    expect(capabilitiesFor('Pg', { pg_enable_utf8: -1 }).bytes_out).toBe(false)
    expect(capabilitiesFor('MariaDB', {}).bind_count.do.short).toEqual({ err: 1210, errstr: 'Wrong number of bind parameters', state: 'HY000' })
    expect(capabilitiesFor('Oracle', {}).binary_bind_attrs).toEqual({ ora_type: [113, 23, 24] })
  })
})

describe('Oracle connection logic (a recording stand-in for the server: no Oracle can run here)', () => {
  it('binds OUT parameters, follows AutoCommit and NLS, maps result metadata', async () => {
    const { OracleConn } = await import('../../helpers/database/adapters/oracle.js')
    const ora = await loadOracle({})
    const calls: Array<{ sql: string, binds: unknown, opts: Record<string, unknown> }> = []
    let reply: Record<string, unknown> = { rowsAffected: 1 }
    const fake = {
      execute: async (sql: string, binds: unknown, opts: Record<string, unknown>) => { calls.push({ sql, binds, opts }); return reply },
      commit: async () => { calls.push({ sql: 'COMMIT', binds: null, opts: {} }) },
      rollback: async () => { calls.push({ sql: 'ROLLBACK', binds: null, opts: {} }) },
      ping: async () => {},
      close: async () => {},
    }
    const conn = new OracleConn(ora, fake as never)
    const t = translatePlaceholders('BEGIN calc(:inp, :outp, :inp); END;', 'oracle', 'oracle')
    expect(t.sql).toBe('BEGIN calc(:1, :2, :3); END;')
    reply = { rowsAffected: 0, outBinds: ['42'] }
    const r = await conn.exec(t.sql, orderValues(t, ['7', null], 'oracle'), { outBinds: [{ name: ':outp', index: 1, size: 100, value: null }], occurrences: t.occurrences })
    expect(calls[0].binds).toEqual(['7', { dir: ora.BIND_INOUT, val: null, maxSize: 100, type: ora.STRING }, '7'])
    expect(calls[0].opts.autoCommit).toBe(true)
    expect(r).toEqual({ kind: 'count', rows: 0, out: { ':outp': '42', outp: '42' } })
    // AutoCommit off: statements run inside the transaction until commit
    await conn.begin()
    await conn.exec('UPDATE t SET a = 1', [], {})
    expect(calls[1].opts.autoCommit).toBe(false)
    await conn.commit()
    await conn.exec('UPDATE t SET a = 2', [], {})
    expect(calls.map(c => c.sql).slice(2)).toEqual(['COMMIT', 'UPDATE t SET a = 2'])
    expect(calls[3].opts.autoCommit).toBe(true)
    // NLS_DATE_FORMAT set by the script changes how DATE columns come back
    reply = { rowsAffected: 0 }
    await conn.exec("ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD'", [], {})
    const handler = calls[calls.length - 1].opts.fetchTypeHandler as (m: unknown) => { converter: (v: unknown) => unknown }
    expect(handler({ name: 'D', dbType: ora.DB_TYPE_DATE }).converter(new Date(2024, 0, 2))).toBe('2024-01-02')
    // a query keeps its result set open and reports DBI metadata
    const rows = [['.5', 'x']]
    reply = { resultSet: { getRows: async (n: number) => rows.splice(0, n), close: async () => {} }, metaData: [{ name: 'N', dbTypeName: 'NUMBER', precision: 10, scale: 2, nullable: true }, { name: 'V', dbTypeName: 'VARCHAR2', byteSize: 20, nullable: false }] }
    const q = await conn.exec('SELECT n, v FROM t', [], {})
    expect(q.kind).toBe('rows')
    if (q.kind === 'rows') {
      expect(q.source.columns.map(c => [c.name, c.type, c.nullable, c.precision])).toEqual([['N', 2, 1, 10], ['V', 12, 0, 20]])
      expect(await q.source.read(10)).toEqual([['.5', 'x']])
    }
    // ORA errors from execute keep their code
    fake.execute = async () => { throw Object.assign(new Error('ORA-00942: table or view does not exist'), { errorNum: 942 }) }
    await expect(conn.exec('SELECT * FROM nope', [], {})).rejects.toMatchObject({ data: { backend_code: 'ORA-00942', err: 942 } })
  })
})
