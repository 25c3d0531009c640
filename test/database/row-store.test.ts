// The packed store of rows read ahead at execute: blocks taken from it decode
// to exactly the rows put in, across segments, with NULLs, bytes and numbers.
import { describe, it, expect } from 'vitest'
import { RowStore } from '../../helpers/database/row-store.js'
import { decodePacked, encodePacked, PackedTable } from '../../src/packed.js'

function rowsOf (t: PackedTable): unknown[][] {
  // through the wire form as well as the in-process decoder
  const wire = decodePacked(encodePacked(t)) as unknown[][]
  expect(wire).toEqual(t.rows())
  return wire
}

describe('RowStore', () => {
  it('gives back the rows in order, NULLs in place, in blocks of any size', () => {
    const store = new RowStore(3, 'SSB')
    const rows: unknown[][] = []
    for (let i = 0; i < 5000; i++) {
      const r = [i % 7 === 0 ? null : `row ${i} ${'x'.repeat(i % 300)}`, String(i), i % 5 === 0 ? null : Buffer.from([i & 0xff, 0, 0xff])]
      rows.push(r)
      store.push(r)
    }
    expect(store.rows).toBe(5000)
    const out: unknown[][] = []
    for (const n of [1, 2, 499, 1000, 3, 10_000]) out.push(...rowsOf(store.take(n)))
    expect(store.rows).toBe(0)
    expect(store.bytes).toBe(0)
    expect(out.length).toBe(5000)
    expect(out).toEqual(rows)
  })

  it('spans its 1 MB segments within one block', () => {
    const store = new RowStore(1, 'S')
    const big = 'y'.repeat(100_000)
    for (let i = 0; i < 30; i++) store.push([`${i}:${big}`])
    const t = store.take(30)
    expect(t.nrows).toBe(30)
    expect(rowsOf(t).map(r => String(r[0]).split(':')[0])).toEqual(Array.from({ length: 30 }, (_, i) => String(i)))
  })

  it('turns a text column into bytes when a value is bytes (SQLite), and keeps numbers as their text', () => {
    const store = new RowStore(2, 'SS', true)
    store.push([1.5, 'a'])
    store.push([2, Buffer.from('\u00ff', 'latin1')])
    const t = store.take(2)
    expect(t.kinds).toBe('SB')
    expect(rowsOf(t)).toEqual([['1.5', Buffer.from('a')], ['2', Buffer.from([0xff])]])
  })
})
