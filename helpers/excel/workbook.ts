// An open workbook in the daemon: what the facade has sent so far, checked
// field by field (errors name the field), with the cells in a CellStore.
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { CellStore, KIND, type KindCode } from './cells.js'
import type { FormatProps } from './formats.js'

export const MAX_ROW = 1_048_575
export const MAX_COL = 16_383

/** A worksheet call, [sheet index, method, ...args], args as the facade normalised them. */
export type Setting = [number, string, ...unknown[]]

/** The worksheet methods the save understands, with how many args each takes at most. */
export const SETTINGS: Record<string, number> = {
  set_column: 6, set_row: 5, merge: 4, freeze_panes: 4, autofilter: 4, set_landscape: 0, set_portrait: 0,
  set_paper: 1, repeat_rows: 2, repeat_columns: 2, activate: 0, select: 0, set_first_sheet: 0, hide: 0,
  set_zoom: 1, set_margins: 4, set_header: 1, set_footer: 1, set_tab_color: 1, hide_gridlines: 1,
  fit_to_pages: 2, set_print_scale: 1, center_horizontally: 0, center_vertically: 0, set_default_row: 2,
  // E::W::X widens a sheet's dimension in calls that then fail (merge_range past the last row checks its
  // first cell first): the facade sends what such a call added, [row, col|null]
  dimension: 2,
}

export interface WriteParams {
  sheets?: string[]
  formats?: Record<string, FormatProps>
  cells?: unknown[][]
  settings?: unknown[][]
}

export class Workbook {
  readonly sheets: string[] = []
  readonly formats = new Map<number, FormatProps>()
  readonly settings: Setting[] = []
  readonly cells = new CellStore()
  /** set while the save runs: the handle is closing and takes no more writes */
  saving = false
  /** the file is complete under its final name (the handle's close must not remove anything) */
  saved = false
  /** old-API calls (excel.add_format) number their formats from here */
  nextFormat = 0

  /** @param target the final file (null: the bytes go back to the client); @param temp where the save writes first */
  constructor (readonly target: string | null, readonly temp: string | null) {}

  /** Applies one excel.write / excel.close body; nothing of it is kept when a field is bad. */
  apply (p: WriteParams): void {
    const sheets = p.sheets ?? []
    const known = new Set(this.sheets.map(s => s.toLowerCase()))
    sheets.forEach((name, i) => {
      const field = `params.sheets[${i}]`
      if (name.length === 0 || name.length > 31) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'a sheet name must be 1 to 31 characters')
      if (/[[\]:*?/\\]/.test(name)) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'a sheet name must not contain [ ] : * ? / \\')
      if (name.startsWith("'") || name.endsWith("'")) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'a sheet name must not begin or end with an apostrophe')
      if (known.has(name.toLowerCase())) throw new BRIDGE_ERR_INVALID_PARAMS(field, `a worksheet named ${JSON.stringify(name)} already exists`)
      known.add(name.toLowerCase())
    })
    const nsheets = this.sheets.length + sheets.length
    const formats: Array<[number, FormatProps]> = []
    for (const [k, v] of Object.entries(p.formats ?? {})) {
      if (!/^\d{1,9}$/.test(k)) throw new BRIDGE_ERR_INVALID_PARAMS(`params.formats.${k}`, 'a format index must be a non-negative integer')
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new BRIDGE_ERR_INVALID_PARAMS(`params.formats.${k}`, 'must be an object of format properties')
      formats.push([Number(k), v])
    }
    const settings = (p.settings ?? []).map((s, i) => checkSetting(s, i, nsheets))
    const rows = p.cells ?? []
    // check every cell before storing any, so a bad batch leaves the workbook as it was
    for (let i = 0; i < rows.length; i++) checkCell(rows[i], i, nsheets)
    this.sheets.push(...sheets)
    for (const [k, v] of formats) this.formats.set(k, v)
    this.settings.push(...settings)
    for (const r of rows) storeCell(this.cells, r)
  }
}

function intIn (v: unknown, field: string, max: number): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) throw new BRIDGE_ERR_INVALID_PARAMS(field, `must be an integer from 0 to ${max}`)
  return n
}

