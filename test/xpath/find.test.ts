// xpathFind on documents parsed by libxmljs2 here (as the worker does):
// XML::XPath's name-test reading, the document node in results, contexts
// that are not elements, values, and XML::XPath's error texts.
import { describe, expect, it } from 'vitest'
import libxml from 'libxmljs2'
import type { Attribute, Document, Element, Node } from 'libxmljs2'
import { xpathFind, type XPathResult } from '../../helpers/xpath/find.js'

interface Doc { doc: Document, nodes: Node[], labels: string[], rowOf: (n: Node) => number }

// rows in document order as the generic tree has them (declarations are not nodes libxml2 returns)
function load (xml: string): Doc {
  const doc = libxml.parseXml(xml, { noent: true, nonet: true })
  const nodes: Node[] = [doc as unknown as Node]
  const labels = ['doc']
  const walk = (n: Node): void => {
    nodes.push(n)
    const t = n.type()
    if (t === 'element') {
      const e = n as Element
      labels.push(`e:${e.name()}`)
      for (const a of e.attrs()) { nodes.push(a as unknown as Node); labels.push(`a:${a.name()}=${a.value()}`) }
      for (const c of e.childNodes()) walk(c)
    } else {
      labels.push(`${t}:${(n as unknown as { text: () => string }).text()}`)
    }
  }
  let first: Node | null = doc.root() as Node
  while (first?.prevSibling() != null) first = first.prevSibling()
  for (let n = first; n !== null; n = n.nextSibling()) if (n.type() !== 'dtd') walk(n)
  const rowOf = (n: Node): number => nodes.indexOf(n)
  return { doc, nodes, labels, rowOf }
}

function find (d: Doc, expr: string, context: number | null = null, ns?: Record<string, string>): XPathResult | string[] {
  const r = xpathFind(d.doc, d.nodes, d.rowOf, expr, context, ns)
  return r.type === 'nodeset' ? r.nodes.map(i => d.labels[i]) : r
}

const atom = load('<?xml version="1.0"?><!--top--><feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="urn:dc"><title>T</title>' +
  '<entry id="1"><title>A</title><dc:creator>me</dc:creator></entry><entry id="2"><title>B</title></entry></feed>')
const plain = load('<r a="1"><x>one<![CDATA[<two>]]></x><x b="2">three</x><!--c--><?pi data?></r>')

describe('xpathFind: XML::XPath name tests', () => {
  it('an unprefixed name matches elements in a default namespace by their name', () => {
    expect(find(atom, '//entry/title')).toEqual(['e:title', 'e:title'])
    expect(find(atom, '/feed/title')).toEqual(['e:title'])
    expect(find(atom, 'count(//entry)')).toEqual({ type: 'number', value: 2 })
  })
  it('a prefix resolves through the prefixes in scope at the node, or set_namespace', () => {
    expect(find(atom, '//dc:creator')).toEqual(['e:creator'])
    expect(find(atom, '//dc:*')).toEqual(['e:creator'])
    expect(find(atom, '//zz:creator')).toEqual([])
    expect(find(atom, '//a:entry', null, { a: 'http://www.w3.org/2005/Atom' })).toEqual(['e:entry', 'e:entry'])
    expect(find(atom, '//a:entry', null, { a: 'urn:other' })).toEqual([])
  })
  it('predicates and positions keep their meaning after the rewrite', () => {
    expect(find(atom, '//entry[2]/@id')).toEqual(['a:id=2'])
    expect(find(atom, '//entry[title="A"]/@id')).toEqual(['a:id=1'])
    expect(find(atom, 'string(//entry[last()]/title)')).toEqual({ type: 'literal', value: 'B' })
  })
})

