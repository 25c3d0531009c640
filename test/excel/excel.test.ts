// The excel module against real files: what excel.open/write/close and the
// old ExcelHelper / User Guide calls write is read back with exceljs's reader
// (and the zip's XML where exceljs's reader hides a detail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'

let app: FastifyInstance
let dir: string
let n = 0
const file = (): string => path.join(dir, `wb${++n}.xlsx`)

async function readBack (f: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(f)
  return wb
}

/** Files in the directory other than the ones named (temporaries left behind). */
const others = (keep: string[]): string[] => fs.readdirSync(dir).filter(f => !keep.includes(path.join(dir, f)))

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-excel-'))
  app = await buildTestServer()
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('excel.open / write / close', () => {
  it('writes cells in any order, later ones overwriting, with formats, and renames the temporary at close', async () => {
    const f = file()
    const { workbook } = await call(app, 'excel.open', { filename: f })
    expect(fs.existsSync(f)).toBe(false)
    await call(app, 'excel.write', {
      workbook,
      sheets: ['Data', 'Other'],
      formats: { 1: { bold: 1, color: 'red', bg_color: 'yellow', align: 'center', border: 1, num_format: '0.00' } },
      cells: [
        [0, 2, 1, 's', 'late row', null, null],
        [0, 0, 0, 's', 'Name', 1, null],
        [0, 0, 1, 'n', '42.5', 1, null],
        [0, 1, 0, 'f', '=SUM(B1:B1)', null, '42.5'],
        [0, 1, 1, 'u', 'https://example.com/', null, 'Example'],
        [0, 1, 2, 'B', '1', null, null],
        [0, 2, 1, 's', 'overwritten', null, null],
        [1, 0, 0, 'n', '7', null, null],
      ],
    })
    // nothing under the final name until close; the temporary is hidden beside it
    expect(fs.existsSync(f)).toBe(false)
    expect(others([f]).filter(x => x.endsWith('.tmp'))).toHaveLength(1)
    expect(await call(app, 'excel.close', { workbook, cells: [[0, 3, 0, 'n', '1e3', null, null]] })).toEqual({ closed: true })
    expect(others([f])).toEqual([])
    const wb = await readBack(f)
    expect(wb.worksheets.map(w => w.name)).toEqual(['Data', 'Other'])
    const ws = wb.getWorksheet('Data')!
    expect(ws.getCell('A1').value).toBe('Name')
    expect(ws.getCell('B1').value).toBe(42.5)
    expect(ws.getCell('A2').value).toEqual({ formula: 'SUM(B1:B1)', result: 42.5 })
    expect(ws.getCell('B2').value).toEqual({ text: 'Example', hyperlink: 'https://example.com/' })
    expect(ws.getCell('C2').value).toBe(true)
    expect(ws.getCell('B3').value).toBe('overwritten')
    expect(ws.getCell('A4').value).toBe(1000)
    const s = ws.getCell('A1').style
    expect(s.font?.bold).toBe(true)
    expect(s.font?.color).toEqual({ argb: 'FFFF0000' })
    expect(s.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } })
    expect(s.alignment?.horizontal).toBe('center')
    expect(s.border?.left?.style).toBe('thin')
    expect(s.numFmt).toBe('0.00')
    expect(wb.getWorksheet('Other')!.getCell('A1').value).toBe(7)
  })

  it('returns the bytes for a to_client workbook', async () => {
    const { workbook } = await call(app, 'excel.open', { to_client: true })
    const r = await call(app, 'excel.close', { workbook, sheets: ['S'], cells: [[0, 0, 0, 's', 'x', null, null]] })
    expect(r.closed).toBe(true)
    const bytes = Buffer.from(r.bytes.$base64, 'base64')
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    expect(wb.getWorksheet('S')!.getCell('A1').value).toBe('x')
  })

  it('a workbook never closed leaves no file under its name, and its temporary goes with the session', async () => {
    const f = file()
    await call(app, 'excel.open', { filename: f }, 'never-closed')
    await call(app, 'excel.write', { workbook: (await call(app, 'excel.open', { filename: file() }, 'never-closed')).workbook, sheets: ['A'] }, 'never-closed')
    expect(others([]).some(x => x.endsWith('.tmp'))).toBe(true)
    await app.sessions.endSession('never-closed')
    expect(fs.existsSync(f)).toBe(false)
    expect(others([]).filter(x => x.endsWith('.tmp'))).toEqual([])
  })

  it('bad input is invalid_params naming the field, and a bad batch stores nothing of itself', async () => {
    const { workbook } = await call(app, 'excel.open', { filename: file() })
    const bad = async (params: Record<string, unknown>): Promise<string | undefined> => {
      const r = await rpc(app, 'excel.write', { workbook, ...params })
      expect(r.error?.data?.type).toBe('invalid_params')
      return r.error?.data?.field as string | undefined
    }
    expect(await bad({ sheets: ['ok', 'bad/name'] })).toBe('params.sheets[1]')
    await call(app, 'excel.write', { workbook, sheets: ['ok'] })
    expect(await bad({ sheets: ['OK'] })).toBe('params.sheets[0]')
    expect(await bad({ cells: [[0, 0, 0, 's', 'a', null, null], [0, 1, 0, 'x', 'a', null, null]] })).toBe('params.cells[1].kind')
    expect(await bad({ cells: [[0, 1_048_576, 0, 's', 'a', null, null]] })).toBe('params.cells[0].row')
    expect(await bad({ cells: [[3, 0, 0, 's', 'a', null, null]] })).toBe('params.cells[0].sheet')
    expect(await bad({ cells: [[0, 0, 0, 'n', 'abc', null, null]] })).toBe('params.cells[0].value')
    expect(await bad({ settings: [[0, 'set_colour', 1]] })).toBe('params.settings[0][1]')
    expect(await bad({ formats: { x: { bold: 1 } } })).toBe('params.formats.x')
    expect((await rpc(app, 'excel.open', { filename: file(), to_client: true })).error?.data?.field).toBe('params.filename')
  })

  it('settings: widths, heights, merges, panes, autofilter, page setup, print titles, active and first sheet', async () => {
    const f = file()
    const { workbook } = await call(app, 'excel.open', { filename: f })
    await call(app, 'excel.close', {
      workbook,
      sheets: ['One', 'Two'],
      formats: { 0: { italic: 1 } },
      cells: [[0, 0, 0, 's', 'merged', null, null], [0, 5, 0, 's', 'row format', null, null]],
      settings: [
        [0, 'set_column', 0, 1, 20, null, null, null],
        [0, 'set_row', 0, 30, null, null, null],
        [0, 'set_row', 5, null, 0, null, null],
        [0, 'merge', 0, 0, 0, 2],
        [0, 'freeze_panes', 1, 0, null, null],
        [0, 'autofilter', 0, 0, 10, 2],
        [0, 'set_landscape'], [0, 'set_paper', 9], [0, 'repeat_rows', 0, 1],
        [1, 'activate'], [1, 'set_first_sheet'],
      ],
    })
    const wb = await readBack(f)
    const ws = wb.getWorksheet('One')!
    // E::W::X's width in the file for 20 characters
    expect(ws.getColumn(1).width).toBeCloseTo(20.7109375)
    expect(ws.getRow(1).height).toBe(30)
    expect(ws.getCell('B1').isMerged).toBe(true)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.autoFilter).toBe('A1:C11')
    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(ws.pageSetup.paperSize).toBe(9)
    expect(ws.getCell('A6').font?.italic).toBe(true)
    // E::W::X writes firstSheet one more than the sheet's index
    expect(wb.views[0]).toMatchObject({ activeTab: 1, firstSheet: 2 })
    const xml = await zipEntry(f, 'xl/workbook.xml')
    expect(xml).toContain('_xlnm.Print_Titles')
  })
})

