// Hostile and broken documents through both XML parsers (libxml2 for
// XPath/DOM, saxes for XMLin) and through the worker threads: each is a
// clean backend_error naming the problem, and the worker keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { XmlWorkers } from '../../helpers/xml/workers.js'
import { loadSaxes, parseTree } from '../../helpers/xml/sax-tree.js'
import { decodePacked } from '../../src/packed.js'
import { testConfig } from '../../src/config.js'
import { BridgeError } from '../../src/errors.js'

const limits = { maxBytes: 64 * 1024 * 1024 }
const lol = (() => {
  let s = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
  for (let i = 1; i < 10; i++) s += `<!ENTITY lol${i} "${`&lol${i > 1 ? i - 1 : ''};`.repeat(10)}">`
  return s + ']><lolz>&lol9;</lolz>'
})()
let dir: string
let secret: string

/** [label, document, what the error message must say] */
const HOSTILE: Array<[string, string | Buffer, RegExp]> = []

let workers: XmlWorkers
beforeAll(async () => {
  await loadSaxes()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-limits-'))
  secret = path.join(dir, 'secret.txt')
  fs.writeFileSync(secret, 'TOP-SECRET-CONTENT')
  fs.writeFileSync(path.join(dir, 'ext.dtd'), `<!ENTITY leak SYSTEM "file://${secret}">`)
  HOSTILE.push(
    ['unclosed tag', '<a><b></a>', /close tag|mismatch|Premature/i],
    ['billion laughs', lol, /entity/i],
    ['external entity', `<!DOCTYPE r [<!ENTITY s SYSTEM "file://${secret}">]><r>&s;</r>`, /external entit/],
    ['parameter entity', `<!DOCTYPE r [<!ENTITY % p SYSTEM "file://${secret}"> %p;]><r/>`, /parameter entit/],
    ['external DTD defining an entity', `<!DOCTYPE r SYSTEM "file://${path.join(dir, 'ext.dtd')}"><r>&leak;</r>`, /entity/],
    ['100 000-deep nesting', '<a>'.repeat(100_000) + '</a>'.repeat(100_000), /deeper than 256|depth/i],
    ['50 MB text node', `<a>${'x'.repeat(50_000_000)}</a>`, /text node longer/],
    ['invalid UTF-8', Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]), /UTF-8/],
    ['no root', '<?xml version="1.0"?>', /root|end|Document is empty|Start tag expected/i],
  )
  workers = new XmlWorkers(testConfig({ documentWorkers: 2 }))
})
afterAll(async () => {
  await workers.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('hostile documents', () => {
  it('each is a clean xml_parse error from the saxes path (XMLin) and never leaks a file', () => {
    for (const [label, doc, why] of HOSTILE) {
      let err: unknown
      try { parseTree(doc, limits) } catch (e) { err = e }
      expect(err, label).toBeInstanceOf(BridgeError)
      expect((err as BridgeError).extra.backend_code, label).toBe('xml_parse')
      expect((err as Error).message, label).toMatch(why)
      expect((err as Error).message, label).not.toContain('TOP-SECRET')
    }
  })

  it('each is a clean error from the libxml2 path (XPath) and the DOM table in the worker, which keeps serving', async () => {
    for (const [label, doc, why, op] of HOSTILE.flatMap(h => [[...h, 'xpath_open'], [...h, 'tree']] as Array<[string, string | Buffer, RegExp, 'xpath_open' | 'tree']>)) {
      const xml = typeof doc === 'string' ? doc : new Uint8Array(doc)
      const err = await workers.run(op, { xml }).then(() => null, (e: unknown) => e)
      expect(err, label).toBeInstanceOf(BridgeError)
      expect((err as BridgeError).type, label).toBe('backend_error')
      expect((err as Error).message, label).toMatch(why)
      expect((err as Error).message, label).not.toContain('TOP-SECRET')
      const ok = decodePacked(Buffer.from(await workers.run('tree', { xml: '<ok/>' }))) as { table: unknown[][] }
      expect(ok.table[1], `after ${label}`).toEqual([1, 0, 'ok', null, null])
      const kept = await workers.run('xpath_open', { xml: '<ok/>' })
      expect(await workers.run('xpath_close', { doc_id: kept.doc_id })).toBe(true)
    }
  })

  it('a document over CPAN_BRIDGE_XML_MAX_MB is refused before it is parsed', async () => {
    // one pool at a time: libxmljs2 loads in one thread only
    await workers.close()
    const small = new XmlWorkers(testConfig({ xmlMaxBytes: 4096 }))
    try {
      const err = await small.run('xpath_open', { xml: `<a>${'x'.repeat(5000)}</a>` }).then(() => null, (e: unknown) => e)
      expect((err as BridgeError).type).toBe('payload_too_large')
      fs.writeFileSync(path.join(dir, 'big.xml'), `<a>${'x'.repeat(5000)}</a>`)
      const err2 = await small.run('tree', { file: path.join(dir, 'big.xml') }).then(() => null, (e: unknown) => e)
      expect((err2 as BridgeError).type).toBe('payload_too_large')
    } finally {
      await small.close()
      workers = new XmlWorkers(testConfig({ documentWorkers: 2 }))
    }
  })
})

describe('the generic node table', () => {
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [ <!ENTITY e "ent&amp;val"> ]>\n' +
    '<r a="1" xmlns:x="urn:x" x:b="&e;"><!-- c --><x:c>t &e; <![CDATA[<d>]]></x:c><?pi data?></r>'

  it('DOM (saxes): one row per node in document order, declarations among the attributes as written', async () => {
    const tree = decodePacked(Buffer.from(await workers.run('tree', { xml }))) as Record<string, unknown>
    expect(tree.table).toEqual([
      [9, -1, '', null, null],
      [1, 0, 'r', null, null],
      [2, 1, 'a', '1', null],
      [13, 1, 'x', 'urn:x', null],
      [2, 1, 'x:b', 'ent&val', null],
      [8, 1, '', ' c ', null],
      [1, 1, 'x:c', null, null],
      [3, 6, '', 't ent&val ', null],
      [4, 6, '', '<d>', null],
      [7, 1, 'pi', 'data', null],
    ])
    expect(tree.xml_decl).toEqual({ version: '1.0', encoding: 'UTF-8', standalone: null })
    expect(tree.doctype).toEqual({ name: 'r', public_id: null, system_id: null, internal_subset: ' <!ENTITY e "ent&amp;val"> ' })
  })

  it('XPath (libxml2): the same rows with namespace URIs, declarations before attributes', async () => {
    const { doc_id: id, tree: bytes } = await workers.run('xpath_open', { xml })
    const tree = decodePacked(Buffer.from(bytes)) as Record<string, unknown>
    expect(tree.table).toEqual([
      [9, -1, '', null, null],
      [1, 0, 'r', null, null],
      [13, 1, 'x', 'urn:x', null],
      [2, 1, 'a', '1', null],
      [2, 1, 'x:b', 'ent&val', 'urn:x'],
      [8, 1, '', ' c ', null],
      [1, 1, 'x:c', null, 'urn:x'],
      [3, 6, '', 't ent&val ', null],
      [4, 6, '', '<d>', null],
      [7, 1, 'pi', 'data', null],
    ])
    expect(tree.doctype).toEqual({ name: 'r', public_id: null, system_id: null, internal_subset: ' <!ENTITY e "ent&amp;val"> ' })
    expect(await workers.run('xpath_close', { doc_id: id })).toBe(true)
  })

  it('an entity\'s replacement text is content: its character references resolve at use (XML 1.0 appendix D)', () => {
    expect(parseTree('<!DOCTYPE r [<!ENTITY c "A &#38;#38; B &#38;#60;x>"><!ENTITY d "&c;!">]><r>&d;</r>', limits).children).toEqual(['A & B <x>!'])
    expect(() => parseTree('<!DOCTYPE r [<!ENTITY m "&#60;b>x&#60;/b>">]><r>&m;</r>', limits)).toThrow(/contains markup/)
  })

  it('reads bytes in their declared encoding, and a string as characters', async () => {
    const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), Buffer.from([0xe9]), Buffer.from('</a>')])
    const t1 = decodePacked(Buffer.from(await workers.run('tree', { xml: new Uint8Array(latin1) }))) as { table: unknown[][] }
    expect(t1.table[2][3]).toBe('é')
    const t3 = decodePacked(Buffer.from((await workers.run('xpath_open', { xml: new Uint8Array(latin1) })).tree)) as { table: unknown[][] }
    expect(t3.table[2][3]).toBe('é')
    expect(parseTree(latin1, limits).children).toEqual(['é'])
    const t2 = decodePacked(Buffer.from(await workers.run('tree', { xml: '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>' }))) as { table: unknown[][] }
    expect(t2.table[2][3]).toBe('é')
  })
})
