// Unit tests of the datetime helper: its RPC methods through inject(), and the
// zone machinery (luxon offsets, TZif names) against known tzdata facts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'
import { readTzif, typeAt, canonicalName } from '../../helpers/datetime/tzif.js'
import { blockSpans, getZone, localToUtc, spanAt } from '../../helpers/datetime/zones.js'

describe('datetime methods', () => {
  let app: FastifyInstance
  beforeAll(async () => { app = await buildTestServer() })
  afterAll(async () => { await app.close() })

  it('now answers the old helper shape {epoch} under both module names', async () => {
    for (const m of ['datetime_helper.now', 'datetime.now']) {
      const before = Math.floor(Date.now() / 1000)
      const r = await call(app, m)
      expect(Number.isInteger(r.epoch)).toBe(true)
      expect(r.epoch).toBeGreaterThanOrEqual(before)
      expect(r.epoch).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
      expect(r.time_zone).toBe('UTC')
    }
  })

  it('now in a zone carries its offset and tzdata abbreviation', async () => {
    const r = await call(app, 'datetime.now', { time_zone: 'Asia/Kolkata' })
    expect(r.offset).toBe(19800)
    expect(r.short_name).toBe('IST')
    expect(r.is_dst).toBe(0)
  })

  it('from_epoch keeps the fraction to the microsecond and handles negative epochs', async () => {
    expect(await call(app, 'datetime.from_epoch', { epoch: -1.5 })).toMatchObject({ epoch: -2, nanosecond: 500000000, iso8601: '1969-12-31T23:59:58' })
    expect(await call(app, 'datetime.from_epoch', { epoch: 1.2345678 })).toMatchObject({ epoch: 1, nanosecond: 234568000 })
    expect(await call(app, 'datetime.from_epoch', { epoch: 1e9, time_zone: 'Pacific/Chatham' }))
      .toMatchObject({ iso8601: '2001-09-09T14:31:40', offset: 45900, short_name: '+1245' })
  })

  it('local_to_utc: a skipped time is an error, a repeated one the later instant', async () => {
    const gap = await rpc(app, 'datetime.local_to_utc', { time_zone: 'America/New_York', year: 2024, month: 3, day: 10, hour: 2, minute: 30 })
    expect(gap.error?.data?.type).toBe('backend_error')
    expect(gap.error?.data?.backend_code).toBe('invalid_local_time')
    expect(gap.error?.message).toBe('Invalid local time for date in time zone: America/New_York')
    const twice = await call(app, 'datetime.local_to_utc', { time_zone: 'America/New_York', year: 2024, month: 11, day: 3, hour: 1, minute: 30 })
    expect(twice).toMatchObject({ epoch: 1730615400, offset: -18000, short_name: 'EST' })
  })

  it('rejects bad input naming the field', async () => {
    const day = await rpc(app, 'datetime.local_to_utc', { time_zone: 'UTC', year: 2023, month: 2, day: 29 })
    expect(day.error?.code).toBe(-32602)
    expect(day.error?.message).toMatch(/params\.day/)
    const month = await rpc(app, 'datetime.local_to_utc', { time_zone: 'UTC', year: 2023, month: 13, day: 1 })
    expect(month.error?.message).toMatch(/params\.month/)
    const block = await rpc(app, 'datetime.zone_spans', { time_zone: 'UTC', block: 'x' })
    expect(block.error?.message).toMatch(/params\.block/)
  })

  it('unknown zones, paths and SQL-looking names are one clear error', async () => {
    for (const name of ['Mars/Olympus', '../../etc/passwd', "UTC' OR 1=1", '+0530']) {
      const r = await rpc(app, 'datetime.zone_spans', { time_zone: name, block: 202 })
      expect(r.error?.message).toBe(`The timezone '${name}' could not be loaded, or is an invalid name.`)
    }
  })

  it('zone_spans resolves links and covers its decade without gaps', async () => {
    const r = await call(app, 'datetime.zone_spans', { time_zone: 'US/Eastern', block: 202 })
    expect(r.time_zone).toBe('America/New_York')
    expect(r.block_years).toBe(10)
    expect(r.spans[0][0]).toBe(Date.UTC(2020, 0, 1) / 1000)
    expect(r.spans[r.spans.length - 1][1]).toBe(Date.UTC(2030, 0, 1) / 1000)
    for (let i = 1; i < r.spans.length; i++) expect(r.spans[i][0]).toBe(r.spans[i - 1][1])
    expect(r.spans.length).toBe(21) // two changes a year, merged across the year ends
    expect(r.spans.find((s: unknown[]) => s[0] === 1710054000)).toEqual([1710054000, 1730613600, -14400, 1, 'EDT'])
  })
})

