// `cpan-bridge scan DIR...`: the migration report. Which modules each Perl
// script or module uses, whether each is core Perl, covered by a bridge
// facade, found in the scanned tree itself or missing, and whether the
// scripts that need nothing else compile with the facades first on @INC.
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type ModuleStatus = 'core' | 'facade' | 'local' | 'missing'

export interface ScriptReport {
  file: string
  modules: Array<{ name: string, status: ModuleStatus }>
  missing: string[]
  /** perl -c with the facades first; absent when the script needs a missing module */
  compile?: { ok: boolean, message: string }
  ready: boolean
}

export interface ScanReport {
  scripts: ScriptReport[]
  summary: { scripts: number, ready: number, need_modules: number, compile_failures: number, missing: string[] }
}

/** The checkout: the first directory up from this file that has the facades (src/ or dist/src/). */
function checkout (): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'perl', 'compat')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}
const ROOT = checkout()
const FACADE_DIRS = [path.join(ROOT, 'perl', 'compat'), path.join(ROOT, 'perl', 'lib')]
/** DBI loads these from the DSN; the facade's DBI speaks to each of them through the daemon. */
const DBI_DRIVERS = /^DBD::(?:Pg|mysql|MariaDB|SQLite|Oracle)$/
const PERL_FILE = /\.(?:pl|pm|t|cgi|plx)$/
const SKIP_DIRS = new Set(['.git', 'node_modules', 'blib'])

/** Perl files under the paths: by extension, or a perl #! line. */
function perlFiles (roots: string[]): string[] {
  const out: string[] = []
  const visit = (p: string): void => {
    const st = fs.statSync(p)
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (!SKIP_DIRS.has(e)) visit(path.join(p, e))
    } else if (st.isFile() && (PERL_FILE.test(p) || shebangPerl(p))) {
      out.push(p)
    }
  }
  for (const r of roots) visit(r)
  return out
}

function shebangPerl (file: string): boolean {
  const fd = fs.openSync(file, 'r')
  try {
    const b = Buffer.alloc(128)
    const n = fs.readSync(fd, b, 0, 128, 0)
    return /^#!.*\bperl\b/.test(b.subarray(0, n).toString('latin1'))
  } finally { fs.closeSync(fd) }
}

/** The code of a Perl file without its POD and what follows __END__ / __DATA__. */
function code (text: string): string[] {
  const lines: string[] = []
  let pod = false
  for (const line of text.split(/\r?\n/)) {
    if (/^__(?:END|DATA)__\s*$/.test(line)) break
    if (/^=[a-zA-Z]/.test(line)) { pod = !/^=cut\b/.test(line); continue }
    if (!pod) lines.push(line)
  }
  return lines
}

