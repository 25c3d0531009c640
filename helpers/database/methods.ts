// The database.* method table (docs/database-rpc.md). Handles are session
// handles: `dbh` (a DbHandle) and `sth` (a Statement).
import { Type, type Static } from '@sinclair/typebox'
import { createHash } from 'node:crypto'
import { method, type CallContext } from '../../src/registry.js'
import { BRIDGE_ERR_INVALID_PARAMS, BRIDGE_ERR_NO_MORE_ROWS, BackendError, BridgeError } from '../../src/errors.js'
import type { Session } from '../../plugins/sessions.js'
import { parseDsn, credentials } from './dsn.js'
import { resolveClientPath } from '../../src/paths.js'
import { DbHandle } from './connection.js'
import { Statement, rowCount, type Rows } from './statement.js'
import type { Adapters } from './pool.js'
import { Capabilities, capabilitiesFor, quote } from './capabilities.js'
import { executeArray, lastInsertId, metaInfo, bindInout } from './extras.js'
import { Id, MaybeName, Values, Types, Format, BlockSize, ConnectParams, ExecParams, Conn, truthy, block, asHash, bindParamsValues, doStatement } from './schemas.js'
import { cacheKey, columnInfo, ColumnInfo, metaColumns } from './old-shapes.js'
import { Bulk, bulk } from '../../src/packed.js'

interface Ctx { adapters: Adapters, cached: WeakMap<Session, Map<string, string>>, allowedPaths: readonly string[], bufferBytes: number }

const Connected = Type.Object({ connection_id: Type.String(), driver: Type.String(), autocommit: Type.Boolean(), capabilities: Capabilities })

/**
 * What Perl does to each column's values, one letter a column (types.ts
 * PerlKind: N, A, C, S), lower case where ChopBlanks trims the column: the
 * facade makes the values what the script's DBD hands it without a type table.
 */
function valueKinds (sth: Statement): string {
  let out = ''
  for (const c of sth.columns) {
    const k = c.perl === 'C' && sth.dbh.caps.bytes_out ? 'S' : c.perl
    out += c.chop ? k.toLowerCase() : k
  }
  return out
}

const LastErrorResult = Type.Object({ errstr: Type.String(), err: Type.Unknown(), state: Type.String() })
type LastError = Static<typeof LastErrorResult>

