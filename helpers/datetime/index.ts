// Module `datetime` (and the old name `datetime_helper`): IANA time zones for
// the DateTime facade. The facade keeps broken-down fields in Perl and asks
// the daemon only for zone data (spans, cached a decade at a time), so most
// DateTime work costs no round trip at all.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { BLOCK_YEARS, blockSpans, getZone, localToUtc, spanAt, type Zone } from './zones.js'

const ZoneName = Type.String({ minLength: 1, maxLength: 64, description: "IANA name ('America/New_York') or 'UTC'" })
// DateTime's own range is wider, but beyond +-200000 years JS Dates stop being exact.
const Epoch = Type.Number({ minimum: -6e15, maximum: 6e15 })

const Fields = Type.Object({
  epoch: Type.Integer(),
  hires_epoch: Type.Number(),
  year: Type.Integer(), month: Type.Integer(), day: Type.Integer(),
  hour: Type.Integer(), minute: Type.Integer(), second: Type.Integer(), nanosecond: Type.Integer(),
  offset: Type.Integer({ description: 'seconds east of UTC' }),
  is_dst: Type.Integer(),
  time_zone: Type.String(),
  short_name: Type.String(),
  iso8601: Type.String(),
})

const UTC_ZONE = 'UTC'
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** Broken-down fields of a UTC instant in a zone (undefined zone or 'UTC': UTC). */
export function fields (zone: Zone | undefined, epoch: number, nanosecond = 0): typeof Fields.static {
  const span = zone ? spanAt(zone, epoch) : undefined
  const offset = span ? span[2] : 0
  const d = new Date((epoch + offset) * 1000)
  const year = d.getUTCFullYear()
  const out = {
    epoch, hires_epoch: epoch + nanosecond / 1e9,
    year, month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), nanosecond,
    offset, is_dst: span ? span[3] : 0, time_zone: zone ? zone.name : UTC_ZONE, short_name: span ? span[4] : UTC_ZONE,
    iso8601: '',
  }
  const y = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4)
  out.iso8601 = `${y}-${pad(out.month)}-${pad(out.day)}T${pad(out.hour)}:${pad(out.minute)}:${pad(out.second)}`
  return out
}

async function zoneFor (name: string | undefined): Promise<Zone | undefined> {
  return name === undefined || name === UTC_ZONE ? undefined : await getZone(name)
}

export const datetimeMethods = {
  now: method({
    description: 'Current time: epoch seconds (the old helper\'s {epoch}) plus broken-down fields in `time_zone` (default UTC).',
    params: Type.Object({ time_zone: Type.Optional(ZoneName) }),
    result: Fields,
    idempotent: true,
    handler: async ({ time_zone: tz }) => {
      const ms = Date.now()
      // DateTime->now has whole seconds; hires_epoch keeps the milliseconds.
      const f = fields(await zoneFor(tz), Math.floor(ms / 1000))
      return { ...f, hires_epoch: ms / 1000 }
    },
  }),
  from_epoch: method({
    description: 'Broken-down fields of an epoch (fractional part kept to the microsecond, as DateTime does) in `time_zone`.',
    params: Type.Object({ epoch: Epoch, time_zone: Type.Optional(ZoneName) }),
    result: Fields,
    idempotent: true,
    handler: async ({ epoch, time_zone: tz }) => {
      const whole = Math.floor(epoch)
      const ns = Math.round((epoch - whole) * 1e6) * 1000
      return ns >= 1e9 ? fields(await zoneFor(tz), whole + 1, 0) : fields(await zoneFor(tz), whole, ns)
    },
  }),
  local_to_utc: method({
    description: 'Epoch of a local wall time in `time_zone`; a time skipped by DST is an error, a repeated one is the later instant (DateTime\'s rules).',
    params: Type.Object({
      time_zone: ZoneName,
      year: Type.Integer({ minimum: -200000, maximum: 200000 }),
      month: Type.Integer({ minimum: 1, maximum: 12 }),
      day: Type.Integer({ minimum: 1, maximum: 31 }),
      hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
      minute: Type.Optional(Type.Integer({ minimum: 0, maximum: 59 })),
      second: Type.Optional(Type.Integer({ minimum: 0, maximum: 59 })),
    }),
    result: Fields,
    idempotent: true,
    handler: async (p) => {
      const d = new Date(0)
      d.setUTCFullYear(p.year, p.month - 1, p.day)
      d.setUTCHours(p.hour ?? 0, p.minute ?? 0, p.second ?? 0, 0)
      if (d.getUTCDate() !== p.day) throw new BRIDGE_ERR_INVALID_PARAMS('params.day', `no day ${p.day} in ${p.year}-${pad(p.month)}`)
      const local = d.getTime() / 1000
      const zone = await zoneFor(p.time_zone)
      return fields(zone, zone ? localToUtc(zone, local).utc : local)
    },
  }),
  zone_spans: method({
    description: `Offset spans of a zone for one ${BLOCK_YEARS}-year block of UTC years (block = floor(year / ${BLOCK_YEARS})): [utc_start, utc_end, offset, is_dst, abbreviation].`,
    params: Type.Object({ time_zone: ZoneName, block: Type.Integer({ minimum: -20000, maximum: 20000 }) }),
    result: Type.Object({
      time_zone: Type.String(),
      block_years: Type.Integer(),
      spans: Type.Array(Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer(), Type.Integer(), Type.String()])),
    }),
    idempotent: true,
    handler: async ({ time_zone: tz, block }) => {
      const zone = await getZone(tz)
      return { time_zone: zone.name, block_years: BLOCK_YEARS, spans: blockSpans(zone, block) }
    },
  }),
}

async function datetimeHelper (app: FastifyInstance, _opts: { config: Config }): Promise<void> {
  app.rpc.register('datetime', datetimeMethods)
  app.rpc.alias('datetime_helper', 'datetime')
}

export default fp(datetimeHelper, { fastify: '5.x', name: 'cpan-bridge-datetime', dependencies: ['cpan-bridge-registry'] })
