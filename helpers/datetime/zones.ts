// IANA zones for the datetime module: offsets from luxon (Intl's tz database),
// names and DST flags from TZif when the host has it. A zone is served as
// spans (runs of constant offset) so the Perl side can cache a decade at a
// time and do every later conversion without a round trip.
import type { IANAZone as IANAZoneType } from 'luxon'
import { BackendError } from '../../src/errors.js'
import { canonicalName, readTzif, typeAt, type TzifData } from './tzif.js'

/** [utc_start, utc_end, offset_seconds, is_dst (0/1), abbreviation] */
export type Span = [number, number, number, number, string]

type Luxon = typeof import('luxon')
let luxon: Luxon | undefined
async function lib (): Promise<Luxon> {
  luxon ??= await import('luxon')
  return luxon
}

const DAY = 86_400
/** Years per cached block; the Perl client asks by the same blocks. */
export const BLOCK_YEARS = 10
const MAX_BLOCKS = 200

export interface Zone {
  name: string
  iana: IANAZoneType
  tzif: TzifData | undefined
  blocks: Map<number, Span[]>
  firstTransition?: number
}

const zones = new Map<string, Zone>()

export function zoneError (name: string): BackendError {
  return new BackendError(`The timezone '${name}' could not be loaded, or is an invalid name.`, 'invalid_time_zone', { time_zone: name })
}

export async function getZone (name: string): Promise<Zone> {
  const hit = zones.get(name)
  if (hit) return hit
  const { IANAZone } = await lib()
  // 'floating', 'local' and offsets like +0530 are the client's business, never an IANA lookup here.
  if (!IANAZone.isValidZone(name) || /^[+-]?\d/.test(name)) throw zoneError(name)
  const canonical = canonicalName(name)
  const zone: Zone = { name: canonical, iana: IANAZone.create(canonical === name ? name : canonical), tzif: readTzif(canonical), blocks: new Map() }
  if (!zone.iana.isValid) zone.iana = IANAZone.create(name)
  if (zones.size > 1000) zones.clear() // bounded: names come from callers
  zones.set(name, zone)
  return zone
}

/** Offset (seconds east of UTC) at a UTC instant, in whole seconds. */
export function offsetAt (zone: Zone, utc: number): number {
  // Before the first recorded transition tzdata says local mean time (type 0);
  // Intl's answer for such old dates varies by ICU build.
  const tz = zone.tzif
  if (tz !== undefined) {
    zone.firstTransition ??= tz.times.findIndex(t => t > -(2 ** 50)) // skip a "big bang" pseudo-transition
    const i = zone.firstTransition
    if (i >= 0 && utc < tz.times[i]) return (i > 0 ? tz.ttinfo[tz.types[i - 1]] : tz.ttinfo[0]).offset
  }
  return Math.round(zone.iana.offset(utc * 1000) * 60)
}

function describe (zone: Zone, utc: number, offset: number): [number, string] {
  const t = zone.tzif ? typeAt(zone.tzif, utc, offset) : undefined
  if (t) return [t.isDst ? 1 : 0, t.abbr]
  // No usable TZif (no /usr/share/zoneinfo): DST if ahead of the year's standard
  // (smaller) offset; Intl's en-US name where it has a real one (EST, PDT),
  // otherwise a numeric name in tzdata's style (+01, +0530).
  const year = new Date(utc * 1000).getUTCFullYear()
  const jan = offsetAt(zone, yearStart(year))
  const jul = offsetAt(zone, yearStart(year) + 181 * DAY)
  const intl = zone.iana.offsetName(utc * 1000, { format: 'short', locale: 'en-US' })
  const abs = Math.abs(offset)
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0')
  const mm = Math.floor(abs % 3600 / 60)
  const numeric = offset === 0 ? 'UTC' : `${offset < 0 ? '-' : '+'}${hh}${mm ? String(mm).padStart(2, '0') : ''}`
  return [offset > Math.min(jan, jul) ? 1 : 0, intl && /^[A-Z]{3,5}$/.test(intl) ? intl : numeric]
}

