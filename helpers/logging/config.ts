// The Log::Log4perl property-file syntax (Log::Log4perl::Config 1.57),
// parsed into what the Perl facade needs to build its loggers: logger levels
// and appender names per category, additivity, and each appender's class,
// parameters, layout and threshold. The facade then filters and formats in
// Perl, so a message below the level never leaves the script.
import { BackendError } from '../../src/errors.js'

export const LEVELS: Record<string, number> = {
  OFF: 2 ** 31 - 1, FATAL: 50000, ERROR: 40000, WARN: 30000, INFO: 20000, DEBUG: 10000, TRACE: 5000, ALL: 0,
}

interface Node { value?: string | string[], children: Map<string, Node> }

export interface AppenderSpec {
  class: string
  params: Record<string, unknown>
  layout?: { class: string, params: Record<string, string>, cspec?: Record<string, string> }
  threshold?: string
}

export interface ResolvedConfig {
  loggers: Array<{ category: string, level: string, appenders: string[], additivity?: boolean }>
  appenders: Record<string, AppenderSpec>
  threshold?: string
  one_message_per_appender?: boolean
  utc?: boolean
  /** log4perl.PatternLayout.cspec.X = sub {...}: Perl code, compiled by the facade */
  global_cspec?: Record<string, string>
}

// Appender params that may not repeat; all others collect repeats into lists.
const NOT_A_MULT_VALUE = new Set(['conversionpattern', 'filename', 'mode', 'threshold', 'layout', 'stderr', 'utf8'])
const COMMENT = /^\s*[#;!].*/

function fail (msg: string): never {
  throw new BackendError(msg, 'LOG4PERL_CONFIG')
}

function unlog4j (key: string): string {
  return key.replace(/^org\.apache\./, '').replace(/^log4j\./, '').replace(/^l4p\./, '').replace(/^log4perl\./i, '')
}

function newNode (): Node { return { children: new Map() } }

/** The parse tree: keys split on "." and "::", `${var}` substituted from earlier keys, then the script's env. */
export function parseTree (text: string, env: Record<string, string>): Node {
  const root = newNode()
  const vars = new Map<string, string>()
  const lines = text.split(/\r?\n/)
  while (lines.length > 0) {
    let line = (lines.shift() as string).replace(COMMENT, '')
    if (!/\S/.test(line)) continue
    for (let m = /^(.+?)\\\s*$/.exec(line); m !== null; m = /^(.+?)\\\s*$/.exec(line)) {
      const next = (lines.shift() ?? '').replace(/^ +/, '').replace(/^[#;!].*/, '')
      line = m[1] + next
    }
    const kv = /(\S+?)\s*=\s*(.*)/.exec(line)
    if (kv === null) continue
    const keyOrg = kv[1]
    let val = kv[2].replace(/\s+$/, '')
    vars.set(keyOrg, val)
    val = val.replace(/\$\{(.*?)\}/g, (_m, name: string) => {
      const n = name.replace(/\s+/g, '')
      const v = vars.get(n) ?? env[n]
      if (v === undefined) fail(`Undefined Variable '${n}'`)
      return v
    })
    const parts = unlog4j(keyOrg).split(/\.|::/)
    let node = root
    for (const p of parts) {
      let child = node.children.get(p)
      if (child === undefined) { child = newNode(); node.children.set(p, child) }
      node = child
    }
    if (node.value !== undefined && parts.length > 2 && parts[0].toLowerCase() === 'appender' && !NOT_A_MULT_VALUE.has(parts[2].toLowerCase())) {
      node.value = Array.isArray(node.value) ? [...node.value, val] : [node.value, val]
    } else {
      if (node.value !== undefined) fail(`${keyOrg} redefined`)
      node.value = val
    }
  }
  return root
}

function leafPaths (node: Node, path: string[] = [], out: Array<{ path: string[], value: string | string[] }> = []): typeof out {
  if (node.value !== undefined) out.push({ path, value: node.value })
  for (const k of [...node.children.keys()].sort()) leafPaths(node.children.get(k) as Node, [...path, k], out)
  return out
}

function perlish (v: string): string {
  return /^true$/i.test(v) ? '1' : /^false$/i.test(v) ? '0' : v
}

function level (name: string): string {
  if (!(name in LEVELS)) fail(`level '${name}' is not a valid error level (${Object.keys(LEVELS).join('|')})`)
  return name
}

function nodeParams (node: Node, skip: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, child] of [...node.children.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    if (skip.has(k)) continue
    if (child.value !== undefined) out[k] = child.value
    else out[k] = Object.fromEntries([...child.children.entries()].map(([ck, cv]) => [ck, cv.value ?? null]))
  }
  return out
}

function letters (node: Node): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of node.children) {
    if (k.length !== 1) fail(`error: only single letters allowed in log4j.PatternLayout.cspec.${k}`)
    if (typeof v.value === 'string') out[k] = v.value
  }
  return out
}

