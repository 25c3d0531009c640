// The transfer GC pacer really collects: without it ssh2's dead packet
// buffers pile up to V8's external-memory limit during a big transfer (the
// daemon's RSS then stays that much higher). Counted through the gc
// performance entries: one young-generation collection per PACE_BYTES.
import { describe, expect, it } from 'vitest'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import { GcPacer, PACE_BYTES } from '../../src/gc-pacer.js'

describe('GcPacer', () => {
  it('runs a young-generation collection every PACE_BYTES, none below it', async () => {
    const kinds: number[] = []
    const obs = new PerformanceObserver(list => { for (const e of list.getEntries()) kinds.push(((e as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? -1)) })
    obs.observe({ entryTypes: ['gc'] })
    const p = new GcPacer()
    // nothing allocates in these loops, so V8 collects only when asked
    for (let i = 0; i < 20; i++) p.add(PACE_BYTES)
    await new Promise(resolve => setTimeout(resolve, 100))
    const minor = kinds.filter(k => k === constants.NODE_PERFORMANCE_GC_MINOR).length
    expect(minor).toBeGreaterThanOrEqual(20)
    kinds.length = 0
    const q = new GcPacer()
    for (let i = 0; i < 20; i++) q.add(Math.floor(PACE_BYTES / 40))
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(kinds.filter(k => k === constants.NODE_PERFORMANCE_GC_MINOR).length).toBeLessThan(5)
    obs.disconnect()
  })
})
