// The old bridge's xml_helper.xml_in / xml_out shapes, which the User Guide
// documents and scripts calling them directly depend on. They are not
// XML::Simple's (the XML::Simple facade uses simple-in.ts/simple-out.ts):
//   in:  attributes as '@name' keys, repeated elements as arrays (no KeyAttr
//        folding), an element's leading text trimmed (as 'content' beside
//        attributes or children), an empty element undef ('' or {} with
//        SuppressEmpty '' or 1; SuppressEmpty true also drops attributes),
//        the root's name left out (KeepRoot false unwraps a single key);
//   out: '@name' keys as attributes, 'content' as text, arrays as repeated
//        elements, under RootName (default 'opt'), unindented, an empty
//        element as `<x />`, XMLDecl prepending the declaration.
import type { XmlElement } from './sax-tree.js'

type Options = Record<string, unknown>

/** Python's truthiness, which the old helper's option checks used. */
const truthy = (v: unknown): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0))

export function oldIn (root: XmlElement, options: Options): unknown {
  const result = element(root, options)
  const keepRoot = 'KeepRoot' in options ? options.KeepRoot : 1
  if (!truthy(keepRoot) && isObject(result)) {
    const keys = Object.keys(result)
    if (keys.length === 1) return result[keys[0]]
  }
  return result
}

function isObject (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function element (el: XmlElement, options: Options): unknown {
  const result: Record<string, unknown> = {}
  if (el.attrs.length > 0 && !truthy(options.SuppressEmpty)) {
    for (const [k, v] of el.attrs) result[`@${k}`] = v
  }
  const groups = new Map<string, XmlElement[]>()
  for (const c of el.children) {
    if (typeof c === 'string') continue
    const g = groups.get(c.name)
    if (g === undefined) groups.set(c.name, [c])
    else g.push(c)
  }
  for (const [tag, kids] of groups) result[tag] = kids.length === 1 ? element(kids[0], options) : kids.map(k => element(k, options))
  // ElementTree's element.text: the text before the first child element only
  const lead = typeof el.children[0] === 'string' ? (el.children[0]).trim() : ''
  if (lead !== '') {
    if (Object.keys(result).length > 0) result.content = lead
    else return lead
  }
  if (Object.keys(result).length === 0) {
    const se = options.SuppressEmpty
    if (se === '') return ''
    if (se === undefined || se === null) return null
    return {}
  }
  return result
}

export function oldOut (data: unknown, options: Options): string {
  const rootName = typeof options.RootName === 'string' && options.RootName !== '' ? options.RootName : 'opt'
  const root: OutElement = { name: rootName, attrs: [], text: null, children: [] }
  fill(root, data)
  const xml = serialise(root)
  return truthy(options.XMLDecl) ? `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` : xml
}

interface OutElement { name: string, attrs: Array<[string, string]>, text: string | null, children: OutElement[] }

/** Python's str() of a JSON value. */
function str (v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function fill (parent: OutElement, data: unknown): void {
  if (isObject(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith('@')) {
        const name = key.slice(1)
        const i = parent.attrs.findIndex(([k]) => k === name)
        if (i >= 0) parent.attrs[i][1] = str(value)
        else parent.attrs.push([name, str(value)])
      } else if (key === 'content') {
        parent.text = (parent.text ?? '') + str(value)
      } else {
        for (const item of Array.isArray(value) ? value : [value]) {
          const child: OutElement = { name: key, attrs: [], text: null, children: [] }
          parent.children.push(child)
          fill(child, item)
        }
      }
    }
  } else if (Array.isArray(data)) {
    for (const item of data) fill(parent, item)
  } else {
    parent.text = (parent.text ?? '') + (data === null || data === undefined ? '' : str(data))
  }
}

const escText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escAttr = (s: string): string => escText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#09;')

/** ElementTree's tostring: no indentation, `<x />` when there is neither text nor a child. */
function serialise (el: OutElement): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escAttr(v)}"`).join('')
  if ((el.text === null || el.text === '') && el.children.length === 0) return `<${el.name}${attrs} />`
  return `<${el.name}${attrs}>${escText(el.text ?? '')}${el.children.map(serialise).join('')}</${el.name}>`
}
