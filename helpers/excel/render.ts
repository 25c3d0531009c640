// Builds the .xlsx from a closed workbook with exceljs's streaming writer,
// rows in order, so only the row being written is a JavaScript object. Runs
// in a save worker (save-worker.ts), never on the daemon's event loop.
import type { Writable } from 'node:stream'
import type { Column, Style, Worksheet } from 'exceljs'
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
  repeatRows?: string
  repeatCols?: string
  filter?: string
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

const COL_NAMES: string[] = []

function colName (c: number): string {
  let s = COL_NAMES[c]
  if (s !== undefined) return s
  s = ''
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  COL_NAMES[c] = s
  return s
}

const num = (v: unknown, dflt: number): number => v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? dflt : Number(v)
const truthy = (v: unknown): boolean => v !== null && v !== undefined && v !== 0 && v !== '0' && v !== '' && v !== false

export async function render (job: SaveJob, out: { filename: string } | { stream: Writable }): Promise<void> {
  const ExcelJS = (await import('exceljs')).default
  // inline strings: a shared-strings table would hold every distinct string of the workbook until the end
  const Base = ExcelJS.stream.xlsx.WorkbookWriter
  /**
   * The theme written without indentation: Spreadsheet::ParseXLSX reads the colour scheme
   * of a compact theme only (of exceljs's indented one it finds one colour, and every font
   * in a theme colour, the default one included, loses its colour). The writer's
   * constructor adds the theme, hence a subclass.
   */
  class Writer extends Base {
    override addThemes (): Promise<void> {
      const zip = (this as unknown as ZipInternals).zip
      const append = zip.append
      zip.append = (data, o) => append.call(zip, o.name === 'xl/theme/theme1.xml' && typeof data === 'string' ? data.replace(/>\s+</g, '><') : data, o)
      try {
        return (Base.prototype as unknown as { addThemes: () => Promise<void> }).addThemes.call(this)
      } finally {
        zip.append = append
      }
    }
  }
  // the <dimension> of each sheet, put into its header as the header is written (exceljs writes none)
  const dims = dimensions(job)
  class Writer2 extends Writer {
    _openStream (name: string): unknown {
      const stream = (Writer.prototype as unknown as { _openStream: (n: string) => HeaderStream })._openStream.call(this, name)
      const m = /^\/xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)
      if (m === null) return stream
      const write = stream.write
      stream.write = (data: unknown) => {
        stream.write = write
        const text = typeof data === 'string' ? data : (data as { toBuffer: () => Buffer }).toBuffer().toString('utf8')
        return write.call(stream, text.replace('<sheetViews>', `<dimension ref="${dims[Number(m[1]) - 1]}"/><sheetViews>`))
      }
      return stream
    }
  }
  const wb = new Writer2({ ...out, useStyles: true, useSharedStrings: false })
  // the workbook's defined names as E::W::X writes them (exceljs escapes the apostrophes of quoted sheet names)
  const zip = (wb as unknown as ZipInternals).zip
  const zipAppend = zip.append
  zip.append = (data, o) => zipAppend.call(zip, o.name === '/xl/workbook.xml' && typeof data === 'string' ? withDefinedNames(data, job.sheets, plans) : data, o)
  const formats = new Map(job.formats)
  const styles = new Map<number, Partial<Style>>()
  // one style object per format: exceljs caches a style's id by object identity
  const styleOf = (fmt: number): Partial<Style> => {
    let s = styles.get(fmt)
    if (s === undefined) { s = fmt === -2 ? toStyle(URL_FORMAT) : toStyle(formats.get(fmt) ?? {}); styles.set(fmt, s) }
    return s
  }

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
      case 'repeat_rows': plan.repeatRows = `$${Number(a[0]) + 1}:$${num(a[1], Number(a[0])) + 1}`; break
      case 'repeat_columns': plan.repeatCols = `$${colName(Number(a[0]))}:$${colName(num(a[1], Number(a[0])))}`; break
      // Worksheet.pm's activate/select/hide/set_first_sheet, in call order: hide() resets the
      // active and the first sheet to the first one
      case 'activate': active = si; plan.selected = true; o.state = 'visible'; break
      case 'select': plan.selected = true; o.state = 'visible'; break
      case 'set_first_sheet': firstSheet = si; o.state = 'visible'; break
      case 'hide': o.state = 'hidden'; plan.selected = false; active = 0; firstSheet = 0; break
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
  // as E::W::X: with the first sheet active, it is selected and visible
  if (active === 0 && plans.length > 0) { plans[0].selected = true; opts[0].state = 'visible' }
  const sheets: Worksheet[] = job.sheets.map((name, i) => wb.addWorksheet(name, {
    ...opts[i],
    views: [{ ...plans[i].view, ...(plans[i].selected ? { tabSelected: true } : {}) }],
  } as never))
  sheets.forEach((ws, i) => {
    // as E::W::X: no <pageSetup> unless the script changed the page (exceljs writes its defaults,
    // which Spreadsheet::ParseXLSX reads as a paper size, a scale and an orientation)
    const ps = opts[i].pageSetup
    if (!['orientation', 'paperSize', 'scale', 'fitToPage'].some(k => k in ps)) (ws as unknown as SheetInternals)._writePageSetup = () => {}
  })

  // E::W::X's window, and its firstSheet written one more than the index (and neither when 0)
  wb.views = [{ x: 240, y: 15, width: 16095, height: 9660, ...(firstSheet > 0 ? { firstSheet: firstSheet + 1 } : {}), ...(active > 0 ? { activeTab: active } : {}), visibility: 'visible' } as never]
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
      case 'merge': {
        // straight into the merge list: exceljs's mergeCells makes Row objects for the covered cells
        const [r1, c1, r2, c2] = [Number(a[0]), Number(a[1]), Number(a[2]), Number(a[3])]
        const ref = `${colName(Math.min(c1, c2))}${Math.min(r1, r2) + 1}:${colName(Math.max(c1, c2))}${Math.max(r1, r2) + 1}`;
        (ws as unknown as SheetInternals)._merges.push(ref)
        break
      }
      case 'autofilter': {
        const [r1, c1, r2, c2] = [Number(a[0]), Number(a[1]), Number(a[2]), Number(a[3])]
        ws.autoFilter = { from: { row: Math.min(r1, r2) + 1, column: Math.min(c1, c2) + 1 }, to: { row: Math.max(r1, r2) + 1, column: Math.max(c1, c2) + 1 } }
        plan.filter = `$${colName(Math.min(c1, c2))}$${Math.min(r1, r2) + 1}:$${colName(Math.max(c1, c2))}$${Math.max(r1, r2) + 1}`
        break
      }
    }
  }

  const reader = new CellReader(job.chunks)
  const order = writingOrder(job.chunks)
  job.chunks = []
  // exceljs's style ids, one lookup per format (its cache is keyed by the style object)
  const styleIds = new Map<number, number>()
  const wbStyles = (wb as unknown as { styles: { addStyleModel: (s: Partial<Style>, cellType: number) => number } }).styles
  const sid = (fmt: number): number => {
    const known = styleIds.get(fmt)
    if (known !== undefined) return known
    const id = wbStyles.addStyleModel(styleOf(fmt), 2)
    styleIds.set(fmt, id)
    return id
  }
  const rowsOut = { n: 0 }
  let j = 0
  for (let si = 0; si < sheets.length; si++) {
    const ws = sheets[si] as unknown as SheetInternals
    const plan = plans[si]
    // The rows are written here, as XML, into exceljs's sheet stream: a Row and a Cell
    // object per cell was most of the save's time. exceljs writes the rest of the file.
    ws._writeColumns()
    ws._writeOpenSheetData()
    ws.startedData = true
    const links: string[] = []
    ws._writeHyperlinks = () => { if (links.length > 0) ws.stream.write(`<hyperlinks>${links.join('')}</hyperlinks>`) }
    const setRows = [...plan.rows.keys()].sort((x, y) => x - y)
    let k = 0
    let xml = ''
    for (;;) {
      const { c, i } = j < order.length ? reader.at(order[j]) : { c: null, i: 0 }
      const cellRow = c !== null && c.sheet[i] === si ? c.row[i] : Infinity
      const nextSet = k < setRows.length ? setRows[k] : Infinity
      const r = Math.min(cellRow, nextSet)
      if (r === Infinity) break
      if (nextSet === r) k++
      const rs = plan.rows.get(r)
      const rowFmt = rs?.fmt ?? null
      let open = `<row r="${r + 1}"`
      if (rs !== undefined) {
        if (rowFmt !== null) open += ` s="${sid(rowFmt)}" customFormat="1"`
        if (rs.height !== null && rs.height !== plan.defaultHeight) open += ` ht="${rs.height}" customHeight="1"`
        if (rs.hidden) open += ' hidden="1"'
        if (rs.level > 0) open += ` outlineLevel="${rs.level}"`
      }
      let body = ''
      for (; j < order.length; j++) {
        const g = order[j]
        const { c: cc, i: ci } = reader.at(g)
        if (cc.sheet[ci] !== si || cc.row[ci] !== r) break
        const col = cc.col[ci]
        let fmt = cc.fmt[ci]
        if (fmt < 0) fmt = rowFmt ?? plan.colFmt.get(col) ?? -1
        const ref = colName(col) + String(r + 1)
        switch (cc.kind[ci]) {
          case KIND.s:
            body += `<c r="${ref}"${fmt >= 0 ? ` s="${sid(fmt)}"` : ''} t="inlineStr"><is>${textNode(reader.value(g))}</is></c>`
            break
          case KIND.n:
            body += `<c r="${ref}"${fmt >= 0 ? ` s="${sid(fmt)}"` : ''}><v>${numText(cc.num[ci])}</v></c>`
            break
          case KIND.B:
            body += `<c r="${ref}"${fmt >= 0 ? ` s="${sid(fmt)}"` : ''} t="b"><v>${cc.num[ci] !== 0 ? 1 : 0}</v></c>`
            break
          case KIND.b:
            if (fmt >= 0) body += `<c r="${ref}" s="${sid(fmt)}"/>`
            break
          case KIND.f: {
            const formula = escapeXml(reader.value(g).replace(/^=/, ''))
            const x = reader.extra(g)
            const s = fmt >= 0 ? ` s="${sid(fmt)}"` : ''
            // E::W::X: the cached value is 0 unless given; a non-numeric one is a string result
            if (x === null || NUMERIC.test(x)) body += `<c r="${ref}"${s}><f>${formula}</f><v>${x === null ? 0 : numText(Number(x))}</v></c>`
            else body += `<c r="${ref}"${s} t="str"><f>${formula}</f><v>${escapeXml(x)}</v></c>`
            break
          }
          case KIND.u: {
            const link = hyperlink(reader.value(g), reader.extra(g))
            if (fmt < 0) fmt = -2
            body += `<c r="${ref}" s="${sid(fmt)}" t="inlineStr"><is>${textNode(link.display)}</is></c>`
            if (link.target !== undefined) {
              const rid = ws._sheetRelsWriter._writeRelationship({ Target: link.target, Type: HYPERLINK_REL, TargetMode: 'External' })
              links.push(`<hyperlink ref="${ref}" r:id="${rid}"${link.location !== undefined ? ` location="${escapeXml(link.location)}"` : ''}/>`)
            } else {
              links.push(`<hyperlink ref="${ref}" location="${escapeXml(link.location ?? '')}" display="${escapeXml(link.display)}"/>`)
            }
            break
          }
        }
      }
      xml += body === '' ? open + '/>' : open + '>' + body + '</row>'
      if (xml.length > 65536) {
        ws.stream.write(xml)
        xml = ''
        // let the zip take what was written, so the sheet's XML never piles up in memory
        if (++rowsOut.n % 16 === 0) await new Promise(resolve => setImmediate(resolve))
      }
    }
    if (xml !== '') ws.stream.write(xml)
    ws.commit()
  }
  await wb.commit()
}

