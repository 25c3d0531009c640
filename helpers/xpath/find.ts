// XPath evaluation in the XML worker (stub until its owner fills it in).
import type { Document, Node } from 'libxmljs2'

export type XPathResult =
  | { type: 'nodeset', nodes: number[] }
  | { type: 'literal', value: string }
  | { type: 'number', value: number }
  | { type: 'boolean', value: boolean }

/** nodes[row] is the libxmljs2 object of each row of the generic tree (row 0: the document); rowOf maps back (-1: not a row). */
export function xpathFind (doc: Document, nodes: ReadonlyArray<Node | Document>, rowOf: (n: Node | Document) => number, expr: string, context: number | null, namespaces?: Record<string, string>): XPathResult {
  void doc; void nodes; void rowOf; void expr; void context; void namespaces
  throw new Error('xpathFind: not built yet')
}
