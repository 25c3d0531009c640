// Excel::Writer::XLSX format properties -> exceljs cell styles. The rules
// are E::W::X's own (Format.pm, Workbook.pm _prepare_fills/_prepare_num_formats,
// Package/Styles.pm), so a facade script's workbook reads back like the real
// module's: the same colour indexes, the same fg/bg swap for solid fills,
// the same built-in number format indexes.
import type { Alignment, Border, Borders, Fill, FillPattern, Font, Style } from 'exceljs'

/** A format as the facade sends it: E::W::X property names, values as the user gave them. */
export type FormatProps = Record<string, unknown>

const COLOR_NAMES: Record<string, number> = {
  aqua: 0x0F, cyan: 0x0F, black: 0x08, blue: 0x0C, brown: 0x10, magenta: 0x0E, fuchsia: 0x0E,
  gray: 0x17, grey: 0x17, green: 0x11, lime: 0x0B, navy: 0x12, orange: 0x35, pink: 0x21,
  purple: 0x14, red: 0x0A, silver: 0x16, white: 0x09, yellow: 0x0D,
}

// Workbook.pm set_color_palette: indexes 8..63
const PALETTE = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080',
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF',
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
]

/** E::W::X's _get_color then _get_palette_color: an ARGB string, or undefined for "no colour" (0). */
export function colorArgb (v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined
  const s = String(v)
  const rgb = /^#([0-9A-F]{6})$/i.exec(s)
  if (rgb !== null) return 'FF' + rgb[1].toUpperCase()
  let index = COLOR_NAMES[s.toLowerCase()]
  if (index === undefined) {
    if (!/^\d+$/.test(s)) return undefined
    index = Number(s)
    if (index < 8) index += 8
    if (index > 63) return undefined
  }
  return 'FF' + PALETTE[index - 8]
}

const PATTERNS = [
  'none', 'solid', 'mediumGray', 'darkGray', 'lightGray', 'darkHorizontal', 'darkVertical', 'darkDown', 'darkUp',
  'darkGrid', 'darkTrellis', 'lightHorizontal', 'lightVertical', 'lightDown', 'lightUp', 'lightGrid', 'lightTrellis',
  'gray125', 'gray0625',
] as const

const BORDER_STYLES = [
  undefined, 'thin', 'medium', 'dashed', 'dotted', 'thick', 'double', 'hair', 'mediumDashed', 'dashDot',
  'mediumDashDot', 'dashDotDot', 'mediumDashDotDot', 'slantDashDot',
] as const

// Excel's built-in number formats by index; exceljs maps these strings back
// to their built-in ids where it knows them (the rest become custom formats)
const BUILTIN_NUM_FORMATS: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00',
  5: '"$"#,##0_);\\("$"#,##0\\)', 6: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  7: '"$"#,##0.00_);\\("$"#,##0.00\\)', 8: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??', 14: 'mm-dd-yy', 15: 'd-mmm-yy',
  16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)', 42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)', 44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
}

/** E::W::X's set_*(undef) means 1; 0, '0' and '' are off. */
function flag (v: unknown): number {
  if (v === null || v === undefined || v === true) return 1
  if (v === false || v === '') return 0
  const n = Number(v)
  return Number.isFinite(n) ? n : 1
}

function has (p: FormatProps, k: string): boolean { return Object.prototype.hasOwnProperty.call(p, k) }

/** The number format string exceljs should write, or undefined for General. */
export function numFormat (v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined
  const s = String(v)
  if (/^\d+$/.test(s) && !/^0+\d/.test(s)) {
    const i = Number(s) === 0 ? 1 : Number(s)
    return BUILTIN_NUM_FORMATS[i]
  }
  if (s === 'General' || s === '') return undefined
  return s
}

