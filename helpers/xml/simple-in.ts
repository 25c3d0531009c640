// XML::Simple's XMLin collapse (stub until its owner fills it in).
import type { XmlElement } from './sax-tree.js'

export type SimpleInOptions = Record<string, unknown>

export function simpleIn (root: XmlElement, options: SimpleInOptions): unknown {
  void root; void options
  throw new Error('simpleIn: not built yet')
}
