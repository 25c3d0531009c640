// `cpan-bridge scan`: the migration report on a tree of scripts written for
// it (test/fixtures/scan): core, facade, the tree's own and missing modules,
// compiled with the facades first; text, --json, the summary, the exit code.
import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { modulesOf } from '../../src/scan.js'

const ROOT = path.resolve(__dirname, '../..')
const FIXTURE = path.join(ROOT, 'test/fixtures/scan')
const cli = (...args: string[]): { out: string, err: string, code: number | null } => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/main.js'), 'scan', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  return { out: r.stdout, err: r.stderr, code: r.status }
}

describe('cpan-bridge scan', () => {
  it('reads use, require and use parent; not POD, comments or what follows __END__', () => {
    const m = modulesOf('use strict;\n# use Commented::Out;\nrequire Foo::Bar; use parent -norequire, "Skipped";\nuse base qw(Base::One Base::Two);\n=head1 X\n\nuse In::Pod;\n\n=cut\nuse Real::One 1.2 qw(a);\npackage My::Pkg;\n__END__\nuse After::End;\n')
    expect(m.uses.sort()).toEqual(['Base::One', 'Base::Two', 'Foo::Bar', 'Real::One', 'base', 'parent', 'strict'])
    expect(m.packages).toEqual(['My::Pkg'])
  })

  it('--json: each file with its modules and their status, compile results, the summary', () => {
    const { out, code } = cli(FIXTURE, '--json')
    expect(code).toBe(1)
    const r = JSON.parse(out) as { scripts: Array<{ file: string, modules: Array<{ name: string, status: string }>, missing: string[], compile?: { ok: boolean, message: string }, ready: boolean }>, summary: Record<string, unknown> }
    const by = (f: string): (typeof r.scripts)[number] => r.scripts.find(s => s.file.endsWith(f))!
    expect(r.scripts.map(s => path.relative(FIXTURE, s.file)).sort()).toEqual(['bin/broken.pl', 'bin/noext', 'bin/report.pl', 'bin/transfer.pl', 'lib/Acme/Format.pm'])
    const report = by('bin/report.pl')
    expect(report.modules).toEqual(expect.arrayContaining([{ name: 'DBI', status: 'facade' }, { name: 'Acme::Format', status: 'local' }, { name: 'POSIX', status: 'core' }]))
    expect(report.ready).toBe(true)
    expect(report.compile?.ok).toBe(true)
    const transfer = by('bin/transfer.pl')
    expect(transfer.missing).toEqual(['Tk', 'Win32::OLE'])
    expect(transfer.modules).toEqual(expect.arrayContaining([{ name: 'Crypt::CBC', status: 'facade' }]))
    expect(transfer.compile).toBeUndefined()
    const broken = by('bin/broken.pl')
    expect(broken.compile?.ok).toBe(false)
    expect(broken.compile?.message).toMatch(/syntax error/)
    expect(by('bin/noext').ready).toBe(true)
    expect(by('lib/Acme/Format.pm').modules.map(m => m.name)).not.toContain('Not::Really')
    expect(r.summary).toEqual({ scripts: 5, ready: 3, need_modules: 1, compile_failures: 1, missing: ['Tk', 'Win32::OLE'] })
  })

  it('plain text: a line a file and the summary line; exit 0 when every script is ready', () => {
    const all = cli(FIXTURE)
    expect(all.out).toMatch(/bin\/transfer\.pl: needs Tk, Win32::OLE/)
    expect(all.out).toMatch(/bin\/broken\.pl: does not compile with the facades/)
    expect(all.out.trim().split('\n').pop()).toBe('3 of 5 scripts ready, 1 need modules: Tk, Win32::OLE, 1 do not compile')
    const ready = cli(path.join(FIXTURE, 'bin/report.pl'), path.join(FIXTURE, 'lib'))
    expect(ready.code).toBe(0)
    expect(ready.out.trim().split('\n').pop()).toBe('2 of 2 scripts ready')
    expect(cli().code).toBe(2)
    expect(cli(path.join(FIXTURE, 'no-such-dir')).err).toMatch(/no such file or directory/)
  })
})