async function zipEntry (f: string, name: string): Promise<string> {
  const { execFileSync } = await import('node:child_process')
  return execFileSync('unzip', ['-p', f, name]).toString('utf8')
}

describe('the User Guide and old ExcelHelper calls', () => {
  it('create_workbook, add_worksheet, add_format, update_format, write_cell, close_workbook', async () => {
    const f = file()
    const wbr = await call(app, 'excel.create_workbook', { filename: f }, 'old')
    expect(wbr).toMatchObject({ workbook_id: expect.any(String), library: 'exceljs' })
    const ws = await call(app, 'excel.add_worksheet', { workbook_id: wbr.workbook_id, name: 'Test Data' }, 'old')
    expect(ws).toEqual({ worksheet_id: '0', name: 'Test Data' })
    const fmt = await call(app, 'excel.add_format', { workbook_id: wbr.workbook_id, properties: { bold: true } }, 'old')
    await call(app, 'excel.update_format', { workbook_id: wbr.workbook_id, format_id: fmt.format_id, property: 'bg_color', value: 'gray' }, 'old')
    const w = await call(app, 'excel.write_cell', { workbook_id: wbr.workbook_id, worksheet_id: ws.worksheet_id, row: 0, col: 0, data: 'Header', format_id: fmt.format_id }, 'old')
    expect(w).toEqual({ row: 0, col: 0, data: 'Header', formatted: true })
    await call(app, 'excel.write_cell', { workbook_id: wbr.workbook_id, worksheet_id: ws.worksheet_id, row: 1, col: 0, data: 42 }, 'old')
    await call(app, 'excel.write_cell', { workbook_id: wbr.workbook_id, worksheet_id: ws.worksheet_id, row: 1, col: 1, data: '3.14' }, 'old')
    await call(app, 'excel.write_cell', { workbook_id: wbr.workbook_id, worksheet_id: ws.worksheet_id, row: 1, col: 2, data: 'Unicode: 世界' }, 'old')
    expect(await call(app, 'excel.close_workbook', { workbook_id: wbr.workbook_id }, 'old')).toEqual({ success: true, filename: f, library: 'exceljs' })
    const sheet = (await readBack(f)).getWorksheet('Test Data')!
    expect(sheet.getCell('A1').value).toBe('Header')
    expect(sheet.getCell('A1').font?.bold).toBe(true)
    expect(sheet.getCell('A1').fill).toMatchObject({ fgColor: { argb: 'FF808080' } })
    expect(sheet.getCell('A2').value).toBe(42)
    expect(sheet.getCell('B2').value).toBe(3.14)
    expect(sheet.getCell('C2').value).toBe('Unicode: 世界')
  })

  it('the guide\'s calls without ids use the session\'s latest workbook and sheet', async () => {
    const f = file()
    await call(app, 'excel.create_workbook', { filename: f }, 'guide')
    await call(app, 'excel.add_worksheet', { sheet_name: 'Report' }, 'guide')
    await call(app, 'excel.write_cell', { row: 0, col: 0, value: 'Hello' }, 'guide')
    await call(app, 'excel.save_workbook', {}, 'guide')
    expect((await readBack(f)).getWorksheet('Report')!.getCell('A1').value).toBe('Hello')
    expect((await rpc(app, 'excel.write_cell', { row: 0, col: 0, value: 'x' }, 'guide')).error?.data?.type).toBe('handle_not_found')
  })
})