/** Modules a file loads (use, require, and the classes `use parent` / `use base` load), and the packages it defines. */
export function modulesOf (text: string): { uses: string[], packages: string[] } {
  const uses = new Set<string>()
  const packages: string[] = []
  for (const line of code(text)) {
    const stmt = line.replace(/(^|\s)#.*$/, '')
    for (const m of stmt.matchAll(/(?:^|[;{]\s*)(?:use|require|no)\s+([A-Za-z_][\w]*(?:::\w+)*)/g)) uses.add(m[1])
    const inherit = /^\s*use\s+(?:parent|base)\s+(.*)$/.exec(stmt)
    if (inherit !== null && !/-norequire/.test(inherit[1])) {
      for (const m of inherit[1].matchAll(/([A-Za-z_]\w*(?:::\w+)+|[A-Z]\w*)/g)) if (m[1] !== 'qw') uses.add(m[1])
    }
    const pkg = /^\s*package\s+([A-Za-z_][\w]*(?:::\w+)*)/.exec(stmt)
    if (pkg !== null) packages.push(pkg[1])
  }
  return { uses: [...uses].filter(u => !/^v?\d/.test(u)), packages }
}

/** Which of the names are core in the perl that runs here (Module::CoreList, itself core). */
function coreModules (names: string[]): Set<string> {
  if (names.length === 0) return new Set()
  const out = execFileSync('perl', ['-MModule::CoreList', '-e', 'for (@ARGV) { print "$_\\n" if Module::CoreList::is_core($_, undef, $]) }', ...names], { encoding: 'utf8' })
  return new Set(out.split('\n').filter(Boolean))
}

function isFacade (name: string): boolean {
  if (DBI_DRIVERS.test(name) && isFacade('DBI')) return true
  const rel = `${name.split('::').join(path.sep)}.pm`
  return FACADE_DIRS.some(d => fs.existsSync(path.join(d, rel)))
}

/** The `lib` directories of the scanned trees: where their own modules are found at compile time. */
function libDirs (files: string[]): string[] {
  const dirs = new Set<string>()
  for (const f of files) {
    const parts = path.dirname(f).split(path.sep)
    const i = parts.lastIndexOf('lib')
    if (i >= 0) dirs.add(parts.slice(0, i + 1).join(path.sep) || path.sep)
  }
  return [...dirs]
}

function compile (file: string, inc: string[]): { ok: boolean, message: string } {
  const r = spawnSync('perl', ['-c', file], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, PERL5LIB: [...inc, process.env.PERL5LIB].filter(Boolean).join(path.delimiter), CPAN_BRIDGE_AUTOSTART: '0' },
  })
  const text = `${r.stderr ?? ''}`.trim()
  if (r.status === 0) return { ok: true, message: 'syntax OK' }
  const lines = text.split('\n').filter(l => !/syntax OK$/.test(l))
  return { ok: false, message: r.error !== undefined ? String(r.error.message) : lines.slice(0, 3).join('\n') }
}

export function scan (roots: string[]): ScanReport {
  const files = perlFiles(roots.map(r => path.resolve(r)))
  const parsed = files.map(f => ({ file: f, ...modulesOf(fs.readFileSync(f, 'latin1')) }))
  const local = new Set(parsed.flatMap(p => p.packages))
  const all = [...new Set(parsed.flatMap(p => p.uses))]
  const core = coreModules(all.filter(n => !local.has(n)))
  const statusOf = (n: string): ModuleStatus => local.has(n) ? 'local' : core.has(n) ? 'core' : isFacade(n) ? 'facade' : 'missing'
  const inc = [...FACADE_DIRS, ...libDirs(files)]
  const scripts: ScriptReport[] = parsed.map(p => {
    const modules = p.uses.map(name => ({ name, status: statusOf(name) }))
    const missing = modules.filter(m => m.status === 'missing').map(m => m.name)
    const r: ScriptReport = { file: p.file, modules, missing, ready: missing.length === 0 }
    if (missing.length === 0) {
      r.compile = compile(p.file, inc)
      r.ready = r.compile.ok
    }
    return r
  })
  const missing = [...new Set(scripts.flatMap(s => s.missing))].sort()
  return {
    scripts,
    summary: {
      scripts: scripts.length,
      ready: scripts.filter(s => s.ready).length,
      need_modules: scripts.filter(s => s.missing.length > 0).length,
      compile_failures: scripts.filter(s => s.compile !== undefined && !s.compile.ok).length,
      missing,
    },
  }
}

/** The report as text: a line (or a few) a script, then the summary line. */
export function renderScan (r: ScanReport, base = process.cwd()): string {
  let out = ''
  for (const s of r.scripts) {
    const name = path.relative(base, s.file) || s.file
    const by = (st: ModuleStatus): string => s.modules.filter(m => m.status === st).map(m => m.name).join(', ')
    if (s.missing.length > 0) out += `${name}: needs ${s.missing.join(', ')}\n`
    else if (s.compile !== undefined && !s.compile.ok) out += `${name}: does not compile with the facades:\n  ${s.compile.message.split('\n').join('\n  ')}\n`
    else out += `${name}: ready\n`
    for (const st of ['facade', 'local', 'core'] as const) { const l = by(st); if (l !== '') out += `  ${st}: ${l}\n` }
  }
  const sm = r.summary
  out += `${sm.ready} of ${sm.scripts} scripts ready` +
    (sm.need_modules > 0 ? `, ${sm.need_modules} need modules: ${sm.missing.join(', ')}` : '') +
    (sm.compile_failures > 0 ? `, ${sm.compile_failures} do not compile` : '') + '\n'
  return out
}