describe('xpathFind: contexts and the document node', () => {
  it('the document context: relative paths start at the document, / and . are the document', () => {
    expect(find(plain, 'r/x')).toEqual(['e:x', 'e:x'])
    expect(find(plain, '/')).toEqual(['doc'])
    expect(find(plain, '.')).toEqual(['doc'])
    expect(find(plain, '/r/..')).toEqual(['doc'])
    expect(find(plain, '//x/ancestor-or-self::node()')).toEqual(['doc', 'e:r', 'e:x', 'e:x'])
    expect(find(plain, 'count(r/x)')).toEqual({ type: 'number', value: 2 })
  })
  it('an element context searches from it', () => {
    const x2 = plain.labels.indexOf('e:x', plain.labels.indexOf('e:x') + 1)
    expect(find(plain, '@b', x2)).toEqual(['a:b=2'])
    expect(find(plain, 'string(.)', x2)).toEqual({ type: 'literal', value: 'three' })
    expect(find(plain, '../@a', x2)).toEqual(['a:a=1'])
    expect(find(plain, 'preceding-sibling::x', x2)).toEqual(['e:x'])
  })
  it('an attribute or text context starts from its path', () => {
    const b = plain.labels.indexOf('a:b=2')
    expect(find(plain, '..', b)).toEqual(['e:x'])
    expect(find(plain, 'string(.)', b)).toEqual({ type: 'literal', value: '2' })
    const three = plain.labels.indexOf('text:three')
    expect(find(plain, '../../@a', three)).toEqual(['a:a=1'])
  })
  it('comments, processing instructions, CDATA and text nodes come back as rows', () => {
    expect(find(plain, '//comment()')).toEqual(['comment:c'])
    expect(find(plain, '/node()')).toEqual(['e:r'])
    expect(find(atom, '/node()')).toEqual(['comment:top', 'e:feed'])
    expect(find(plain, '//processing-instruction("pi")')).toHaveLength(1)
    // XML::XPath's parser merges text and CDATA beside it into one text node: text() selects the first of the run
    expect(find(plain, '/r/x[1]/text()')).toEqual(['text:one'])
    expect(find(plain, 'count(//text())')).toEqual({ type: 'number', value: 2 })
    expect(find(atom, 'count(//text())')).toEqual({ type: 'number', value: 4 })
  })
})

describe('xpathFind: values', () => {
  it('numbers, literals, booleans; XML::XPath division by zero is a Literal', () => {
    expect(find(plain, '1 div 4')).toEqual({ type: 'number', value: 0.25 })
    expect(find(plain, '1 div 0')).toEqual({ type: 'literal', value: 'Infinity' })
    expect(find(plain, '-1 div 0')).toEqual({ type: 'literal', value: '-Infinity' })
    expect(find(plain, '0 div 0')).toEqual({ type: 'literal', value: 'NaN' })
    expect(find(plain, 'number("x")')).toMatchObject({ type: 'number' })
    expect(find(plain, 'sum(//@*)')).toEqual({ type: 'number', value: 3 })
    expect(find(plain, 'sum(//x)')).toEqual({ type: 'number', value: 0 })
    expect(find(plain, '//x = "three"')).toEqual({ type: 'boolean', value: true })
    // XML::XPath's != is not(=)
    expect(find(plain, '//x != "three"')).toEqual({ type: 'boolean', value: false })
    expect(find(plain, 'concat("a", \'b\', "it\'s")')).toEqual({ type: 'literal', value: "abit's" })
    expect(find(plain, '2*3 - -1')).toEqual({ type: 'number', value: 7 })
    expect(find(plain, 'translate(normalize-space("  a  b "), "ab", "AB")')).toEqual({ type: 'literal', value: 'A B' })
  })
})

describe('xpathFind: XML::XPath error texts', () => {
  const err = (e: string): string => {
    try { xpathFind(plain.doc, plain.nodes, plain.rowOf, e, null) } catch (x) { return (x as Error).message }
    return 'no error'
  }
  it('parse errors', () => {
    expect(err('bad[[[x')).toBe('Not a PrimaryExpr at [')
    expect(err('//y[')).toBe('Not a PrimaryExpr at ')
    expect(err('//x[1 2]')).toBe('Invalid token: 2\n')
    expect(find(plain, '//x[2')).toEqual(['e:x'])
    expect(err('//x y')).toBe('Parse of expression //x y failed - junk after end of expression: y')
    expect(err('')).toBe('No path to find')
    expect(err('//x#')).toMatch(/^Query:\n.*\n.*\^\^\^\nInvalid query somewhere around here \(I think\)\n$/)
  })
  it('type and function errors XML::XPath raises while evaluating', () => {
    expect(err('count(1)')).toBe('count: Parameter must be a NodeSet\n')
    expect(err('(1)[1]')).toBe("Can't have predicates execute on object type: XML::XPath::Number")
    expect(err('lower-case("A")')).toBe('Can\'t locate object method "lower_case" via package "XML::XPath::Function"')
    expect(err('"a" | //x')).toBe('Both sides of a union must be Node Sets\n')
    expect(err('concat("a")')).toBe('concat: Too few parameters\n')
  })
})