function font (p: FormatProps): Partial<Font> {
  const name = has(p, 'font') && p.font !== null ? String(p.font) : 'Calibri'
  const size = has(p, 'size') && p.size !== null && Number.isFinite(Number(p.size)) ? Number(p.size) : 11
  const color = colorArgb(has(p, 'color') ? p.color : p.font_color)
  const f: Partial<Font> = { name, size, family: has(p, 'font_family') ? flag(p.font_family) : 2 }
  if (name === 'Calibri') f.scheme = 'minor'
  const theme = has(p, 'theme') ? flag(p.theme) : 0
  f.color = color !== undefined ? { argb: color } : { theme: theme > 0 ? theme : 1 } as Font['color']
  if (has(p, 'bold') && flag(p.bold)) f.bold = true
  if (has(p, 'italic') && flag(p.italic)) f.italic = true
  if (has(p, 'font_strikeout') && flag(p.font_strikeout)) f.strike = true
  if (has(p, 'font_outline') && flag(p.font_outline)) f.outline = true
  if (has(p, 'underline')) {
    const u = flag(p.underline)
    if (u === 2) f.underline = 'double'
    else if (u === 33) f.underline = 'singleAccounting'
    else if (u === 34) f.underline = 'doubleAccounting'
    else if (u !== 0) f.underline = true
  }
  if (has(p, 'font_script')) {
    const s = flag(p.font_script)
    if (s === 1) f.vertAlign = 'superscript'
    else if (s === 2) f.vertAlign = 'subscript'
  }
  if (has(p, 'font_charset')) f.charset = flag(p.font_charset)
  return f
}

// E::W::X's _text_h_align / _text_v_align codes
const H_CODE: Record<string, number> = {
  left: 1, centre: 2, center: 2, right: 3, fill: 4, justify: 5, center_across: 6, centre_across: 6, merge: 6,
  distributed: 7, equal_space: 7, justify_distributed: 7,
}
const V_CODE: Record<string, number> = { top: 1, vcentre: 2, vcenter: 2, bottom: 3, vjustify: 4, vdistributed: 5, vequal_space: 5 }
const H_NAME: Array<Alignment['horizontal'] | undefined> = [undefined, 'left', 'center', 'right', 'fill', 'justify', 'centerContinuous', 'distributed']
const V_NAME: Array<Alignment['vertical'] | undefined> = [undefined, 'top', 'middle', 'bottom', 'justify', 'distributed']

/** Format.pm get_align_properties: the same adjustments (indent forces left, shrink dropped where Excel ignores it). */
function alignment (p: FormatProps): Partial<Alignment> | undefined {
  let h = 0
  let v = 0
  // align and valign both go through E::W::X's set_align: either may carry either direction
  for (const k of ['align', 'valign']) {
    if (!has(p, k) || p[k] === null || /\d/.test(String(p[k]))) continue
    const name = String(p[k]).toLowerCase()
    if (H_CODE[name] !== undefined) h = H_CODE[name]
    if (V_CODE[name] !== undefined) v = V_CODE[name]
  }
  if (has(p, 'center_across') && flag(p.center_across)) h = 6
  const indent = has(p, 'indent') ? flag(p.indent) : 0
  const wrap = has(p, 'text_wrap') ? flag(p.text_wrap) : 0
  let shrink = has(p, 'shrink') ? flag(p.shrink) : 0
  const order = has(p, 'reading_order') ? flag(p.reading_order) : 0
  let rotation = 0
  if (has(p, 'rotation') && p.rotation !== null && /^[+-]?(?=\d|\.\d)\d*(\.\d*)?([Ee][+-]?\d+)?$/.test(String(p.rotation))) {
    const r = Math.trunc(Number(p.rotation))
    if (r === 270 || (r >= -90 && r <= 90)) rotation = r
  }
  if (h === 0 && v === 0 && indent === 0 && rotation === 0 && wrap === 0 && shrink === 0 && order === 0) return undefined
  if (indent !== 0 && h !== 1 && h !== 3 && h !== 7) h = 1
  if (wrap !== 0 || h === 4 || h === 5 || h === 7) shrink = 0
  const a: Partial<Alignment> = {}
  if (H_NAME[h] !== undefined) a.horizontal = H_NAME[h]
  // bottom is Excel's default and E::W::X leaves it out; an alignment with nothing in it
  // still marks the xf applyAlignment, as E::W::X's does
  if (v !== 3 && V_NAME[v] !== undefined) a.vertical = V_NAME[v]
  if (indent > 0) a.indent = indent
  if (rotation === 270) a.textRotation = 'vertical'
  else if (rotation !== 0) a.textRotation = rotation
  if (wrap !== 0) a.wrapText = true
  if (shrink !== 0) a.shrinkToFit = true
  if (order === 1) a.readingOrder = 'ltr'
  else if (order === 2) a.readingOrder = 'rtl'
  return a
}

