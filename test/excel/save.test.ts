// The save of a big workbook runs in a worker thread: another client's pings
// are answered while excel.close is still open (a structural check, no timing
// bound). Also the cell order (any order in, rows in order out, the last write
// of a position kept), a failed save naming the file and leaving nothing under
// its name, and CPAN_BRIDGE_ALLOWED_PATHS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'
import { CellStore, KIND, writingOrder } from '../../helpers/excel/cells.js'

let app: FastifyInstance
let dir: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-excel-save-'))
  app = await buildTestServer({ allowedPaths: [] })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('writingOrder', () => {
  it('orders random writes by sheet, row and column and keeps the last write of a position', () => {
    const store = new CellStore()
    const last = new Map<string, number>()
    let seed = 7
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
    // past one chunk (65 536 cells) so chunk boundaries are crossed
    for (let i = 0; i < 70_000; i++) {
      const [s, r, c] = [rnd(3), rnd(500), rnd(40)]
      store.add(s, r, c, KIND.n, -1, i, null, null)
      last.set(`${s}:${r}:${c}`, i)
    }
    const chunks = store.take()
    const order = writingOrder(chunks)
    expect(order.length).toBe(last.size)
    let prev = -1
    for (const g of order) {
      const c = chunks[g >>> 16]; const i = g & 0xFFFF
      const key = (c.sheet[i] * 1_048_576 + c.row[i]) * 16_384 + c.col[i]
      expect(key).toBeGreaterThan(prev)
      prev = key
      expect(c.num[i]).toBe(last.get(`${c.sheet[i]}:${c.row[i]}:${c.col[i]}`))
    }
  })
})

describe('saving', () => {
  it('answers another client\'s pings while a big workbook saves', async () => {
    const f = path.join(dir, 'big.xlsx')
    const { workbook } = await call(app, 'excel.open', { filename: f }, 'big-writer')
    const rows = 20_000
    for (let start = 0; start < rows; start += 2000) {
      const cells: unknown[][] = []
      for (let r = start; r < start + 2000; r++) for (let c = 0; c < 10; c++) cells.push([0, r, c, c % 2 === 0 ? 's' : 'n', c % 2 === 0 ? `text ${r} ${c}` : String(r * c), null, null])
      await call(app, 'excel.write', { workbook, ...(start === 0 ? { sheets: ['Big'] } : {}), cells }, 'big-writer')
    }
    let settled = false
    const closing = rpc(app, 'excel.close', { workbook }, 'big-writer').finally(() => { settled = true })
    let answered = 0
    for (let i = 0; i < 200 && !settled; i++) {
      const r = await rpc(app, 'test.ping', {}, 'bystander')
      expect(r.result?.message).toBe('pong')
      if (!settled) answered++
    }
    expect((await closing).result).toEqual({ closed: true })
    // on a save that held the event loop, no ping could be answered before close settled
    expect(answered).toBeGreaterThan(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(f)
    const ws = wb.getWorksheet('Big')!
    expect(ws.rowCount).toBe(rows)
    expect(ws.getCell(`A${rows}`).value).toBe(`text ${rows - 1} 0`)
    expect(ws.getCell(`J${rows}`).value).toBe((rows - 1) * 9)
  })

  it('a save that fails names the file and leaves nothing under its name', async () => {
    const sub = path.join(dir, 'gone')
    fs.mkdirSync(sub)
    const f = path.join(sub, 'x.xlsx')
    const { workbook } = await call(app, 'excel.open', { filename: f })
    // the directory disappears before the save: the temporary cannot be written
    fs.rmSync(sub, { recursive: true })
    const r = await rpc(app, 'excel.close', { workbook, sheets: ['S'], cells: [[0, 0, 0, 's', 'x', null, null]] })
    expect(r.error?.data?.type).toBe('backend_error')
    expect(r.error?.message).toContain(f)
    expect(r.error?.data?.file).toBe(f)
    expect(fs.existsSync(f)).toBe(false)
    // the handle is gone either way
    expect((await rpc(app, 'excel.write', { workbook })).error?.data?.type).toBe('handle_not_found')
  })

  it('a file outside CPAN_BRIDGE_ALLOWED_PATHS is refused, a relative one needs the client cwd', async () => {
    const confined = await buildTestServer({ allowedPaths: [dir] })
    try {
      const r = await rpc(confined, 'excel.open', { filename: path.join(os.tmpdir(), 'outside-cb-excel.xlsx') })
      expect(r.error?.data?.type).toBe('path_forbidden')
      const old = await rpc(confined, 'excel.create_workbook', { filename: '/etc/cb-excel.xlsx' })
      expect(old.error?.data?.type).toBe('path_forbidden')
      const rel = await rpc(confined, 'excel.open', { filename: 'rel.xlsx' })
      expect(rel.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.filename' })
    } finally {
      await confined.close()
    }
  })
})
