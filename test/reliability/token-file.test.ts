// A bad token file stops `serve` with one line naming the file and the reason,
// a non-zero exit and no stack trace (issue 11, item 8): an operator reads it
// in a cron mail or a systemd journal. Runs the built CLI (npm test builds dist).
import { afterAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..', '..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpan-bridge-token-'))
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }) })

function token (name: string, text: string | null, mode = 0o600): string {
  const f = path.join(dir, name)
  if (text === null) return f
  fs.writeFileSync(f, text)
  fs.chmodSync(f, mode)
  return f
}

function serve (tokenFile: string): { status: number | null, stderr: string, stdout: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/src/main.js'), 'serve', '--socket', path.join(dir, 'b.sock'), '--tcp', '127.0.0.1:1', '--token-file', tokenFile],
    { encoding: 'utf8', timeout: 20_000, env: { ...process.env, CPAN_BRIDGE_LOG_LEVEL: 'silent' } })
  return { status: r.status, stderr: r.stderr, stdout: r.stdout }
}

const secret = 'a-real-token-of-enough-length-0123456789'
const cases: Array<[string, () => string, RegExp]> = [
  ['missing', () => token('missing', null), /does not exist/],
  ['empty', () => token('empty', ''), /is empty/],
  ['blank', () => token('blank', '  \n'), /is empty/],
  ['too short', () => token('short', 'abc123\n'), /shorter than 16/],
  ['readable by others', () => token('open', `${secret}\n`, 0o644), /must be mode 0600, it is 0644/],
  ['a directory', () => { const d = path.join(dir, 'adir'); fs.mkdirSync(d, { recursive: true }); return d }, /not a regular file/],
]

describe('a bad token file', () => {
  it.each(cases)('%s: one line naming the file and the reason, exit 1, no stack trace', (_name, make, reason) => {
    const file = make()
    const r = serve(file)
    expect(r.status).toBe(1)
    const lines = r.stderr.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(file)
    expect(lines[0]).toMatch(reason)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr + r.stdout).not.toContain(secret)
    expect(fs.existsSync(path.join(dir, 'b.sock'))).toBe(false)
  })

  // root reads any file, so "permission denied" can only be shown by another user
  it.skipIf(process.getuid?.() === 0)('unreadable: one line saying permission denied', () => {
    const file = token('unreadable', `${secret}\n`, 0o000)
    const r = serve(file)
    expect(r.status).toBe(1)
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/cannot be read \(permission denied\)/)])
  })
})
