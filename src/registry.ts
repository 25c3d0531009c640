// The one registry of bridge methods. Helpers register their method tables at
// boot; dispatch, validation, openapi.yaml, system.* module lists, metrics
// labels and the allowlist all read from here.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { BRIDGE_ERR_INVALID_PARAMS } from './errors.js'
import type { Session } from '../plugins/sessions.js'

/** What a handler knows about the call besides its params. */
export interface CallContext {
  session: Session
  /** The client's working directory (X-Bridge-Cwd), for relative paths. */
  cwd: string | undefined
  log: FastifyBaseLogger
  app: FastifyInstance
  /** True when the reply may carry packed bulk (the client sent the packed Accept). */
  packed: boolean
}

export interface MethodSpec<P extends TSchema = TSchema, R extends TSchema = TSchema> {
  description: string
  params: P
  result: R
  /** Safe to resend after a dropped connection (reads, pings). */
  idempotent?: boolean
  /** Hidden from openapi (aliases kept for old scripts). */
  alias?: string
  // Method syntax on purpose: parameters are checked bivariantly, so tables of
  // differently-typed methods fit one Record<string, MethodSpec>.
  handler (params: Static<P>, ctx: CallContext): unknown
}

export interface RegisteredMethod {
  name: string
  module: string
  spec: MethodSpec
  check: TypeCheck<TSchema>
}

const NAME = /^[a-z][a-z0-9_]*$/

/** Shorthand used by helper method tables so TS infers params from the schema. */
export function method<P extends TSchema, R extends TSchema> (spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec
}

export const AnyResult = Type.Unknown()
export const NoParams = Type.Object({})

export class MethodRegistry {
  readonly methods = new Map<string, RegisteredMethod>()

  /** Registers `module.fn` for each entry; duplicate or malformed names fail at boot. */
  register (module: string, table: Record<string, MethodSpec<TSchema, TSchema>>): void {
    if (!NAME.test(module)) throw new TypeError(`registry: bad module name ${JSON.stringify(module)}`)
    for (const [fn, spec] of Object.entries(table)) {
      if (!NAME.test(fn)) throw new TypeError(`registry: bad function name ${JSON.stringify(fn)} in ${module}`)
      const name = `${module}.${fn}`
      if (this.methods.has(name)) throw new TypeError(`registry: method ${name} is already registered`)
      this.methods.set(name, { name, module, spec, check: TypeCompiler.Compile(spec.params) })
    }
  }

  get (name: string): RegisteredMethod | undefined {
    return this.methods.get(name)
  }

  modules (): string[] {
    return [...new Set([...this.methods.values()].map(m => m.module))].sort()
  }

  /**
   * Validates params against the method's schema; throws invalid_params naming the field.
   * `strict` (CPAN_BRIDGE_STRICT_VALIDATION) also rejects fields the schema does not name,
   * unless the schema says what extra fields may be (additionalProperties set).
   */
  validate (m: RegisteredMethod, params: unknown, strict = true): void {
    if (!m.check.Check(params)) {
      const e = m.check.Errors(params).First()
      const field = e ? `params${e.path.replace(/\//g, '.')}` : 'params'
      throw new BRIDGE_ERR_INVALID_PARAMS(field === 'params.' ? 'params' : field, e ? e.message.toLowerCase() : 'does not match the schema')
    }
    if (!strict) return
    const s = m.spec.params as { type?: unknown, properties?: Record<string, unknown>, additionalProperties?: unknown }
    if (s.type !== 'object' || s.properties === undefined || s.additionalProperties !== undefined) return
    for (const k of Object.keys(params as Record<string, unknown>)) {
      if (!Object.prototype.hasOwnProperty.call(s.properties, k)) throw new BRIDGE_ERR_INVALID_PARAMS(`params.${k}`, 'is not a known field of this method')
    }
  }
}
