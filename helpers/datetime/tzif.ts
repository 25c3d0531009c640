// Abbreviations and DST flags from the host's compiled tz database (TZif files).
// luxon/Intl give offsets but only CLDR-style names ("GMT+1"); DateTime prints
// the tzdata ones ("CET", "AEDT", "+1345"), and those live only in TZif.
import { readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'

export interface TzType { offset: number, isDst: boolean, abbr: string }

export interface TzifData {
  /** Transition instants (UTC seconds), ascending, and the type in force from each. */
  times: number[]
  types: number[]
  ttinfo: TzType[]
  /** The POSIX TZ footer's standard and daylight types, for instants past the table. */
  footer: TzType[]
}

export const ZONEINFO = process.env.CPAN_BRIDGE_ZONEINFO ?? '/usr/share/zoneinfo'

/** Canonical name of a zone through the zoneinfo symlinks (US/Eastern -> America/New_York). */
export function canonicalName (name: string): string {
  try {
    const real = realpathSync(path.join(ZONEINFO, name))
    const base = realpathSync(ZONEINFO) + path.sep
    if (real.startsWith(base)) return real.slice(base.length)
  } catch { /* no zoneinfo on this host: keep the given name */ }
  return name
}

function footerTypes (footer: string): TzType[] {
  // "EST5EDT,M3.2.0,M11.1.0" or "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45"
  const re = /^(<[^>]*>|[A-Za-z]{3,})([+-]?\d{1,2}(?::\d{2}){0,2})?/
  const toSecs = (s: string): number => {
    const neg = s.startsWith('-')
    const [h = 0, m = 0, sec = 0] = s.replace(/^[+-]/, '').split(':').map(Number)
    return (neg ? 1 : -1) * (h * 3600 + m * 60 + sec) // POSIX offsets are west-positive
  }
  const out: TzType[] = []
  let rest = footer
  const std = re.exec(rest)
  if (!std?.[2]) return out
  const stdOff = toSecs(std[2])
  out.push({ abbr: std[1].replace(/[<>]/g, ''), offset: stdOff, isDst: false })
  rest = rest.slice(std[0].length)
  const dst = re.exec(rest)
  if (dst) out.push({ abbr: dst[1].replace(/[<>]/g, ''), offset: dst[2] ? toSecs(dst[2]) : stdOff + 3600, isDst: true })
  return out
}

/** Parses a TZif (v2+ preferred) file; undefined when absent or malformed. */
export function readTzif (name: string): TzifData | undefined {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(name) || name.includes('..')) return undefined
  let buf: Buffer
  try { buf = readFileSync(path.join(ZONEINFO, name)) } catch { return undefined }
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return undefined
  const header = (at: number): number[] => Array.from({ length: 6 }, (_, i) => buf.readUInt32BE(at + 20 + i * 4))
  const version = buf[4]
  let at = 0
  let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = header(0)
  let timeSize = 4
  if (version >= 0x32) {
    at = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    ;[isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = header(at)
    timeSize = 8
  }
  let p = at + 44
  const times: number[] = []
  for (let i = 0; i < timecnt; i++, p += timeSize) times.push(timeSize === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p))
  const types: number[] = []
  for (let i = 0; i < timecnt; i++, p++) types.push(buf[p])
  const raw: Array<[number, boolean, number]> = []
  for (let i = 0; i < typecnt; i++, p += 6) raw.push([buf.readInt32BE(p), buf[p + 4] === 1, buf[p + 5]])
  const chars = buf.toString('latin1', p, p + charcnt)
  p += charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
  const ttinfo = raw.map(([offset, isDst, ai]) => ({ offset, isDst, abbr: chars.slice(ai, chars.indexOf('\0', ai)) }))
  let footer: TzType[] = []
  if (version >= 0x32 && buf[p] === 0x0a) {
    const end = buf.indexOf(0x0a, p + 1)
    if (end > p) footer = footerTypes(buf.toString('latin1', p + 1, end))
  }
  return { times, types, ttinfo, footer }
}

/** The tzdata type at `utc` whose offset agrees with `offset` (luxon's), if the data agree. */
export function typeAt (data: TzifData, utc: number, offset: number): TzType | undefined {
  const { times, types, ttinfo, footer } = data
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (times[mid] <= utc) lo = mid + 1; else hi = mid
  }
  let t: TzType | undefined
  if (lo === times.length && footer.length > 0 && times.length > 0) t = footer.find(f => f.offset === offset)
  if (t === undefined) t = lo === 0 ? (ttinfo.find(x => !x.isDst) ?? ttinfo[0]) : ttinfo[types[lo - 1]]
  return t !== undefined && t.offset === offset ? t : undefined
}
