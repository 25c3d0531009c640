// The User Guide's and the old ExcelHelper's calls, one round trip a call:
// create_workbook, add_worksheet, add_format, update_format, write_cell,
// close_workbook, save_workbook. Result shapes as the old helper returned
// them (workbook_id, worksheet_id, format_id...). They drive the same
// Workbook as the facade's protocol; a call without workbook_id means the
// session's latest workbook, as the guide's examples pass none.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import type { Workbook } from './workbook.js'
import { KIND, openWorkbook, saveWorkbook } from './methods.js'
import type { SaveWorkers } from './workers.js'

const NUMBER = /^([+-]?)(?=[0-9]|\.[0-9])[0-9]*(\.[0-9]*)?([Ee]([+-]?[0-9]+))?$/

/** Excel::Writer::XLSX's write() type guess for one value: [kind, value]. */
export function guessKind (v: unknown): [string, string | null] {
  if (v === null || v === undefined) return ['b', null]
  if (typeof v === 'number') return ['n', String(v)]
  if (typeof v === 'boolean') return ['B', v ? '1' : '0']
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  if (NUMBER.test(s)) return ['n', s]
  if (/^(?:https?|ftp):\/\//.test(s) || /^mailto:/.test(s) || /^(?:in|ex)ternal:/.test(s)) return ['u', s]
  if (s.startsWith('=')) return ['f', s]
  if (s === '') return ['b', null]
  return ['s', s]
}

const WorkbookId = Type.Optional(Type.String({ description: 'from create_workbook; the session\'s latest workbook when absent' }))
const Library = Type.Literal('exceljs')

export function legacyMethods (app: FastifyInstance, config: Config, workers: SaveWorkers) {
  const wbOf = (ctx: CallContext, id: string | undefined): { id: string, wb: Workbook } => {
    const r = app.sessions.resolve<Workbook>(ctx.session, KIND, id)
    if (r.resource.saving) throw new BRIDGE_ERR_INVALID_PARAMS('params.workbook_id', 'the workbook is being closed')
    return { id: r.id, wb: r.resource }
  }
  /** The sheet a worksheet_id names, else the last one added (a first 'Sheet1' when none). */
  const sheetOf = (wb: Workbook, worksheetId: string | number | undefined): number => {
    if (worksheetId !== undefined && worksheetId !== '') {
      const i = Number(worksheetId)
      if (!Number.isInteger(i) || i < 0 || i >= wb.sheets.length) throw new BRIDGE_ERR_INVALID_PARAMS('params.worksheet_id', `no worksheet ${JSON.stringify(worksheetId)} in this workbook`)
      return i
    }
    if (wb.sheets.length === 0) wb.apply({ sheets: ['Sheet1'] })
    return wb.sheets.length - 1
  }
  const formatOf = (wb: Workbook, id: unknown): number | null => {
    if (id === undefined || id === null || id === '') return null
    const n = Number(id)
    if (!wb.formats.has(n)) throw new BRIDGE_ERR_INVALID_PARAMS('params.format_id', `no format ${JSON.stringify(id)} in this workbook`)
    return n
  }
  const close = async (ctx: CallContext, id: string | undefined) => {
    const { id: hid, wb } = wbOf(ctx, id)
    await saveWorkbook(app, workers, ctx, hid, wb)
    return { success: true, filename: wb.target ?? '', library: 'exceljs' as const }
  }
  const CloseResult = Type.Object({ success: Type.Boolean(), filename: Type.String(), library: Library })
  return {
    create_workbook: method({
      description: 'User Guide / old ExcelHelper: opens a workbook writing `filename` (the file appears at close_workbook or save_workbook).',
      params: Type.Object({ filename: Type.String({ minLength: 1 }) }),
      result: Type.Object({ workbook_id: Type.String(), filename: Type.String(), library: Library }),
      handler: async (p, ctx) => {
        const target = resolveClientPath(p.filename, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.filename' })
        const { id } = await openWorkbook(app, workers, ctx, target)
        return { workbook_id: id, filename: p.filename, library: 'exceljs' as const }
      },
    }),
    add_worksheet: method({
      description: 'User Guide / old ExcelHelper: adds a worksheet (name or sheet_name; Sheet<N> when absent).',
      params: Type.Object({ workbook_id: WorkbookId, name: Type.Optional(Type.String()), sheet_name: Type.Optional(Type.String()) }),
      result: Type.Object({ worksheet_id: Type.String(), name: Type.String() }),
      handler: (p, ctx) => {
        const { wb } = wbOf(ctx, p.workbook_id)
        const name = p.sheet_name ?? p.name ?? ''
        const field = p.sheet_name !== undefined ? 'params.sheet_name' : 'params.name'
        const chosen = name !== '' ? name : `Sheet${wb.sheets.length + 1}`
        try {
          wb.apply({ sheets: [chosen] })
        } catch (err) {
          throw err instanceof BRIDGE_ERR_INVALID_PARAMS ? new BRIDGE_ERR_INVALID_PARAMS(field, err.message.replace(/^invalid params: [^:]+: /, '')) : err
        }
        return { worksheet_id: String(wb.sheets.length - 1), name: chosen }
      },
    }),
    add_format: method({
      description: 'Old ExcelHelper: a format from Excel::Writer::XLSX properties.',
      params: Type.Object({ workbook_id: WorkbookId, properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
      result: Type.Object({ format_id: Type.String(), properties: Type.Record(Type.String(), Type.Unknown()) }),
      handler: (p, ctx) => {
        const { wb } = wbOf(ctx, p.workbook_id)
        const id = wb.nextFormat++
        const properties = { ...(p.properties ?? {}) }
        wb.apply({ formats: { [id]: properties } })
        return { format_id: String(id), properties }
      },
    }),
    update_format: method({
      description: 'Old ExcelHelper: sets one property of a format (its set_* methods).',
      params: Type.Object({ workbook_id: WorkbookId, format_id: Type.Union([Type.String(), Type.Integer()]), property: Type.String({ minLength: 1 }), value: Type.Optional(Type.Unknown()) }),
      result: Type.Object({ format_id: Type.String(), property: Type.String(), value: Type.Unknown() }),
      handler: (p, ctx) => {
        const { wb } = wbOf(ctx, p.workbook_id)
        const id = formatOf(wb, p.format_id) as number
        wb.apply({ formats: { [id]: { ...wb.formats.get(id), [p.property]: p.value ?? null } } })
        return { format_id: String(id), property: p.property, value: p.value ?? null }
      },
    }),
    write_cell: method({
      description: 'User Guide / old ExcelHelper: writes one cell with write()\'s type guess (value or data; format_id optional).',
      params: Type.Object({
        workbook_id: WorkbookId,
        worksheet_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
        row: Type.Integer({ minimum: 0 }),
        col: Type.Integer({ minimum: 0 }),
        value: Type.Optional(Type.Unknown()),
        data: Type.Optional(Type.Unknown()),
        format_id: Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Null()])),
      }),
      result: Type.Object({ row: Type.Integer(), col: Type.Integer(), data: Type.Unknown(), formatted: Type.Boolean() }),
      handler: (p, ctx) => {
        const { wb } = wbOf(ctx, p.workbook_id)
        const sheet = sheetOf(wb, p.worksheet_id)
        const fmt = formatOf(wb, p.format_id)
        const v = p.value !== undefined ? p.value : p.data
        const [kind, value] = guessKind(v)
        try {
          if (kind !== 'b' || fmt !== null) wb.apply({ cells: [[sheet, p.row, p.col, kind, value, fmt, null]] })
        } catch (err) {
          // name the guide's field, not the batch column
          if (err instanceof BRIDGE_ERR_INVALID_PARAMS) throw new BRIDGE_ERR_INVALID_PARAMS(/\.row:/.test(err.message) ? 'params.row' : /\.col:/.test(err.message) ? 'params.col' : 'params.value', err.message.replace(/^invalid params: [^:]+: /, ''))
          throw err
        }
        return { row: p.row, col: p.col, data: v ?? null, formatted: fmt !== null }
      },
    }),
    close_workbook: method({
      description: 'Old ExcelHelper: saves and closes the workbook (the file is complete when it returns).',
      params: Type.Object({ workbook_id: WorkbookId }),
      result: CloseResult,
      handler: async (p, ctx) => await close(ctx, p.workbook_id),
    }),
    save_workbook: method({
      description: 'User Guide: saves and closes the workbook (as close_workbook).',
      params: Type.Object({ workbook_id: WorkbookId }),
      result: CloseResult,
      handler: async (p, ctx) => await close(ctx, p.workbook_id),
    }),
  }
}