const CELL_KINDS = new Set(['s', 'n', 'f', 'b', 'u', 'B'])

function checkCell (r: unknown, i: number, nsheets: number): void {
  const field = `params.cells[${i}]`
  if (!Array.isArray(r) || r.length !== 7) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'must be a row of 7 columns: sheet, row, col, kind, value, format, extra')
  intIn(r[0], `${field}.sheet`, nsheets - 1)
  intIn(r[1], `${field}.row`, MAX_ROW)
  intIn(r[2], `${field}.col`, MAX_COL)
  const kind = r[3]
  if (typeof kind !== 'string' || !CELL_KINDS.has(kind)) throw new BRIDGE_ERR_INVALID_PARAMS(`${field}.kind`, "must be one of 's' 'n' 'f' 'b' 'u' 'B'")
  const v = r[4]
  if (kind !== 'b' && (v === null || v === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS(`${field}.value`, 'must not be null')
  if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'number') throw new BRIDGE_ERR_INVALID_PARAMS(`${field}.value`, 'must be a string or a number')
  if (kind === 'n' && Number.isNaN(Number(v))) throw new BRIDGE_ERR_INVALID_PARAMS(`${field}.value`, `must be a number for kind 'n', got ${JSON.stringify(String(v).slice(0, 40))}`)
  if (r[5] !== null && r[5] !== undefined) intIn(r[5], `${field}.format`, 999_999_999)
  const x = r[6]
  if (x !== null && x !== undefined && typeof x !== 'string' && typeof x !== 'number') throw new BRIDGE_ERR_INVALID_PARAMS(`${field}.extra`, 'must be a string, a number or null')
}

function storeCell (store: CellStore, r: unknown[]): void {
  const kind = KIND[r[3] as keyof typeof KIND] as KindCode
  const fmt = r[5] === null || r[5] === undefined ? -1 : Number(r[5])
  const v = r[4]
  const x = r[6] === null || r[6] === undefined ? null : String(r[6])
  const num = kind === KIND.n ? Number(v) : kind === KIND.B ? (v === '0' || v === 0 || v === '' ? 0 : 1) : 0
  const text = kind === KIND.s || kind === KIND.f || kind === KIND.u ? String(v) : null
  store.add(Number(r[0]), Number(r[1]), Number(r[2]), kind, fmt, num, text, x)
}

function checkSetting (s: unknown, i: number, nsheets: number): Setting {
  const field = `params.settings[${i}]`
  if (!Array.isArray(s) || s.length < 2) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'must be [sheet index, method, ...args]')
  const sheet = intIn(s[0], `${field}[0]`, nsheets - 1)
  const name = s[1]
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(SETTINGS, name)) {
    throw new BRIDGE_ERR_INVALID_PARAMS(`${field}[1]`, `unknown worksheet method ${JSON.stringify(String(name).slice(0, 40))}`)
  }
  const args = s.slice(2)
  if (args.length > SETTINGS[name]) throw new BRIDGE_ERR_INVALID_PARAMS(field, `${name} takes at most ${SETTINGS[name]} arguments`)
  args.forEach((a, j) => {
    if (a !== null && typeof a !== 'string' && typeof a !== 'number' && typeof a !== 'boolean') throw new BRIDGE_ERR_INVALID_PARAMS(`${field}[${j + 2}]`, 'must be a string, a number or null')
  })
  const rangeChecks: Record<string, Array<[number, number]>> = {
    set_column: [[0, MAX_COL], [1, MAX_COL]], set_row: [[0, MAX_ROW]],
    merge: [[0, MAX_ROW], [1, MAX_COL], [2, MAX_ROW], [3, MAX_COL]], autofilter: [[0, MAX_ROW], [1, MAX_COL], [2, MAX_ROW], [3, MAX_COL]],
    freeze_panes: [[0, MAX_ROW], [1, MAX_COL]], repeat_rows: [[0, MAX_ROW]], repeat_columns: [[0, MAX_COL]], dimension: [[0, MAX_ROW]],
  }
  for (const [j, max] of rangeChecks[name] ?? []) intIn(args[j] ?? 0, `${field}[${j + 2}]`, max)
  return [sheet, name, ...args]
}
