// A big XML parse never stalls the other scripts (issue 12, item 3): XMLin,
// XML::XPath and XML::DOM documents are parsed in worker threads, so another
// client's test.ping is answered while a 20 MB parse is still open (a
// structural check: with the parse on the event loop, no ping is answered
// until it has ended). A worker that fails a document keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, type Reply } from '../helpers.js'

let app: FastifyInstance
let big: string

beforeAll(async () => {
  app = await buildTestServer()
  const items: string[] = []
  for (let i = 0; i < 42_000; i++) items.push(`<item id="${i}" kind="k${i % 7}"><name>Item ${i}</name><price cur="EUR">${i * 1.5}</price><tags><t>a${i}</t><t>b</t></tags></item>`)
  big = `<catalog>${items.join('\n')}</catalog>`
})
afterAll(async () => { await app.close() })

function pending (reply: Promise<Reply>): { reply: Promise<Reply>, settled: () => boolean } {
  let done = false
  void reply.finally(() => { done = true })
  return { reply, settled: () => done }
}

/** pings answered while `work` is still open; stops at the first ping after it settled */
async function pingsDuring (work: { settled: () => boolean }): Promise<number> {
  let answered = 0
  while (!work.settled()) {
    const r = await rpc(app, 'test.ping', {}, 'xml-bystander')
    expect(r.result?.message).toBe('pong')
    if (!work.settled()) answered++
  }
  return answered
}

describe('XML work runs off the event loop', () => {
  it.each([
    ['xml_helper.xml_in (XMLin)', 'xml_helper.xml_in', () => ({ source: big, source_type: 'string' })],
    ['xpath.open (XML::XPath)', 'xpath.open', () => ({ xml: big })],
    ['xml_dom.parse (XML::DOM)', 'xml_dom.parse', () => ({ xml: big })],
  ])('another client is answered during a 5 MB %s parse', async (_label, method, params) => {
    expect(big.length).toBeGreaterThan(5_000_000)
    const work = pending(rpc(app, method, params(), 'xml-parser'))
    const answered = await pingsDuring(work)
    const r = await work.reply
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(answered).toBeGreaterThan(0)
  }, 60_000)

  it('a document the parser refuses is the caller\'s error, and the next one parses', async () => {
    const bad = await rpc(app, 'xml_helper.xml_in', { source: '<a><b></a>', source_type: 'string' })
    expect(bad.error?.data).toMatchObject({ type: 'backend_error', backend_code: 'xml_parse' })
    const good = await rpc(app, 'xml_helper.xml_in', { source: '<a><b>x</b></a>', source_type: 'string' })
    expect(good.error).toBeUndefined()
    expect(good.result).toEqual({ b: 'x' })
  })
})
