// XPath evaluation in the XML worker: an XML::XPath expression (see expr.ts)
// evaluated by libxml2 on a document kept in this worker, answered as rows
// of the generic tree (node sets, in document order) or a value.
//
// libxmljs2 wraps every node of a node-set result in a JavaScript object by
// writing into the node; for the document node that write would clobber the
// document's own wrapper, and libxmljs2 only searches from an element. So:
// the document node never reaches libxmljs2 in a result (an expression that
// may select it is asked as `(E)[..]`, and `boolean((E)[not(..)])` says
// whether it was there), and a context that is not an element (the
// document, an attribute, a text node) becomes a path the expression starts
// from.
import type { Attribute, Document, Element, Node } from 'libxmljs2'
import { BackendError } from '../../src/errors.js'
import { compile, XPathSyntaxError } from './expr.js'

export type XPathResult =
  | { type: 'nodeset', nodes: number[] }
  | { type: 'literal', value: string }
  | { type: 'number', value: number }
  | { type: 'boolean', value: boolean }

/** Whether some unprefixed element has a namespace (then unprefixed name tests need XML::XPath's reading); per document. */
const defaultNamespaced = new WeakMap<Document, boolean>()

function hasDefaultNamespaces (doc: Document): boolean {
  let known = defaultNamespaced.get(doc)
  if (known === undefined) {
    known = doc.root()?.find("boolean(//*[namespace-uri() != '' and not(contains(name(), ':'))])") as unknown === true
    defaultNamespaced.set(doc, known)
  }
  return known
}

// libxmljs2's types omit 'dtd' (the DOCTYPE node among the document's children) and cdata
/**
 * Whether the document has CDATA (the only way libxml2 leaves text nodes side by side, which XML::XPath's
 * parser makes one); per document. Looked up in the rows, not with XPath: preceding-sibling::node()[1]
 * is quadratic in libxml2 (40 s on a 2 MB feed).
 */
const mergedTexts = new WeakMap<Document, boolean>()

function hasMergedText (doc: Document, nodes: ReadonlyArray<Node | Document>): boolean {
  let known = mergedTexts.get(doc)
  if (known === undefined) {
    known = nodes.some(n => n !== doc && (n as AnyNode).type() === 'cdata')
    mergedTexts.set(doc, known)
  }
  return known
}

type AnyNode = Omit<Node, 'type' | 'parent' | 'prevSibling'> & { parent: () => Node | Document, prevSibling: () => AnyNode | null, type: () => string }

/** 1-based position among the node's siblings as the XPath child axis counts them (the DTD node is not one). */
function childPosition (n: AnyNode): number {
  let k = 1
  for (let s = n.prevSibling(); s !== null; s = s.prevSibling()) {
    if (s.type() !== 'dtd') k++
  }
  return k
}

function isDocument (n: unknown, doc: Document): boolean { return n === doc }

/** An absolute path that selects exactly this node, by positions only (no names, so no namespace prefixes). */
function pathOf (n: AnyNode, doc: Document): string {
  if (n.type() === 'attribute') {
    const owner = n.parent() as unknown as Element
    const k = owner.attrs().indexOf(n as unknown as Attribute) + 1
    return `${pathOf(owner as unknown as AnyNode, doc)}/@*[${k}]`
  }
  const parent = n.parent()
  const base = isDocument(parent, doc) ? '' : pathOf(parent as AnyNode, doc)
  return `${base}/node()[${childPosition(n)}]`
}

type Found = Node[] | string | number | boolean | undefined

/** nodes[row] is the libxmljs2 object of each row of the generic tree (row 0: the document); rowOf maps back (-1: not a row). */
export function xpathFind (doc: Document, nodes: ReadonlyArray<Node | Document>, rowOf: (n: Node | Document) => number, expr: string, context: number | null, namespaces?: Record<string, string>): XPathResult {
  const root = doc.root()
  if (root === null) throw new BackendError('the document has no root element', 'xpath')
  const ctx = context === null || context === 0 ? null : nodes[context] as AnyNode | undefined
  if (context !== null && context !== 0 && ctx === undefined) throw new BackendError(`no node at row ${context}`, 'xpath_context')
  const isElement = ctx !== null && ctx !== undefined && ctx.type() === 'element'
  const from = isElement ? ctx as unknown as Element : root
  const contextPath = ctx === null || ctx === undefined ? '/' : isElement ? null : pathOf(ctx, doc) + '/'
  const ns = namespaces ?? {}
  let compiled
  try {
    compiled = compile(expr, { namespaces: ns, defaultNamespaces: hasDefaultNamespaces(doc), mergedText: hasMergedText(doc, nodes), contextPath })
  } catch (err) {
    if (err instanceof XPathSyntaxError) throw new BackendError(err.message, 'xpath', { final: err.final })
    throw err
  }
  const ask = (text: string): Found => (Object.keys(ns).length > 0 ? from.find(text, ns) : from.find(text)) as unknown as Found
  if (compiled.type !== 'nodeset') {
    const r = ask(compiled.text)
    if (typeof r === 'number') {
      // XML::XPath's div answers a division by zero with the Literal 'Infinity', '-Infinity' or 'NaN'
      if (compiled.topDiv && !Number.isFinite(r)) return { type: 'literal', value: Number.isNaN(r) ? 'NaN' : r > 0 ? 'Infinity' : '-Infinity' }
      return { type: 'number', value: r }
    }
    if (typeof r === 'string') return { type: 'literal', value: r }
    if (typeof r === 'boolean') return { type: 'boolean', value: r }
    if (Array.isArray(r)) return { type: 'nodeset', nodes: rows(r, rowOf) }
    throw new BackendError(`libxml2 could not evaluate the XPath expression: ${expr}`, 'xpath')
  }
  if (!compiled.mayHoldRoot) {
    const r = ask(compiled.text)
    if (!Array.isArray(r)) throw new BackendError(`libxml2 could not evaluate the XPath expression: ${expr}`, 'xpath')
    return { type: 'nodeset', nodes: rows(r, rowOf) }
  }
  const r = ask(`(${compiled.text})[..]`)
  if (!Array.isArray(r)) throw new BackendError(`libxml2 could not evaluate the XPath expression: ${expr}`, 'xpath')
  const found = rows(r, rowOf)
  // the document node is first in document order
  if (ask(`boolean((${compiled.text})[not(..)])`) === true) found.unshift(0)
  return { type: 'nodeset', nodes: found }
}

function rows (found: Node[], rowOf: (n: Node | Document) => number): number[] {
  const out: number[] = []
  for (const n of found) {
    const r = rowOf(n)
    if (r >= 0) out.push(r)
  }
  return out
}