/** First second in (lo, hi] whose offset differs from offsetAt(lo). */
function findTransition (zone: Zone, lo: number, hi: number): number {
  const start = offsetAt(zone, lo)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offsetAt(zone, mid) === start) lo = mid; else hi = mid
  }
  return hi
}

/** UTC epoch second of Jan 1 of `year` (Date.UTC would read 0..99 as 1900..1999). */
export function yearStart (year: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, 0, 1)
  return d.getTime() / 1000
}

export function blockStart (block: number): number {
  return yearStart(block * BLOCK_YEARS)
}

/** Spans covering the UTC years [block*10, block*10+10), adjacent equal runs merged. */
export function blockSpans (zone: Zone, block: number): Span[] {
  const cached = zone.blocks.get(block)
  if (cached) return cached
  const from = blockStart(block)
  const to = blockStart(block + 1)
  // Sample a weekly grid plus every tzdata transition in the block, then bisect
  // to the second wherever the offset changed. tzdata's own transition times
  // catch changes closer together than a week; the grid catches those only
  // Intl knows about (a newer ICU than the host's tzdata).
  const step = 7 * DAY
  const points = new Set<number>()
  for (let t = from + step; t < to; t += step) points.add(t)
  for (const t of zone.tzif?.times ?? []) if (t > from && t < to) points.add(t)
  points.add(to - 1)
  const spans: Span[] = []
  let start = from
  let off = offsetAt(zone, from)
  let prev = from
  for (const p of [...points].sort((a, b) => a - b)) {
    while (offsetAt(zone, p) !== off) {
      const at = findTransition(zone, prev, p)
      spans.push([start, at, off, ...describe(zone, start, off)])
      start = at
      off = offsetAt(zone, at)
      prev = at
    }
    prev = p
  }
  spans.push([start, to, off, ...describe(zone, start, off)])
  const merged: Span[] = []
  for (const s of splitAtTzif(zone, spans)) {
    const last = merged[merged.length - 1]
    if (last && last[2] === s[2] && last[3] === s[3] && last[4] === s[4]) last[1] = s[1]
    else merged.push(s)
  }
  if (zone.blocks.size >= MAX_BLOCKS) zone.blocks.clear() // bounded: blocks come from callers
  zone.blocks.set(block, merged)
  return merged
}

/**
 * tzdata may change the DST flag or name while the offset stays (London's
 * 1968-71 "British Standard Time"); split spans at those transitions too.
 */
function splitAtTzif (zone: Zone, spans: Span[]): Span[] {
  const times = zone.tzif?.times
  if (!times?.length) return spans
  const out: Span[] = []
  for (const sp of spans) {
    let start = sp[0]
    for (const t of times) {
      if (t <= start || t >= sp[1]) continue
      out.push([start, t, sp[2], ...describe(zone, start, sp[2])])
      start = t
    }
    out.push([start, sp[1], sp[2], ...describe(zone, start, sp[2])])
  }
  return out
}

export function blockOf (utc: number): number {
  return Math.floor(new Date(utc * 1000).getUTCFullYear() / BLOCK_YEARS)
}

/** The span in force at a UTC instant. */
export function spanAt (zone: Zone, utc: number): Span {
  const spans = blockSpans(zone, blockOf(utc))
  return spans.find(s => s[0] <= utc && utc < s[1]) ?? spans[spans.length - 1]
}

/**
 * UTC instant for a local wall time (local seconds as if UTC), as DateTime does it:
 * a time skipped by a DST change is an error; a repeated one is the later instant.
 */
export function localToUtc (zone: Zone, local: number): { utc: number, span: Span } {
  let best: { utc: number, span: Span } | undefined
  for (const b of new Set([blockOf(local - DAY), blockOf(local + DAY)])) {
    for (const span of blockSpans(zone, b)) {
      const utc = local - span[2]
      if (span[0] <= utc && utc < span[1] && (best === undefined || utc > best.utc)) best = { utc, span }
    }
  }
  if (!best) throw new BackendError(`Invalid local time for date in time zone: ${zone.name}`, 'invalid_local_time', { time_zone: zone.name })
  return best
}
