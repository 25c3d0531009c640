// The light element tree XMLin collapses (simple-in.ts): elements with their
// attributes in document order and their children, adjacent text and CDATA
// merged into one string as XML::Parser's handlers see them; comments and
// processing instructions dropped, as XML::Simple drops them.
import { saxParse } from './sax-parse.js'
import { MAX_TEXT_CHARS, XmlParseError, type XmlLimits } from './limits.js'

export { loadSaxes } from './sax-parse.js'

export interface XmlElement { name: string, attrs: Array<[string, string]>, children: Array<XmlElement | string> }

/** Parses a document (see saxParse for bytes vs string) into its root element. */
export function parseTree (input: string | Buffer, limits: XmlLimits): XmlElement {
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  saxParse(input, limits, {
    open: (name, attributes) => {
      const el: XmlElement = { name, attrs: Object.entries(attributes), children: [] }
      const top = stack[stack.length - 1]
      if (top !== undefined) top.children.push(el)
      else root = el
      stack.push(el)
    },
    close: () => { stack.pop() },
    text: s => {
      const top = stack[stack.length - 1]
      if (top === undefined) return // whitespace outside the root: saxes refuses anything else
      const kids = top.children
      const last = kids.length - 1
      if (last >= 0 && typeof kids[last] === 'string') {
        const joined = (kids[last] as string) + s
        if (joined.length > MAX_TEXT_CHARS) throw new XmlParseError(`text node longer than ${MAX_TEXT_CHARS} characters`)
        kids[last] = joined
      } else {
        kids.push(s)
      }
    },
  })
  return root as XmlElement
}
