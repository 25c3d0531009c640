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
}

export interface MethodSpec<P extends TSchema = TSchema, R extends TSchema = TSchema> {
  description: string
  params: P
  result: R
  /** Safe to resend after a dropped connection (reads, pings). The Perl client's list is generated from this. */
  idempotent?: boolean
  // Method syntax on purpose: parameters are checked bivariantly, so tables of
  // differently-typed methods fit one Record<string, MethodSpec>.
  handler (params: Static<P>, ctx: CallContext): unknown
}

export interface RegisteredMethod {
  name: string
  module: string
  spec: MethodSpec
  /** compiled on the method's first call: compiling ~150 schemas at boot was a fifth of start-up */
  check?: TypeCheck<TSchema>
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
  /** Old names (the old bridge's `module.fn` or a whole old module name) -> the current name. */
  readonly aliases = new Map<string, string>()

  /** Registers `module.fn` for each entry; duplicate or malformed names fail at boot. */
  register (module: string, table: Record<string, MethodSpec<TSchema, TSchema>>): void {
    if (!NAME.test(module)) throw new TypeError(`registry: bad module name ${JSON.stringify(module)}`)
    for (const [fn, spec] of Object.entries(table)) {
      if (!NAME.test(fn)) throw new TypeError(`registry: bad function name ${JSON.stringify(fn)} in ${module}`)
      const name = `${module}.${fn}`
      if (this.methods.has(name)) throw new TypeError(`registry: method ${name} is already registered`)
      this.methods.set(name, { name, module, spec })
    }
  }

  /**
   * Declares an old name: `alias('logging_helper', 'logging')` for a whole
   * module, `alias('database.old_fn', 'database.fn')` for one method. Calls
   * to the old name are that method: dispatch, metrics and lists see only
   * the current name, and /docs lists the old one in its description.
   */
  alias (oldName: string, current: string): void {
    const [oldModule, oldFn, ...restOld] = oldName.split('.')
    const [curModule, curFn, ...restCur] = current.split('.')
    if (!NAME.test(oldModule) || (oldFn !== undefined && !NAME.test(oldFn)) || restOld.length > 0) throw new TypeError(`registry: bad old name ${JSON.stringify(oldName)}`)
    if ((oldFn === undefined) !== (curFn === undefined) || restCur.length > 0) throw new TypeError(`registry: ${oldName} and ${current} must both be modules or both methods`)
    const exists = curFn === undefined ? this.modules().includes(curModule) : this.methods.has(current)
    if (!exists) throw new TypeError(`registry: alias ${oldName} names ${current}, which is not registered`)
    const taken = oldFn === undefined ? this.modules().includes(oldModule) : this.methods.has(oldName)
    if (taken || this.aliases.has(oldName)) throw new TypeError(`registry: ${oldName} is already a name`)
    this.aliases.set(oldName, current)
  }

  /** The method a name means, following an old name to the current one. */
  get (name: string): RegisteredMethod | undefined {
    const m = this.methods.get(name)
    if (m !== undefined) return m
    const whole = this.aliases.get(name)
    if (whole !== undefined) return this.methods.get(whole)
    const dot = name.indexOf('.')
    const module = dot > 0 ? this.aliases.get(name.slice(0, dot)) : undefined
    return module === undefined ? undefined : this.methods.get(module + name.slice(dot))
  }

  /** Every old name that reaches `m`, sorted. */
  oldNames (m: RegisteredMethod): string[] {
    const out: string[] = []
    for (const [old, cur] of this.aliases) {
      if (cur === m.name) out.push(old)
      else if (cur === m.module) out.push(`${old}.${m.name.slice(m.module.length + 1)}`)
    }
    return out.sort()
  }

  /** Current and old names of the methods safe to resend (the Perl client's generated list). */
  idempotentNames (): string[] {
    const out: string[] = []
    for (const m of this.methods.values()) if (m.spec.idempotent === true) out.push(m.name, ...this.oldNames(m))
    return out.sort()
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
    const check = m.check ??= TypeCompiler.Compile(m.spec.params)
    if (!check.Check(params)) {
      const e = check.Errors(params).First()
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