interface ZipInternals { zip: { append: (data: unknown, opts: { name: string }) => unknown } }

/** The parts of exceljs's streaming sheet that the direct row writer uses. */
interface SheetInternals {
  _writeColumns: () => void
  _writeOpenSheetData: () => void
  startedData: boolean
  stream: { write: (s: string) => void }
  _sheetRelsWriter: { _writeRelationship: (r: { Target: string, Type: string, TargetMode: string }) => string }
  _writeHyperlinks: () => void
  _merges: string[]
  _writePageSetup: () => void
  commit: () => void
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/
// characters XML 1.0 cannot carry are dropped (as exceljs does); the rest escaped
const XML_SPECIAL = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/

function escapeXml (s: string): string {
  if (!XML_SPECIAL.test(s)) return s
  return s.replace(/[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, ch => ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : '')
}

/** An inline string's <t>, keeping leading/trailing spaces and newlines as E::W::X does. */
function textNode (s: string): string {
  const e = escapeXml(s)
  return /^\s|\s$/.test(s) ? `<t xml:space="preserve">${e}</t>` : `<t>${e}</t>`
}

function numText (n: number): string {
  return Number.isFinite(n) ? String(n) : '0'
}

interface HeaderStream { write: (data: unknown) => unknown }

const HYPERLINK_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink'

/** E::W::X's write_url: the shown string, and the external target (with its #anchor as location) or the internal location. */
function hyperlink (url: string, str: string | null): { display: string, target?: string, location?: string } {
  if (url.startsWith('internal:')) {
    const location = url.slice(9)
    return { display: str ?? location, location }
  }
  let u = url
  let display = str ?? url.replace(/^(external|mailto):/, '')
  if (u.startsWith('external:')) {
    u = u.slice(9).replace(/\//g, '\\')
    if (str === null) display = display.replace(/\//g, '\\')
    // a Windows drive or a network share becomes a file:/// link
    if (/^[A-Za-z]:|^\\\\/.test(u)) u = 'file:///' + u
  }
  const hash = u.indexOf('#')
  const location = hash >= 0 ? u.slice(hash + 1) : undefined
  return { display, target: escapeUrl(hash >= 0 ? u.slice(0, hash) : u), location: location === '' ? undefined : location }
}

/** E::W::X's _escape_url: left alone when it looks escaped already. */
function escapeUrl (u: string): string {
  if (/%[0-9a-fA-F]{2}/.test(u)) return u
  return u.replace(/%/g, '%25').replace(/[\s\x00]/g, '%20').replace(/["<>[\]`^{}]/g, ch => '%' + ch.charCodeAt(0).toString(16))
}

/** E::W::X's quote_sheetname. */
function quoteSheet (name: string): string {
  return /[^\p{L}\p{N}_]/u.test(name) && !name.startsWith("'") ? `'${name.replace(/'/g, "''")}'` : name
}

/** workbook.xml with the defined names E::W::X writes: autofilters (hidden) and print titles, sorted as it sorts them. */
function withDefinedNames (xml: string, sheets: string[], plans: SheetPlan[]): string {
  const names: Array<[string, number, string, boolean]> = []
  plans.forEach((p, i) => {
    const q = quoteSheet(sheets[i])
    if (p.filter !== undefined) names.push(['_xlnm._FilterDatabase', i, `${q}!${p.filter}`, true])
    if (p.repeatCols !== undefined || p.repeatRows !== undefined) {
      const parts = [p.repeatCols, p.repeatRows].filter((x): x is string => x !== undefined).map(x => `${q}!${x}`)
      names.push(['_xlnm.Print_Titles', i, parts.join(','), false])
    }
  })
  const norm = (n: string): string => n.replace(/^_xlnm./, '').toLowerCase()
  const sheetKey = (r: string): string => r.replace(/^'/, '').toLowerCase()
  names.sort((a, b) => norm(a[0]) < norm(b[0]) ? -1 : norm(a[0]) > norm(b[0]) ? 1 : sheetKey(a[2]) < sheetKey(b[2]) ? -1 : sheetKey(a[2]) > sheetKey(b[2]) ? 1 : 0)
  const text = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const out = names.length === 0 ? '' : '<definedNames>' + names.map(([n, i, r, h]) => `<definedName name="${n}" localSheetId="${i}"${h ? ' hidden="1"' : ''}>${text(r)}</definedName>`).join('') + '</definedNames>'
  const stripped = xml.replace(/<definedNames>.*?<\/definedNames>|<definedNames\/>/s, '')
  return out === '' ? stripped : stripped.replace('<calcPr', `${out}<calcPr`)
}

/**
 * Each sheet's <dimension> as E::W::X computes it: the cells it wrote (a blank only
 * with a format), rows given to set_row, columns given to set_column with a format
 * or hidden with a width.
 */
function dimensions (job: SaveJob): string[] {
  const n = job.sheets.length
  const rmin = new Array<number>(n).fill(Infinity); const rmax = new Array<number>(n).fill(-1)
  const cmin = new Array<number>(n).fill(Infinity); const cmax = new Array<number>(n).fill(-1)
  for (const c of job.chunks) {
    for (let i = 0; i < c.n; i++) {
      if (c.kind[i] === KIND.b && c.fmt[i] < 0) continue
      const s = c.sheet[i]; const r = c.row[i]; const col = c.col[i]
      if (r < rmin[s]) rmin[s] = r
      if (r > rmax[s]) rmax[s] = r
      if (col < cmin[s]) cmin[s] = col
      if (col > cmax[s]) cmax[s] = col
    }
  }
  for (const [s, m, ...a] of job.settings) {
    if (m === 'set_row') {
      const r = Number(a[0])
      rmin[s] = Math.min(rmin[s], r); rmax[s] = Math.max(rmax[s], r)
      // set_row checks the row with the sheet's first column so far (0 when none): the cells' is the best guess here
      const col = cmin[s] === Infinity ? 0 : cmin[s]
      cmin[s] = Math.min(cmin[s], col); cmax[s] = Math.max(cmax[s], col)
    } else if (m === 'dimension') {
      const r = Number(a[0])
      rmin[s] = Math.min(rmin[s], r); rmax[s] = Math.max(rmax[s], r)
      if (a[1] !== null && a[1] !== undefined) { const col = Number(a[1]); cmin[s] = Math.min(cmin[s], col); cmax[s] = Math.max(cmax[s], col) }
    } else if (m === 'set_column' && ((a[3] !== null && a[3] !== undefined) || (truthy(a[2]) && truthy(a[4])))) {
      for (const col of [Number(a[0]), Number(a[1])]) { cmin[s] = Math.min(cmin[s], col); cmax[s] = Math.max(cmax[s], col) }
    }
  }
  const cell = (r: number, c: number): string => colName(c) + String(r + 1)
  return job.sheets.map((_, s) => {
    const hasRows = rmax[s] >= 0
    const hasCols = cmax[s] >= 0
    if (!hasRows && !hasCols) return 'A1'
    if (!hasRows) return cmin[s] === cmax[s] ? cell(0, cmin[s]) : `${cell(0, cmin[s])}:${cell(0, cmax[s])}`
    if (!hasCols) return rmin[s] === rmax[s] ? cell(rmin[s], 0) : `${cell(rmin[s], 0)}:${cell(rmax[s], 0)}`
    return rmin[s] === rmax[s] && cmin[s] === cmax[s] ? cell(rmin[s], cmin[s]) : `${cell(rmin[s], cmin[s])}:${cell(rmax[s], cmax[s])}`
  })
}
