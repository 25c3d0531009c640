// excel.open / excel.write / excel.close: the wire protocol the
// Excel::Writer::XLSX facade speaks (docs: the protocol in the issue 12 brief,
// README "Modules"). Writes are buffered in Perl and arrive in packed batches;
// the file is built at close, in a save worker, under a temporary name that is
// renamed to the final one only once complete.
import fs from 'node:fs'
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath, siblingTemp } from '../../src/paths.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { Workbook, type WriteParams } from './workbook.js'
import type { SaveWorkers } from './workers.js'

export const KIND = 'workbook'

const Props = Type.Record(Type.String(), Type.Unknown())
export const WriteFields = {
  sheets: Type.Optional(Type.Array(Type.String(), { description: 'worksheets added since the last call, in add order' })),
  formats: Type.Optional(Type.Record(Type.String(), Props, { description: 'format index -> all its Excel::Writer::XLSX properties' })),
  cells: Type.Optional(Type.Array(Type.Array(Type.Unknown()), { description: 'packed table: sheet, row, col, kind (s n f b u B), value, format, extra' })),
  settings: Type.Optional(Type.Array(Type.Array(Type.Unknown()), { description: '[sheet index, worksheet method, ...args] in call order' })),
}

/** Opens a workbook handle writing to `target` (null: to the client), with its temporary file created now so a bad path fails here. */
export async function openWorkbook (app: FastifyInstance, workers: SaveWorkers, ctx: CallContext, target: string | null): Promise<{ id: string, wb: Workbook }> {
  let temp: string | null = null
  if (target !== null) {
    temp = siblingTemp(target, '.tmp')
    try {
      await (await fs.promises.open(temp, 'wx', 0o600)).close()
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      throw new BackendError(`cannot create workbook ${target}: ${e.message}`, e.code ?? null, { file: target }, err)
    }
  }
  const wb = new Workbook(target, temp)
  const id = app.sessions.create(ctx.session, KIND, wb, w => {
    // a workbook never closed (or whose save failed) leaves nothing under its final name, nor its temporary
    if (!w.saved && w.temp !== null) return fs.promises.rm(w.temp, { force: true })
  })
  workers.warm()
  return { id, wb }
}

/** Saves and closes: the workbook's last write is already applied. */
export async function saveWorkbook (app: FastifyInstance, workers: SaveWorkers, ctx: CallContext, id: string, wb: Workbook): Promise<{ bytes?: Buffer }> {
  if (wb.saving) throw new BRIDGE_ERR_INVALID_PARAMS('params.workbook', 'the workbook is already being closed')
  wb.saving = true
  const file = wb.target ?? '(to the client)'
  try {
    // E::W::X adds a worksheet when none was added
    const sheets = wb.sheets.length > 0 ? [...wb.sheets] : ['Sheet1']
    const reply = await workers.save({ sheets, formats: [...wb.formats], settings: wb.settings, chunks: wb.cells.take() }, wb.temp)
    if (!reply.ok) throw new BackendError(`cannot save workbook ${file}: ${reply.message}`, reply.code, { file })
    if (wb.temp !== null && wb.target !== null) {
      try {
        await fs.promises.rename(wb.temp, wb.target)
      } catch (err) {
        const e = err as NodeJS.ErrnoException
        throw new BackendError(`cannot save workbook ${file}: ${e.message}`, e.code ?? null, { file }, err)
      }
    }
    wb.saved = true
    return reply.bytes !== undefined ? { bytes: Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength) } : {}
  } finally {
    await app.sessions.close(ctx.session, KIND, id).catch(() => false)
  }
}

export function excelMethods (app: FastifyInstance, config: Config, workers: SaveWorkers) {
  const get = (ctx: CallContext, id: string): Workbook => {
    const wb = app.sessions.get<Workbook>(ctx.session, KIND, id)
    if (wb.saving) throw new BRIDGE_ERR_INVALID_PARAMS('params.workbook', 'the workbook is being closed')
    return wb
  }
  return {
    open: method({
      description: 'Excel::Writer::XLSX->new: opens a workbook that writes `filename` (a temporary name until close renames it) or, with to_client, returns its bytes at close.',
      params: Type.Object({
        filename: Type.Optional(Type.String({ description: 'the .xlsx to write, relative to the client cwd' })),
        to_client: Type.Optional(Type.Boolean({ description: 'no file: excel.close returns the bytes (new($fh), new(\\*STDOUT))' })),
      }),
      result: Type.Object({ workbook: Type.String() }),
      handler: async (p, ctx) => {
        if ((p.filename === undefined) === (p.to_client !== true)) throw new BRIDGE_ERR_INVALID_PARAMS('params.filename', 'give exactly one of filename and to_client')
        const target = p.filename !== undefined ? resolveClientPath(p.filename, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.filename' }) : null
        return { workbook: (await openWorkbook(app, workers, ctx, target)).id }
      },
    }),
    write: method({
      description: 'Adds worksheets, formats, cells and worksheet settings to an open workbook (a batch of the facade\'s buffered calls).',
      params: Type.Object({ workbook: Type.String(), ...WriteFields }),
      result: Type.Object({}),
      handler: (p, ctx) => {
        get(ctx, p.workbook).apply(p as WriteParams)
        return {}
      },
    }),
    close: method({
      description: 'A last write, then the save: when it returns the file is complete under its name (or its bytes are returned). The handle is gone either way.',
      params: Type.Object({ workbook: Type.String(), ...WriteFields }),
      result: Type.Object({ closed: Type.Boolean(), bytes: Type.Optional(Type.Unknown({ description: 'the .xlsx (to_client workbooks)' })) }),
      handler: async (p, ctx) => {
        const wb = get(ctx, p.workbook)
        try {
          wb.apply(p as WriteParams)
        } catch (err) {
          await app.sessions.close(ctx.session, KIND, p.workbook)
          throw err
        }
        const r = await saveWorkbook(app, workers, ctx, p.workbook, wb)
        return r.bytes !== undefined ? { closed: true, bytes: r.bytes } : { closed: true }
      },
    }),
  }
}