export function databaseMethods (ctx: Ctx): Record<string, ReturnType<typeof method>> {
  const { adapters, cached, allowedPaths, bufferBytes } = ctx
  /** each handle's last error, for get_connection_error / get_statement_error (the old bridge's errstr calls) */
  const lastErrors = new WeakMap<DbHandle | Statement, LastError>()
  const lastErrorOf = (h: DbHandle | Statement): LastError => lastErrors.get(h) ?? { errstr: '', err: null, state: '' }
  /** the statement the session's last seed-style execute_statement {sql} made */
  const seeds = new WeakMap<Session, string>()

  const dbhOf = (c: CallContext, id: string | undefined): { id: string, dbh: DbHandle } => {
    const r = c.app.sessions.resolve<DbHandle>(c.session, 'dbh', id)
    return { id: r.id, dbh: r.resource }
  }
  const sthOf = (c: CallContext, id: string | undefined): { id: string, sth: Statement } => {
    const r = c.app.sessions.resolve<Statement>(c.session, 'sth', id)
    return { id: r.id, sth: r.resource }
  }

  async function connect (p: Static<typeof ConnectParams>, c: CallContext): Promise<Static<typeof Connected>> {
    const username = p.username ?? ''
    const dsn = parseDsn(p.dsn, username, p.db_type)
    // a SQLite file is a client path like any other: the script's cwd, the allowed roots
    if (dsn.file !== undefined && dsn.file !== ':memory:') dsn.file = resolveClientPath(dsn.file, { cwd: c.cwd, allowedPaths, field: 'params.dsn' })
    const attrs = { ...(p.options ?? {}), ...(p.attr ?? {}) }
    const autocommit = truthy(attrs.AutoCommit, true)
    const adapter = await adapters.get(dsn.driver)
    const conn = await adapter.connect({ dsn, ...credentials(dsn, username, p.password ?? ''), attrs, client: { cwd: c.cwd, allowedPaths } })
    const dbh = new DbHandle(conn, dsn.driver, capabilitiesFor(dsn.driver, attrs), autocommit)
    dbh.bufferBytes = bufferBytes
    const id = c.app.sessions.create(c.session, 'dbh', dbh, d => d.close())
    return { connection_id: id, driver: dsn.driver, autocommit, capabilities: dbh.caps }
  }

  /**
   * A statement is a child of its connection's handle: disconnect (or the
   * connection's reaping) drops it from the session with the connection, as
   * DBI invalidates a disconnected handle's statements.
   */
  function newStatement (c: CallContext, conn: { id: string, dbh: DbHandle }, sql: string, sth = new Statement(conn.dbh, sql)): { id: string, sth: Statement } {
    const id = c.app.sessions.create(c.session, 'sth', sth, s => s.close(), { parent: conn.id })
    return { id, sth }
  }

  async function execute (p: Static<typeof ExecParams>, c: CallContext): Promise<Record<string, unknown> | Bulk<Record<string, unknown>>> {
    let sid: string | undefined = p.statement_id
    let sth: Statement
    let fresh = false
    let conn: { id: string, dbh: DbHandle } | undefined
    if (sid === undefined) {
      if (p.sql === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('params.statement_id', 'give statement_id, or sql to prepare and run')
      // seed scripts never close what execute_statement {sql} made: the previous one goes now, so an
      // unread result does not pile up in the daemon (they only ever read the latest)
      // (only the guide form without connection_id: the facade's lazy prepare sends {connection_id, sql} and keeps its statements)
      const guide = p.connection_id === undefined
      const prev = guide ? seeds.get(c.session) : undefined
      if (prev !== undefined && c.app.sessions.handles.has(prev)) await c.app.sessions.close(c.session, 'sth', prev)
      conn = dbhOf(c, p.connection_id)
      if (p.once === true && !guide) {
        // a statement for one execute (selectrow_*, selectall_*): it gets a handle only if its result outlives this call
        sth = new Statement(conn.dbh, p.sql)
      } else {
        const made = newStatement(c, conn, p.sql)
        if (guide) seeds.set(c.session, made.id)
        sid = made.id; sth = made.sth; fresh = !guide
      }
    } else {
      sth = c.app.sessions.get<Statement>(c.session, 'sth', sid)
    }
    const bv = p.bind_values ?? p.params
    // the old DBIHelper sends bind_params ({':a' => {value}}) beside a possibly empty bind_values
    const fromParams = bindParamsValues(p.bind_params)
    const values = (bv === undefined || (Array.isArray(bv) && bv.length === 0)) && fromParams !== undefined ? fromParams : bv
    let info
    try {
      info = await sth.execute(values, p.bind_types, p.block_size)
    } catch (e) {
      // the facade's prepare-with-execute never learns this statement's id: do not leave it in the session
      // (a guide-style seed stays the session's latest statement until the next seed replaces it)
      if (fresh && sid !== undefined) await c.app.sessions.close(c.session, 'sth', sid)
      if (sid === undefined) await sth.close()
      throw e
    }
    if (info.streamed !== undefined) {
      c.log.warn({ method: 'database.execute_statement', bytes: info.streamed.bytes, rows: info.streamed.rows, limit: sth.dbh.bufferBytes },
        'result larger than CPAN_BRIDGE_DB_BUFFER_MB: it streams, and execute/rows cannot give its row count (-1) until it is fetched')
    }
    const cols = sth.columns
    let rows: Rows = []
    let done = true
    if (cols.length > 0) ({ rows, done } = await sth.fetchBlock(p.block_size))
    // a result read whole at execute knows its count; a streamed one only once its last block is out
    const count = cols.length > 0 ? (info.rows >= 0 ? info.rows : done ? rowCount(rows) : -1) : info.rows
    if (sid === undefined && conn !== undefined && done) await sth.close()
    else {
      if (sid === undefined && conn !== undefined) sid = newStatement(c, conn, p.sql ?? '', sth).id
      sth.inline = rows
    }
    const lean = p.column_info === false
    // a once statement is never the script's: its column types, sizes and nullability are read by nobody
    const described = p.once !== true || p.column_info !== false
    const result = {
      // null: the statement is already closed (once, and its whole result is in this reply)
      statement_id: sid ?? null,
      rows: count,
      ...(lean ? {} : { rows_affected: count }),
      num_of_fields: cols.length,
      num_params: sth.numParams,
      names: cols.map(x => x.name),
      ...(described
        ? {
            types: cols.map(x => x.type),
            type_names: cols.map(x => x.typeName ?? null),
            nullable: cols.map(x => x.nullable),
            precision: cols.map(x => x.precision),
            scale: cols.map(x => x.scale),
          }
        : {}),
      // the old scripts' column description repeats the arrays above: built only for callers that read it
      ...(lean ? {} : { column_info: cols.length > 0 ? columnInfo(cols, sth.dbh.driver) : null }),
      value_kinds: valueKinds(sth),
      block: block(sth, rows),
      done,
    }
    // the DBI facade (lean) takes the whole reply packed: core Perl unpacks it faster than it parses JSON
    return lean ? bulk(result) : result
  }

  /**
   * The handles a call named, looked up once after it ran: the statement and
   * its connection, or the connection. An unknown or closed one
   * (close_statement just closed it) is simply absent; find() does not throw,
   * since building an error a call (its stack trace) was the dearest part of
   * a small statement. `dbh` also covers the guide's calls, which name no
   * handle: the session's connection.
   */
  function handlesOf (p: unknown, c: CallContext): { targets: Array<DbHandle | Statement>, dbh: DbHandle | undefined } {
    const q = (p ?? {}) as { connection_id?: unknown, statement_id?: unknown }
    if (typeof q.statement_id === 'string') {
      const s = c.app.sessions.find<Statement>(c.session, 'sth', q.statement_id)
      return s === undefined ? { targets: [], dbh: undefined } : { targets: [s, s.dbh], dbh: s.dbh }
    }
    if (typeof q.connection_id === 'string') {
      const d = c.app.sessions.find<DbHandle>(c.session, 'dbh', q.connection_id)
      return { targets: d === undefined ? [] : [d], dbh: d }
    }
    let dbh: DbHandle | undefined
    try { dbh = c.app.sessions.resolve<DbHandle>(c.session, 'dbh', undefined).resource } catch { dbh = undefined }
    return { targets: [], dbh }
  }

  /**
   * DBI keeps err/errstr on the handle a call used (and a statement's on its
   * connection too) and clears them at the next call: a call that names a
   * connection_id or statement_id does the same here.
   */
  function noteOutcome (targets: Array<DbHandle | Statement>, e: unknown): void {
    if (targets.length === 0) return
    if (e === undefined) { for (const t of targets) lastErrors.delete(t); return }
    const be = e as { message?: unknown, data?: Record<string, unknown> }
    const data = be.data ?? {}
    const le: LastError = { errstr: String(be.message ?? e), err: data.err ?? data.backend_code ?? -1, state: typeof data.state === 'string' ? data.state : 'HY000' }
    for (const t of targets) lastErrors.set(t, le)
  }

  /**
   * A call records its outcome on its handles, and hands back the server's
   * notices of the call (PostgreSQL NOTICE/WARNING), which the facade warns
   * as DBD::Pg does: `notices` beside the result, or in the error's data when
   * the call failed.
   */
  const tracked = (spec: ReturnType<typeof method>): ReturnType<typeof method> => ({
    ...spec,
    async handler (p: unknown, c: CallContext): Promise<unknown> {
      let r: unknown
      try {
        r = await spec.handler(p, c)
      } catch (e) {
        const h = handlesOf(p, c)
        noteOutcome(h.targets, e)
        const n = h.dbh?.conn.takeNotices?.() ?? []
        if (n.length > 0 && e instanceof BridgeError) e.extra.notices = n
        throw e
      }
      const h = handlesOf(p, c)
      noteOutcome(h.targets, undefined)
      const n = h.dbh?.conn.takeNotices?.() ?? []
      if (n.length === 0 || r === null || typeof r !== 'object') return r
      return r instanceof Bulk ? bulk({ ...(r.value as Record<string, unknown>), notices: n }) : { ...r, notices: n }
    },
  })

  const table: Record<string, ReturnType<typeof method>> = {
    connect: method({
      description: 'Opens a database handle (DBI->connect). DSN forms: dbi:Pg:, dbi:mysql:, dbi:MariaDB:, dbi:SQLite:, dbi:Oracle:.',
      params: ConnectParams,
      result: Connected,
      handler: connect,
    }),
    connect_cached: method({
      description: 'DBI->connect_cached: the same handle for the same (dsn, user, password, attr) in this session while it is open.',
      params: ConnectParams,
      result: Type.Composite([Connected, Type.Object({ cached: Type.Boolean() })]),
      handler: async (p, c) => {
        const key = createHash('sha256').update(cacheKey(p.dsn, p.username, p.password, { ...(p.options ?? {}), ...(p.attr ?? {}) })).digest('hex')
        let m = cached.get(c.session)
        if (m === undefined) { m = new Map(); cached.set(c.session, m) }
        const prev = m.get(key)
        if (prev !== undefined && c.app.sessions.handles.has(prev)) {
          const dbh = c.app.sessions.get<DbHandle>(c.session, 'dbh', prev)
          if (!dbh.closed && await dbh.ping()) return { connection_id: prev, driver: dbh.driver, autocommit: dbh.autocommit, capabilities: dbh.caps, cached: true }
        }
        const r = await connect(p, c)
        m.set(key, r.connection_id)
        return { ...r, cached: false }
      },
    }),
    disconnect: method({
      description: 'Closes a database handle: rolls back an open transaction and returns the connection to the pool.',
      params: Conn,
      result: Type.Object({ disconnected: Type.Boolean() }),
      handler: async (p, c) => {
        const { id } = dbhOf(c, p.connection_id)
        await c.app.sessions.close(c.session, 'dbh', id)
        return { disconnected: true }
      },
    }),
    ping: method({
      description: 'DBI ping: is the connection alive.',
      params: Conn,
      result: Type.Object({ alive: Type.Boolean() }),
      idempotent: true,
      handler: async (p, c) => ({ alive: await dbhOf(c, p.connection_id).dbh.ping() }),
    }),
    prepare: method({
      description: 'Prepares a statement; placeholders ?, :name, :1 and $1 work with every driver.',
      params: Type.Object({ connection_id: Type.Optional(Id), sql: Type.String({ minLength: 1 }) }),
      result: Type.Object({ statement_id: Type.String(), num_params: Type.Integer(), param_names: Type.Array(Type.Union([Type.String(), Type.Null()])) }),
      handler: async (p, c) => {
        const conn = dbhOf(c, p.connection_id)
        const dbh = conn.dbh
        const made = new Statement(dbh, p.sql)
        if (dbh.closed) throw new BackendError('Database handle is disconnected', null, { state: '08003', err: -1 })
        if (dbh.conn.check !== undefined) {
          try { await dbh.conn.check(made.t.sql) } catch (e) { await made.close(); throw e }
        }
        const { id, sth } = newStatement(c, conn, p.sql, made)
        return { statement_id: id, num_params: sth.numParams, param_names: sth.t.params }
      },
    }),
    execute_statement: method({
      description: 'Executes a statement; a result set comes back with its first block of rows (block, done).',
      params: ExecParams,
      result: Type.Record(Type.String(), Type.Unknown()),
      handler: execute,
    }),
    fetch_block: method({
      description: 'The next block of rows of an executed statement.',
      params: Type.Object({ statement_id: Type.Optional(Id), connection_id: Type.Optional(Id), max_rows: Type.Optional(BlockSize) }),
      result: Type.Object({ block: Type.Unknown(), done: Type.Boolean() }),
      handler: async (p, c) => {
        const { sth } = sthOf(c, p.statement_id)
        return await sth.exclusive(async () => {
          sth.inline = null
          const { rows, done } = await sth.fetchBlock(p.max_rows)
          return { block: block(sth, rows), done }
        })
      },
    }),
    fetch_row: method({
      description: 'One row (seed form). Without statement_id, after the last row, an error of type no_more_rows ends the loop.',
      params: Type.Object({ statement_id: Type.Optional(Id), connection_id: Type.Optional(Id), format: Type.Optional(Format) }),
      result: Type.Record(Type.String(), Type.Unknown()),
      handler: async (p, c) => {
        const { sth } = sthOf(c, p.statement_id)
        sth.replayInline()
        const row = sth.columns.length > 0 ? await sth.exclusive(async () => await sth.fetchOne()) : null
        if (row === null) {
          if (p.statement_id === undefined) throw new BRIDGE_ERR_NO_MORE_ROWS()
          return { row: null }
        }
        if (p.format === 'array') return { row }
        const h = asHash(sth, row)
        if (p.format === 'hash') return { row: h }
        // guide form: `$r->{result}{name}` reads columns at the top level; `row` keeps the contract's shape
        return p.statement_id === undefined ? { ...h, row: h } : { row }
      },
    }),
    fetch_all: method({
      description: 'All remaining rows (seed form).',
      params: Type.Object({ statement_id: Type.Optional(Id), connection_id: Type.Optional(Id), format: Type.Optional(Format) }),
      result: Type.Object({ rows: Type.Unknown() }),
      handler: async (p, c) => {
        const { sth } = sthOf(c, p.statement_id)
        sth.replayInline()
        const all: unknown[][] = []
        if (sth.columns.length > 0) {
          for (;;) {
            const { rows, done } = await sth.fetch()
            for (const r of rows) all.push(r)
            if (done) break
          }
        }
        if (p.format === 'hash') return { rows: all.map(r => asHash(sth, r)) }
        return { rows: block(sth, all) }
      },
    }),
    finish_statement: method({
      description: 'DBI finish: discards the rest of the result; the statement can be executed again.',
      params: Type.Object({ statement_id: Type.Optional(Id), connection_id: Type.Optional(Id) }),
      result: Type.Object({ finished: Type.Boolean() }),
      handler: async (p, c) => { await sthOf(c, p.statement_id).sth.finish(); return { finished: true } },
    }),
    close_statement: method({
      description: 'Frees a statement handle.',
      params: Type.Object({ statement_id: Id, connection_id: Type.Optional(Id) }),
      result: Type.Object({ closed: Type.Boolean() }),
      handler: async (p, c) => ({ closed: await c.app.sessions.close(c.session, 'sth', p.statement_id) }),
    }),
    do_statement: method({
      description: 'DBI do: runs one statement, returns the affected row count.',
      params: Type.Object({ connection_id: Type.Optional(Id), sql: Type.String({ minLength: 1 }), bind_values: Type.Optional(Values), bind_types: Type.Optional(Types), attr: Type.Optional(Type.Unknown()) }),
      result: Type.Object({ rows: Type.Integer(), rows_affected: Type.Integer() }),
      handler: async (p, c) => {
        const n = await doStatement(dbhOf(c, p.connection_id).dbh, p.sql, p.bind_values, p.bind_types)
        return { rows: n, rows_affected: n }
      },
    }),
    execute_immediate: method({
      description: 'Runs SQL at once (the old bridge\'s call): a statement returns rows_affected; a SELECT also returns all its rows and column_info.',
      params: Type.Object({ connection_id: Type.Optional(Id), sql: Type.String({ minLength: 1 }), bind_values: Type.Optional(Values) }),
      result: Type.Object({
        rows_affected: Type.Integer(),
        rows: Type.Optional(Type.Unknown({ description: 'a Table of the rows (SELECT only)' })),
        column_info: Type.Optional(ColumnInfo),
      }),
      handler: async (p, c) => {
        const sth = new Statement(dbhOf(c, p.connection_id).dbh, p.sql)
        try {
          const info = await sth.execute(p.bind_values, undefined, undefined)
          if (sth.columns.length === 0) return { rows_affected: info.rows }
          const all: unknown[][] = []
          for (;;) { const { rows, done } = await sth.fetch(); for (const r of rows) all.push(r); if (done) break }
          return { rows: block(sth, all), rows_affected: all.length, column_info: columnInfo(sth.columns, sth.dbh.driver) }
        } finally { await sth.close() }
      },
    }),
    execute_array: method({
      description: 'DBI execute_array in one call: every tuple in one transaction-consistent batch.',
      params: Type.Object({ statement_id: Type.Optional(Id), connection_id: Type.Optional(Id), rows: Type.Optional(Type.Array(Type.Array(Type.Unknown()))), tuples: Type.Optional(Type.Array(Type.Array(Type.Unknown()))), bind_types: Type.Optional(Types) }),
      result: Type.Object({ rows_affected: Type.Integer(), tuple_status: Type.Array(Type.Unknown()) }),
      handler: async (p, c) => {
        const { sth } = sthOf(c, p.statement_id)
        return await executeArray(sth, p.rows ?? p.tuples ?? [], p.bind_types)
      },
    }),
    begin_transaction: method({
      description: 'DBI begin_work: a transaction until commit or rollback.',
      params: Conn,
      result: Type.Object({ ok: Type.Boolean() }),
      handler: async (p, c) => { await dbhOf(c, p.connection_id).dbh.begin(); return { ok: true } },
    }),
    commit: method({
      description: 'Commits the open transaction.',
      params: Conn,
      result: Type.Object({ ok: Type.Boolean() }),
      handler: async (p, c) => { await dbhOf(c, p.connection_id).dbh.commit(); return { ok: true } },
    }),
    rollback: method({
      description: 'Rolls back the open transaction.',
      params: Conn,
      result: Type.Object({ ok: Type.Boolean() }),
      handler: async (p, c) => { await dbhOf(c, p.connection_id).dbh.rollback(); return { ok: true } },
    }),
    set_autocommit: method({
      description: '$dbh->{AutoCommit} = 0|1 (turning it on commits an open transaction, as DBI does).',
      params: Type.Object({ connection_id: Type.Optional(Id), autocommit: Type.Union([Type.Boolean(), Type.Integer(), Type.String()]) }),
      result: Type.Object({ ok: Type.Boolean(), autocommit: Type.Boolean() }),
      handler: async (p, c) => {
        const { dbh } = dbhOf(c, p.connection_id)
        await dbh.setAutoCommit(truthy(p.autocommit, true))
        return { ok: true, autocommit: dbh.autocommit }
      },
    }),
    last_insert_id: method({
      description: 'DBI last_insert_id.',
      params: Type.Object({ connection_id: Type.Optional(Id), catalog: MaybeName, schema: MaybeName, table: MaybeName, field: MaybeName }),
      result: Type.Object({ id: Type.Union([Type.String(), Type.Null()]) }),
      handler: async (p, c) => ({ id: await lastInsertId(dbhOf(c, p.connection_id).dbh, p) }),
    }),
    table_info: method({
      description: 'DBI table_info, in DBI column order.',
      params: Type.Object({ connection_id: Type.Optional(Id), catalog: MaybeName, schema: MaybeName, table: MaybeName, type: MaybeName }),
      result: Type.Object({ names: Type.Array(Type.String()), rows: Type.Unknown() }),
      idempotent: true,
      handler: async (p, c) => await metaInfo(dbhOf(c, p.connection_id).dbh, 'table', p),
    }),
    column_info: method({
      description: 'DBI column_info, in DBI column order (names, rows); also `columns`, one {name, type (type name), precision, scale, nullable} a column, as the old bridge described columns.',
      params: Type.Object({ connection_id: Type.Optional(Id), catalog: MaybeName, schema: MaybeName, table: MaybeName, column: MaybeName }),
      result: Type.Object({ names: Type.Array(Type.String()), rows: Type.Unknown(), columns: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
      idempotent: true,
      handler: async (p, c) => {
        const r = await metaInfo(dbhOf(c, p.connection_id).dbh, 'column', p)
        return { ...r, columns: metaColumns(r.names, r.rows.rows) }
      },
    }),
    get_connection_error: method({
      description: 'The old bridge\'s $dbh->errstr: the last error of a call on this connection or its statements (errstr \'\' when the last call succeeded), with err and state.',
      params: Type.Object({ connection_id: Id }),
      result: LastErrorResult,
      idempotent: true,
      handler: (p, c) => lastErrorOf(dbhOf(c, p.connection_id).dbh),
    }),
    get_statement_error: method({
      description: 'The old bridge\'s $sth->errstr: the last error of a call on this statement (errstr \'\' when the last call succeeded), with err and state.',
      params: Type.Object({ statement_id: Id }),
      result: LastErrorResult,
      idempotent: true,
      handler: (p, c) => lastErrorOf(sthOf(c, p.statement_id).sth),
    }),
    bind_param_inout: method({
      description: 'Binds an OUT/INOUT parameter (Oracle; pg: the first row of the result fills them, as DBD::Pg does).',
      params: Type.Object({ statement_id: Type.Optional(Id), param_name: Type.Union([Type.String(), Type.Integer()]), initial_value: Type.Optional(Type.Unknown()), size: Type.Optional(Type.Integer({ minimum: 0 })), param_type: Type.Optional(Type.Unknown()) }),
      result: Type.Object({ ok: Type.Boolean(), message: Type.String() }),
      handler: (p, c) => bindInout(sthOf(c, p.statement_id).sth, String(p.param_name), p.initial_value, p.size ?? 4000),
    }),
    get_out_params: method({
      description: 'Values of the OUT/INOUT parameters after execute.',
      params: Type.Object({ statement_id: Type.Optional(Id) }),
      result: Type.Object({ out_params: Type.Record(Type.String(), Type.Unknown()) }),
      handler: (p, c) => {
        const { sth } = sthOf(c, p.statement_id)
        if (!sth.executed) throw new BackendError('Statement not yet executed', null, { state: 'HY010', err: -1 })
        return { out_params: sth.outValues }
      },
    }),
    quote: method({
      description: 'DBI quote for the handle\'s driver.',
      params: Type.Object({ connection_id: Type.Optional(Id), value: Type.Unknown(), type: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }),
      result: Type.Object({ quoted: Type.String() }),
      idempotent: true,
      handler: (p, c) => ({ quoted: quote(dbhOf(c, p.connection_id).dbh.caps, p.value, p.type ?? null) }),
    }),
  }
  for (const name of Object.keys(table)) {
    if (name !== 'get_connection_error' && name !== 'get_statement_error') table[name] = tracked(table[name])
  }
  return table
}