describe('zone data', () => {
  it('reads TZif names and DST flags, including negative DST (Dublin) and same-offset changes (London 1968)', () => {
    const dublin = readTzif('Europe/Dublin')
    expect(dublin).toBeDefined()
    expect(typeAt(dublin!, Date.UTC(2024, 0, 15) / 1000, 0)).toEqual({ offset: 0, isDst: true, abbr: 'GMT' })
    expect(typeAt(dublin!, Date.UTC(2024, 6, 15) / 1000, 3600)).toEqual({ offset: 3600, isDst: false, abbr: 'IST' })
    const london = readTzif('Europe/London')!
    expect(typeAt(london, Date.UTC(1968, 5, 1) / 1000, 3600)?.isDst).toBe(true)
    expect(typeAt(london, Date.UTC(1970, 0, 1) / 1000, 3600)?.isDst).toBe(false)
  })

  it('uses the POSIX footer past the table and refuses names that are not zone files', () => {
    const chatham = readTzif('Pacific/Chatham')!
    expect(typeAt(chatham, Date.UTC(2100, 0, 1) / 1000, 49500)).toEqual({ offset: 49500, isDst: true, abbr: '+1345' })
    expect(readTzif('../etc/passwd')).toBeUndefined()
    expect(canonicalName('US/Pacific')).toBe('America/Los_Angeles')
  })

  it('splits spans at 30-minute and 45-minute DST changes', async () => {
    const lh = await getZone('Australia/Lord_Howe')
    const offsets = new Set(blockSpans(lh, 202).map(s => s[2]))
    expect([...offsets].sort()).toEqual([37800, 39600])
    const ch = await getZone('Pacific/Chatham')
    expect(spanAt(ch, Date.UTC(2024, 3, 6, 13, 59) / 1000)[2]).toBe(49500)
    expect(spanAt(ch, Date.UTC(2024, 3, 6, 14, 0) / 1000)[2]).toBe(45900)
  })

  it('localToUtc over a gap and an overlap in a southern zone', async () => {
    const syd = await getZone('Australia/Sydney')
    const local = (y: number, mo: number, d: number, h: number, mi: number): number => Date.UTC(y, mo - 1, d, h, mi) / 1000
    expect(() => localToUtc(syd, local(2024, 10, 6, 2, 30))).toThrow(/Invalid local time/)
    expect(localToUtc(syd, local(2024, 4, 7, 2, 30)).span[2]).toBe(36000)
    expect(localToUtc(syd, local(2024, 4, 7, 3, 0)).utc).toBe(local(2024, 4, 7, 3, 0) - 36000)
  })
})

describe('zone data without a host tz database', () => {
  it('falls back to Intl names (EST) or numeric ones (+01) and infers DST', async () => {
    const saved = process.env.CPAN_BRIDGE_ZONEINFO
    process.env.CPAN_BRIDGE_ZONEINFO = '/nonexistent-zoneinfo'
    vi.resetModules()
    try {
      const z = await import('../../helpers/datetime/zones.js')
      const ny = await z.getZone('America/New_York')
      expect(ny.tzif).toBeUndefined()
      expect(z.spanAt(ny, Date.UTC(2024, 0, 15) / 1000).slice(2)).toEqual([-18000, 0, 'EST'])
      expect(z.spanAt(ny, Date.UTC(2024, 6, 15) / 1000).slice(2)).toEqual([-14400, 1, 'EDT'])
      const berlin = await z.getZone('Europe/Berlin')
      expect(z.spanAt(berlin, Date.UTC(2024, 6, 15) / 1000).slice(2)).toEqual([7200, 1, '+02'])
      const kolkata = await z.getZone('Asia/Kolkata')
      expect(z.spanAt(kolkata, Date.UTC(2024, 6, 15) / 1000).slice(2)).toEqual([19800, 0, '+0530'])
    } finally {
      if (saved === undefined) delete process.env.CPAN_BRIDGE_ZONEINFO; else process.env.CPAN_BRIDGE_ZONEINFO = saved
      vi.resetModules()
    }
  })
})
