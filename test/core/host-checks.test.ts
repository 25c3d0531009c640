// The host checks of /health (plugins/host-checks.ts): free space on each
// watched filesystem, judged by absolute figures; a lock directory a client
// used joins the watched set. statfs is stubbed for the figures: a real
// filesystem cannot be filled to a threshold in a test.
import { afterEach, describe, expect, it, vi } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import { HOST_THRESHOLDS, HostChecks } from '../../plugins/host-checks.js'

afterEach(() => { vi.restoreAllMocks() })

function freeMb (mb: number): void {
  const real = fs.statfsSync
  vi.spyOn(fs, 'statfsSync').mockImplementation((p: fs.PathLike) => ({ ...real(p), bsize: 4096, blocks: 1e9, bavail: mb * 256 }) as fs.StatsFs)
}

describe('disk', () => {
  it('passes, warns and fails at the documented free space', () => {
    const h = new HostChecks([`${os.tmpdir()}/cpan-bridge-test/bridge.sock`])
    freeMb(HOST_THRESHOLDS.diskWarnFreeMb + 1)
    expect(h.disk().status).toBe('pass')
    vi.restoreAllMocks()
    freeMb(HOST_THRESHOLDS.diskWarnFreeMb - 1)
    expect(h.disk()).toMatchObject({ status: 'warn', message: expect.stringContaining(`${HOST_THRESHOLDS.diskWarnFreeMb - 1} MB free`) })
    vi.restoreAllMocks()
    freeMb(HOST_THRESHOLDS.diskFailFreeMb - 1)
    expect(h.disk().status).toBe('fail')
  })

  it('checks each filesystem once, and a lock directory joins the watched set', () => {
    const h = new HostChecks([`${os.tmpdir()}/a.sock`, `${os.tmpdir()}/b.log`])
    expect(h.disk().message.split('; ')).toHaveLength(1)
    const spy = vi.spyOn(fs, 'statfsSync')
    h.watchDir('/proc')
    h.disk()
    expect(spy.mock.calls.map(c => String(c[0]))).toContain('/proc')
  })
})

describe('host memory', () => {
  it('warns and fails by the share of memory available', () => {
    const h = new HostChecks([])
    vi.spyOn(os, 'totalmem').mockReturnValue(1000 * 1048576)
    vi.spyOn(os, 'freemem').mockReturnValue(500 * 1048576)
    expect(h.memory().status).toBe('pass')
    vi.spyOn(os, 'freemem').mockReturnValue(80 * 1048576)
    expect(h.memory().status).toBe('warn')
    vi.spyOn(os, 'freemem').mockReturnValue(40 * 1048576)
    expect(h.memory().status).toBe('fail')
  })
})
