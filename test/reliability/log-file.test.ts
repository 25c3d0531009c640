// The log destination's own rules (src/log-file.ts): a write never throws or
// waits, a full queue drops and counts, a closed file drops and counts, a
// path that cannot be a log is a configuration error at start.
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { LogFile, LogFiles } from '../../src/log-file.js'
import { ConfigError } from '../../src/config.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpan-bridge-logfile-'))
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }) })

describe('LogFile', () => {
  it('lines past the queue bound are dropped and counted, the rest reach the file', async () => {
    const file = path.join(dir, 'bounded.log')
    const f = new LogFile(file, 'test', 1000)
    // all written in one turn of the event loop: nothing can be flushed in between
    for (let i = 0; i < 100; i++) expect(f.write(`line ${String(i).padStart(40, '0')}\n`)).toBe(true)
    expect(f.dropped).toBeGreaterThan(0)
    expect(f.lastError).toBe('queue full')
    const dropped = f.dropped
    await f.close()
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines.length + dropped).toBe(100)
    expect(f.written).toBe(lines.length)
  })

  it('a line written after close is dropped, not thrown', async () => {
    const f = new LogFile(path.join(dir, 'closed.log'), 'test')
    await f.close()
    expect(() => f.write('late\n')).not.toThrow()
    expect(f.dropped).toBe(1)
  })

  it('a path that cannot hold a log is a ConfigError naming it', () => {
    fs.writeFileSync(path.join(dir, 'plain'), '')
    const bad = path.join(dir, 'plain', 'x.log')
    expect(() => new LogFile(bad, 'daemon')).toThrow(ConfigError)
    expect(() => new LogFile(bad, 'daemon')).toThrow(bad)
  })

  it('the health check warns while drops are recent, and passes once they are old', async () => {
    const logs = new LogFiles()
    const f = logs.open(path.join(dir, 'health.log'), 'daemon')
    expect(logs.check().status).toBe('pass')
    await f.close()
    f.write('dropped\n')
    expect(logs.check()).toMatchObject({ status: 'warn', message: expect.stringMatching(/1 lines dropped \(closed\)/) })
    expect(logs.check(Date.now() + 60 * 60 * 1000)).toMatchObject({ status: 'pass', message: expect.stringMatching(/1 lines dropped, none in the last/) })
    expect(logs.prometheus()).toContain('cpan_bridge_log_lines_dropped_total{log="daemon"} 1')
  })
})