function appenderSpec (tree: Node, name: string): AppenderSpec {
  const node = tree.children.get('appender')?.children.get(name)
  const cls = node?.value
  if (node === undefined || typeof cls !== 'string' || cls === '') fail(`ERROR: you didn't tell me how to implement your appender '${name}'`)
  if (node.children.has('threshold')) fail("invalid keyword 'threshold' - perhaps you meant 'Threshold'?")
  const spec: AppenderSpec = { class: cls.replace(/^org\.apache\.log4j\./, 'Log::Log4perl::'), params: nodeParams(node, new Set(['layout', 'Threshold', 'Filter'])) }
  const layout = node.children.get('layout')
  const layoutClass = layout?.value
  if (layout === undefined || typeof layoutClass !== 'string' || layoutClass === '') fail(`Layout not specified for appender ${name}`)
  const lp: Record<string, string> = {}
  for (const [k, v] of layout.children) if (typeof v.value === 'string') lp[k] = v.value
  spec.layout = { class: layoutClass.replace(/^org\.apache\.log4j\./, 'Log::Log4perl::Layout::'), params: lp }
  const cspec = layout.children.get('cspec')
  if (cspec !== undefined) spec.layout.cspec = letters(cspec)
  const th = node.children.get('Threshold')?.value
  if (typeof th === 'string') spec.threshold = level(th)
  return spec
}

/** Resolves a whole config: what Log::Log4perl::Config::_init would build, as data. */
export function resolveConfig (text: string, env: Record<string, string>): ResolvedConfig {
  const tree = parseTree(text, env)
  const out: ResolvedConfig = { loggers: [], appenders: {} }
  const top = (k: string): Node | undefined => tree.children.get(k)
  const rootNode = top('rootLogger') ?? top('rootlogger')
  const loggers: Array<[string, string]> = []
  if (typeof rootNode?.value === 'string') loggers.push(['', rootNode.value])
  const th = top('threshold')?.value
  if (typeof th === 'string') out.threshold = level(th)
  const ompa = top('oneMessagePerAppender')?.value
  if (typeof ompa === 'string') out.one_message_per_appender = perlish(ompa) !== '0' && ompa !== ''
  const utc = top('utcDateTimes')?.value
  if (typeof utc === 'string') out.utc = perlish(utc) !== '0' && utc !== ''
  const globalCspec = top('PatternLayout')?.children.get('cspec')
  if (globalCspec !== undefined) out.global_cspec = letters(globalCspec)
  const additivity = new Map<string, boolean>()
  for (const key of ['logger', 'category', 'additivity']) {
    const node = top(key)
    if (node === undefined) continue
    for (const { path, value } of leafPaths(node)) {
      if (Array.isArray(value)) fail(`Multiple definitions of logger ${path.join('.')} in log4perl config`)
      if (key === 'additivity') additivity.set(path.join('.'), perlish(value) !== '0' && perlish(value) !== '')
      else loggers.push([path.join('.'), value])
    }
  }
  for (const [category, value] of loggers) {
    const [lvl, ...apps] = value.split(/\s*,\s*/)
    const entry: ResolvedConfig['loggers'][number] = { category, level: level(lvl.trim()), appenders: apps.filter(a => a !== '') }
    if (additivity.has(category)) entry.additivity = additivity.get(category)
    for (const a of entry.appenders) {
      if (!(a in out.appenders)) {
        const spec = appenderSpec(tree, a)
        if (out.threshold !== undefined && (spec.threshold === undefined || LEVELS[out.threshold] > LEVELS[spec.threshold])) spec.threshold = out.threshold
        out.appenders[a] = spec
      }
    }
    out.loggers.push(entry)
  }
  return out
}
