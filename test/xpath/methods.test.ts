// Module xpath over the daemon: documents as session handles (open/find/close),
// file paths against the client's directory, and the old XPathHelper's calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildTestServer, call, rpc } from '../helpers.js'

const XML = '<?xml version="1.0"?><configuration><domain name="PROD"><server name="S1"><version>9.0</version>' +
  '<host>h1</host></server><server name="S2"><version> 8 </version><host>h2</host></server></domain></configuration>'

describe('xpath module', () => {
  let app: FastifyInstance
  let dir: string
  beforeAll(async () => {
    app = await buildTestServer()
    dir = mkdtempSync(path.join(tmpdir(), 'xpath-test-'))
    writeFileSync(path.join(dir, 'conf.xml'), XML)
  })
  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('open answers a handle and the generic tree; find answers rows and values; close drops it', async () => {
    const r = await call(app, 'xpath.open', { xml: XML })
    expect(r.doc).toMatch(/^xpath_doc_/)
    const table = r.tree.table as unknown[][]
    expect(table[0]).toEqual([9, -1, '', null, null])
    const hosts = await call(app, 'xpath.find', { doc: r.doc, expr: '//server/host' })
    expect(hosts.type).toBe('nodeset')
    expect((hosts.nodes as number[][]).map(([row]) => table[row][2])).toEqual(['host', 'host'])
    const s2 = (hosts.nodes as number[][])[1][0]
    expect(await call(app, 'xpath.find', { doc: r.doc, expr: '../@name', context: s2 })).toMatchObject({ type: 'nodeset' })
    expect(await call(app, 'xpath.find', { doc: r.doc, expr: 'string(../@name)', context: s2 })).toEqual({ type: 'literal', value: 'S2' })
    expect(await call(app, 'xpath.find', { doc: r.doc, expr: 'count(//server)' })).toEqual({ type: 'number', value: 2 })
    expect(await call(app, 'xpath.find', { doc: r.doc, expr: '0 div 0' })).toEqual({ type: 'literal', value: 'NaN' })
    expect(await call(app, 'xpath.find', { doc: r.doc, expr: 'number("x")' })).toEqual({ type: 'number', value: 'NaN' })
    const bad = await rpc(app, 'xpath.find', { doc: r.doc, expr: 'bad[[[x' })
    expect(bad.error?.message).toBe('Not a PrimaryExpr at [')
    expect(bad.error?.data?.backend_code).toBe('xpath')
    const other = await rpc(app, 'xpath.find', { doc: r.doc, expr: '/' }, 'another-session')
    expect(other.error?.data?.type).toBe('handle_not_owned')
    expect(await call(app, 'xpath.close', { doc: r.doc })).toBe(true)
    expect((await rpc(app, 'xpath.find', { doc: r.doc, expr: '/' })).error?.data?.type).toBe('handle_not_found')
  })

  it('a bad document is a backend error with the parser\'s position', async () => {
    const r = await rpc(app, 'xpath.open', { xml: '<broken><xml>' })
    expect(r.error?.data?.type).toBe('backend_error')
    expect(r.error?.data?.backend_code).toBe('xml_parse')
  })

  it('the old XPathHelper calls: load_file relative to the client cwd, find_nodes, find_in_node, dispose_document', async () => {
    const res = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', 'x-bridge-session': 'test-session', 'x-bridge-cwd': dir }, payload: { jsonrpc: '2.0', id: 1, method: 'xpath.load_file', params: { filename: 'conf.xml' } } })
    const id = (res.json() as { result: { document_id: string } }).result.document_id
    const found = await call(app, 'xpath.find_nodes', { document_id: id, xpath: '//server' })
    expect(found.size).toBe(2)
    expect(found.nodes[1]).toMatchObject({ name: 'server', value: '8h2', attributes: { name: 'S2' } })
    const inner = await call(app, 'xpath.find_in_node', { node_id: found.nodes[0].node_id, xpath: 'version' })
    expect(inner.nodes[0]).toMatchObject({ name: 'version', value: '9.0' })
    expect(await call(app, 'xpath.dispose_document', { document_id: id })).toBe('Document disposed')
    const s = await call(app, 'xpath.load_xml_string', { xml_string: '<a><b>x</b></a>' })
    expect((await call(app, 'xpath.find_nodes', { document_id: s.document_id, xpath: '/a/b' })).nodes[0].value).toBe('x')
    expect((await rpc(app, 'xpath.load_xml_string', { xml_string: '' })).error?.data?.type).toBe('invalid_params')
  })
})