function fill (p: FormatProps): Fill | undefined {
  let pattern = has(p, 'pattern') ? flag(p.pattern) : 0
  if (!(pattern >= 0 && pattern < PATTERNS.length)) pattern = 0
  let bg = colorArgb(p.bg_color)
  let fg = colorArgb(p.fg_color)
  // Workbook.pm _prepare_fills: a solid fill swaps fg and bg; a colour without a pattern means solid
  if (pattern === 1 && bg !== undefined && fg !== undefined) [fg, bg] = [bg, fg]
  if (pattern <= 1 && bg !== undefined && fg === undefined) { fg = bg; bg = undefined; pattern = 1 }
  if (pattern <= 1 && bg === undefined && fg !== undefined) pattern = 1
  if (pattern === 0 && fg === undefined && bg === undefined) return undefined
  const f: FillPattern = { type: 'pattern', pattern: PATTERNS[pattern] }
  if (fg !== undefined) f.fgColor = { argb: fg }
  if (bg !== undefined) f.bgColor = { argb: bg }
  // E::W::X writes bgColor indexed 64 (system background) for a solid fill without one
  else if (pattern <= 1) f.bgColor = { indexed: 64 } as FillPattern['bgColor']
  return f
}

function borders (p: FormatProps): Partial<Borders> | undefined {
  const b: Partial<Borders> = {}
  for (const side of ['left', 'right', 'top', 'bottom'] as const) {
    const style = has(p, side) ? flag(p[side]) : has(p, 'border') ? flag(p.border) : 0
    const name = BORDER_STYLES[style]
    if (name === undefined) continue
    const color = colorArgb(has(p, `${side}_color`) ? p[`${side}_color`] : p.border_color)
    b[side] = { style: name, ...(color !== undefined ? { color: { argb: color } } : {}) } as Border
  }
  if (has(p, 'diag_type') || has(p, 'diag_border')) {
    const type = flag(p.diag_type)
    const style = BORDER_STYLES[has(p, 'diag_border') ? flag(p.diag_border) : 1]
    if (type >= 1 && type <= 3 && style !== undefined) {
      const color = colorArgb(p.diag_color)
      b.diagonal = { up: type === 1 || type === 3, down: type === 2 || type === 3, style, ...(color !== undefined ? { color: { argb: color } } : {}) } as Borders['diagonal']
    }
  }
  return Object.keys(b).length > 0 ? b : undefined
}

/** The exceljs style for one E::W::X format. */
export function toStyle (p: FormatProps): Partial<Style> {
  const s: Partial<Style> = { font: font(p) }
  const nf = numFormat(p.num_format)
  if (nf !== undefined) s.numFmt = nf
  const a = alignment(p)
  if (a !== undefined) s.alignment = a
  const f = fill(p)
  if (f !== undefined) s.fill = f
  const b = borders(p)
  if (b !== undefined) s.border = b as Borders
  const locked = has(p, 'locked') ? flag(p.locked) : 1
  const hidden = has(p, 'hidden') ? flag(p.hidden) : 0
  if (locked === 0 || hidden !== 0) s.protection = { locked: locked !== 0, ...(hidden !== 0 ? { hidden: true } : {}) }
  return s
}

/** E::W::X's default hyperlink format (theme colour 10, underlined: set_hyperlink), used for write_url without a format. */
export const URL_FORMAT: FormatProps = { theme: 10, underline: 1 }
