// Keep-alive is set on purpose (issue 11, item 2). The daemon's server factory
// bypassed Fastify's 72 s keep-alive timeout, so Node's 5 s applied: a
// request sent on a connection idle for more than 5 s raced the daemon
// closing it and could get "connection reset". Now the daemon keeps an idle
// connection 72 s and the Perl client stops reusing one after 60 s idle.
import { afterEach, describe, expect, it } from 'vitest'
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { buildServer } from '../../src/server.js'
import { listenAll } from '../../src/listen.js'
import { testConfig } from '../../src/config.js'

const root = path.resolve(import.meta.dirname, '..', '..')
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

async function daemon (): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-keepalive-'))
  const sock = path.join(dir, 'bridge.sock')
  const { close } = await listenAll(testConfig({ socketPath: sock }), buildServer)
  cleanups.push(async () => { await close(); fs.rmSync(dir, { recursive: true, force: true }) })
  return sock
}

const PING = '{"jsonrpc":"2.0","id":1,"method":"test.ping"}'
const request = `POST /rpc HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Bridge-Session: keepalive-test\r\nContent-Length: ${PING.length}\r\n\r\n${PING}`

/** One kept-alive connection: send a request, get the whole reply (or what broke it). */
function connection (sock: string): { ask: () => Promise<string>, closed: () => boolean, end: () => void } {
  const s = net.connect(sock)
  let buf = ''
  let closed = false
  let waiter: ((v: string) => void) | undefined
  const settle = (v: string): void => { const w = waiter; waiter = undefined; w?.(v) }
  s.on('data', (d: Buffer) => {
    buf += d.toString()
    const head = buf.indexOf('\r\n\r\n')
    const len = /content-length: (\d+)/i.exec(buf)?.[1]
    if (head >= 0 && len !== undefined && buf.length >= head + 4 + Number(len)) { const r = buf; buf = ''; settle(r) }
  })
  s.on('error', (err) => { settle(`error: ${err.message}`) })
  s.on('close', () => { closed = true; settle('closed by the daemon') })
  return {
    ask: async () => await new Promise<string>(resolve => {
      waiter = resolve
      if (closed) { settle('closed by the daemon'); return }
      s.write(request)
    }),
    closed: () => closed,
    end: () => { s.destroy() },
  }
}

describe('keep-alive', () => {
  it('a request after 6 s idle on a kept-alive connection is answered on that connection', async () => {
    const c = connection(await daemon())
    try {
      expect(await c.ask()).toMatch(/^HTTP\/1\.1 200[\s\S]*"pong"/)
      await new Promise(resolve => setTimeout(resolve, 6000))
      expect(c.closed(), 'the daemon closed the idle connection').toBe(false)
      expect(await c.ask()).toMatch(/^HTTP\/1\.1 200[\s\S]*"pong"/)
    } finally {
      c.end()
    }
  }, 20_000)

  it('the Perl client stops reusing a connection before the daemon would close it', async () => {
    const { KEEP_ALIVE_TIMEOUT_MS } = await import('../../src/listen.js')
    const window = Number(execFileSync('perl', [`-I${root}/perl/lib`, '-MCPANBridge::Transport', '-e', 'print $CPANBridge::Transport::IDLE_REUSE'], { encoding: 'utf8' }))
    console.log(`daemon keep-alive timeout ${KEEP_ALIVE_TIMEOUT_MS / 1000} s, Perl client idle reuse window ${window} s`)
    expect(window * 1000).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS)
  })

  it('the Perl client opens a new connection after its idle window, and reuses one within it', async () => {
    const sock = await daemon()
    // a short window so the test need not idle for a minute; $t->{connects} counts connections opened
    // (asynchronously: the daemon answers from this process)
    const { stdout: out } = await promisify(execFile)('perl', [`-I${root}/perl/lib`, '-MCPANBridge', '-MTime::HiRes', '-e', `
      $CPANBridge::Transport::IDLE_REUSE = 0.5;
      my $b = CPANBridge->new;
      my $t = CPANBridge::Session::transport($ENV{CPAN_BRIDGE_SOCKET}, 10);
      $b->call('test', 'ping', {}) for 1 .. 3;
      my $within = $t->{connects};
      Time::HiRes::sleep(0.8);
      my $r = $b->call('test', 'ping', {});
      print "within=$within after=$t->{connects} ok=", ($r->{success} ? 1 : 0), "\\n";`], {
      encoding: 'utf8',
      env: { ...process.env, CPAN_BRIDGE_SOCKET: sock, CPAN_BRIDGE_AUTOSTART: '0' },
    })
    expect(out.trim()).toBe('within=1 after=2 ok=1')
  })
})
