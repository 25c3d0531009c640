// Builds the .xlsx from a closed workbook with exceljs's streaming writer,
// rows in order, so only the row being written is a JavaScript object. Runs
// in a save worker (save-worker.ts), never on the daemon's event loop.
import type { Writable } from 'node:stream'
import type { Column, Row, Style, Worksheet } from 'exceljs'
import { CellReader, KIND, writingOrder, type CellChunk } from './cells.js'
import { colorArgb, toStyle, URL_FORMAT, type FormatProps } from './formats.js'
import type { Setting } from './workbook.js'

export interface SaveJob {
  sheets: string[]
  formats: Array<[number, FormatProps]>
  settings: Setting[]
  chunks: CellChunk[]
}

interface RowSetting { height: number | null, fmt: number | null, hidden: boolean, level: number }

interface SheetPlan {
  rows: Map<number, RowSetting>
  colFmt: Map<number, number>
  defaultHeight: number
  view: Record<string, unknown>
  selected: boolean
}

/** E::W::X's column width in the file for a width given in characters (Worksheet.pm _write_col_info). */
export function fileWidth (width: number): number {
  if (width <= 0) return 0
  const digit = 7
  const padding = 5
  if (width < 1) return Math.trunc(Math.trunc(width * (digit + padding) + 0.5) / digit * 256) / 256
  return Math.trunc((Math.trunc(width * digit + 0.5) + padding) / digit * 256) / 256
}

