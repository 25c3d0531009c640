// XPath evaluation in the XML worker (stub until its owner fills it in).
import type { Document, Node } from 'libxmljs2'

export type XPathResult =
  | { type: 'nodeset', nodes: number[] }
  | { type: 'literal', value: string }
  | { type: 'number', value: number }
  | { type: 'boolean', value: boolean }

export function xpathFind (doc: Document, nodes: readonly Node[], rowOf: (n: Node) => number, expr: string, context: number | null, namespaces?: Record<string, string>): XPathResult {
  void doc; void nodes; void rowOf; void expr; void context; void namespaces
  throw new Error('xpathFind: not built yet')
}