function colName (c: number): string {
  let s = ''
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

const num = (v: unknown, dflt: number): number => v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? dflt : Number(v)
const truthy = (v: unknown): boolean => v !== null && v !== undefined && v !== 0 && v !== '0' && v !== '' && v !== false

export async function render (job: SaveJob, out: { filename: string } | { stream: Writable }): Promise<void> {
  const ExcelJS = (await import('exceljs')).default
  // inline strings: a shared-strings table would hold every distinct string of the workbook until the end
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ ...out, useStyles: true, useSharedStrings: false })
  const formats = new Map(job.formats)
  const styles = new Map<number, Partial<Style>>()
  // one style object per format: exceljs caches a style's id by object identity
  const styleOf = (fmt: number): Partial<Style> => {
    let s = styles.get(fmt)
    if (s === undefined) { s = fmt === -2 ? toStyle(URL_FORMAT) : toStyle(formats.get(fmt) ?? {}); styles.set(fmt, s) }
    return s
  }
  const plain: Partial<Style> = {}

  let active = 0
  let firstSheet = 0
  const plans: SheetPlan[] = job.sheets.map(() => ({ rows: new Map(), colFmt: new Map(), defaultHeight: 15, view: {}, selected: false }))
  // The streaming writer writes a sheet's header (sheetPr, views, format properties) when the sheet
  // is created, so the sheet-level settings are gathered first and passed to addWorksheet
  const opts = job.sheets.map(() => ({ properties: {} as Record<string, unknown>, pageSetup: {} as Record<string, unknown>, headerFooter: {} as Record<string, unknown>, state: 'visible' }))
  for (const [si, method, ...a] of job.settings) {
    const plan = plans[si]
    const o = opts[si]
    switch (method) {
      case 'freeze_panes': {
        const [row, col] = [num(a[0], 0), num(a[1], 0)]
        if (row === 0 && col === 0) { delete plan.view.state; break }
        const top = num(a[2], row)
        const left = num(a[3], col)
        Object.assign(plan.view, { state: 'frozen', xSplit: col, ySplit: row, topLeftCell: `${colName(left)}${top + 1}` })
        break
      }
      case 'set_landscape': o.pageSetup.orientation = 'landscape'; break
      case 'set_portrait': o.pageSetup.orientation = 'portrait'; break
      case 'set_paper': if (num(a[0], 0) > 0) o.pageSetup.paperSize = num(a[0], 0); break
      case 'repeat_rows': o.pageSetup.printTitlesRow = `${Number(a[0]) + 1}:${num(a[1], Number(a[0])) + 1}`; break
      case 'repeat_columns': o.pageSetup.printTitlesColumn = `${colName(Number(a[0]))}:${colName(num(a[1], Number(a[0])))}`; break
      case 'activate': active = si; o.state = 'visible'; break
      case 'select': plan.selected = true; break
      case 'set_first_sheet': firstSheet = si; break
      case 'hide': o.state = 'hidden'; break
      case 'set_zoom': plan.view.zoomScale = Math.min(400, Math.max(10, num(a[0], 100))); break
      case 'set_margins': o.pageSetup.margins = { left: num(a[0], 0.7), right: num(a[1], 0.7), top: num(a[2], 0.75), bottom: num(a[3], 0.75), header: 0.3, footer: 0.3 }; break
      case 'set_header': o.headerFooter.oddHeader = a[0] === null ? '' : String(a[0]); break
      case 'set_footer': o.headerFooter.oddFooter = a[0] === null ? '' : String(a[0]); break
      case 'set_tab_color': { const c = colorArgb(a[0]); if (c !== undefined) o.properties.tabColor = { argb: c }; break }
      case 'hide_gridlines': if (num(a[0], 1) === 2) plan.view.showGridLines = false; else delete plan.view.showGridLines; break
      case 'fit_to_pages': Object.assign(o.pageSetup, { fitToPage: true, fitToWidth: num(a[0], 1), fitToHeight: num(a[1], 1) }); break
      case 'set_print_scale': o.pageSetup.scale = num(a[0], 100); break
      case 'center_horizontally': o.pageSetup.horizontalCentered = true; break
      case 'center_vertically': o.pageSetup.verticalCentered = true; break
      case 'set_default_row': plan.defaultHeight = num(a[0], 15); o.properties.defaultRowHeight = plan.defaultHeight; break
    }
  }
  // as E::W::X: the active sheet (the first unless activate()d) is also selected
  if (plans[active] !== undefined) plans[active].selected = true
  const sheets: Worksheet[] = job.sheets.map((name, i) => wb.addWorksheet(name, {
    ...opts[i],
    views: [{ ...plans[i].view, ...(plans[i].selected ? { tabSelected: true } : {}) }],
  } as never))
  wb.views = [{ x: 0, y: 0, width: 16384, height: 8192, firstSheet, activeTab: active, visibility: 'visible' }]
  for (const [si, method, ...a] of job.settings) {
    const ws = sheets[si]
    const plan = plans[si]
    switch (method) {
      case 'set_column': {
        const [first, last] = [Number(a[0]), Number(a[1])]
        const hidden = truthy(a[4])
        const width = a[2] === null || a[2] === undefined ? (hidden ? 0 : 8.43) : num(a[2], 8.43)
        for (let c = Math.min(first, last); c <= Math.max(first, last); c++) {
          const col: Partial<Column> = ws.getColumn(c + 1)
          col.width = fileWidth(width)
          if (hidden) col.hidden = true
          if (truthy(a[5])) col.outlineLevel = num(a[5], 0)
          if (a[3] !== null && a[3] !== undefined) { plan.colFmt.set(c, Number(a[3])); col.style = styleOf(Number(a[3])) as Style }
        }
        break
      }
      case 'set_row':
        plan.rows.set(Number(a[0]), { height: a[1] === null || a[1] === undefined ? null : num(a[1], 15), fmt: a[2] === null || a[2] === undefined ? null : Number(a[2]), hidden: truthy(a[3]), level: num(a[4], 0) })
        break
      case 'merge':
        ws.mergeCells(Number(a[0]) + 1, Number(a[1]) + 1, Number(a[2]) + 1, Number(a[3]) + 1)
        break
      case 'autofilter':
        ws.autoFilter = { from: { row: Number(a[0]) + 1, column: Number(a[1]) + 1 }, to: { row: Number(a[2]) + 1, column: Number(a[3]) + 1 } }
        break
    }
  }

  const reader = new CellReader(job.chunks)
  const order = writingOrder(job.chunks)
  job.chunks = []
  let j = 0
  for (let si = 0; si < sheets.length; si++) {
    const ws = sheets[si]
    const plan = plans[si]
    // rows with a set_row but no cells are written too, in order among the others
    const setRows = [...plan.rows.keys()].sort((x, y) => x - y)
    let k = 0
    const applyRow = (row: Row, r: number): number | null => {
      const s = plan.rows.get(r)
      if (s === undefined) return null
      if (s.height !== null && s.height !== plan.defaultHeight) row.height = s.height
      if (s.hidden) row.hidden = true
      if (s.level > 0) row.outlineLevel = s.level
      if (s.fmt !== null) (row as unknown as { style: Partial<Style> }).style = styleOf(s.fmt)
      return s.fmt
    }
    for (;;) {
      const { c, i } = j < order.length ? reader.at(order[j]) : { c: null, i: 0 }
      const cellRow = c !== null && c.sheet[i] === si ? c.row[i] : Infinity
      const nextSet = k < setRows.length ? setRows[k] : Infinity
      const r = Math.min(cellRow, nextSet)
      if (r === Infinity) break
      if (nextSet === r) k++
      const row = ws.getRow(r + 1)
      const rowFmt = applyRow(row, r)
      for (; j < order.length; j++) {
        const g = order[j]
        const { c: cc, i: ci } = reader.at(g)
        if (cc.sheet[ci] !== si || cc.row[ci] !== r) break
        const col = cc.col[ci]
        const kind = cc.kind[ci]
        let fmt = cc.fmt[ci]
        if (fmt < 0) fmt = rowFmt ?? plan.colFmt.get(col) ?? -1
        const cell = row.getCell(col + 1)
        switch (kind) {
          case KIND.s: cell.value = reader.value(g); break
          case KIND.n: cell.value = cc.num[ci]; break
          case KIND.B: cell.value = cc.num[ci] !== 0; break
          case KIND.b: if (fmt < 0) continue; cell.value = null; break
          case KIND.f: {
            const formula = reader.value(g).replace(/^=/, '')
            const x = reader.extra(g)
            const result = x === null ? 0 : /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(x) ? Number(x) : x
            cell.value = { formula, result } as never
            break
          }
          case KIND.u: {
            const url = reader.value(g)
            const x = reader.extra(g)
            const target = url.replace(/^(internal|external):/, '')
            cell.value = { text: x ?? target, hyperlink: target } as never
            if (fmt < 0) fmt = -2
            break
          }
        }
        cell.style = (fmt === -1 ? plain : styleOf(fmt)) as Style
      }
      row.commit()
    }
    ws.commit()
  }
  await wb.commit()
}
