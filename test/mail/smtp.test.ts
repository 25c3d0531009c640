// smtp.* (the Net::SMTP facade's step-by-step conversation): against the
// capture server (replies as results whatever their code, the data phase's
// bytes as given, AUTH with the password never echoed, STARTTLS), and
// against private servers for what the shared one cannot show: a server that
// dies mid-DATA, one that never answers the end of data, a garbage reply,
// and what a session ending under an open data phase or an idle connection
// sends (the partial message dropped, never completed; QUIT when idle).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { call, rpc } from '../helpers.js'
import { buildMailServer, caFile, captured, capturedAny, smtp, uniqueRcpt } from './smtp-env.js'

let app: FastifyInstance
let dir: string
let ca: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-smtp-'))
  ca = caFile(dir)
  app = await buildMailServer()
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const b64 = (b: Buffer | string): { $base64: string } => ({ $base64: (typeof b === 'string' ? Buffer.from(b, 'latin1') : b).toString('base64') })
const open = async (session: string, extra: Record<string, unknown> = {}): Promise<string> => {
  const r = await call(app, 'smtp.open', { host: smtp.host, port: smtp.port, timeout: 20, hello: 'vitest.example.test', ...extra }, session)
  expect(r.smtp_id).toEqual(expect.any(String))
  return r.smtp_id as string
}

describe('smtp.* against the capture server', () => {
  it('open gives the greeting and the EHLO reply as steps; refusals are results; the data bytes arrive as given', async () => {
    const session = 'smtp-plain'
    const r = await call(app, 'smtp.open', { host: smtp.host, port: smtp.port, timeout: 20, hello: 'vitest.example.test' }, session)
    expect(r.steps[0]).toMatchObject({ sent: null, code: 220 })
    expect(r.steps[1]).toMatchObject({ sent: 'EHLO vitest.example.test', code: 250 })
    expect(r.message).toContain('STARTTLS\n')
    expect(r.tls).toBe(false)
    const id = r.smtp_id as string
    const to = uniqueRcpt()
    expect(await call(app, 'smtp.command', { smtp_id: id, command: 'MAIL FROM:<a@example.test>' }, session)).toMatchObject({ code: 250 })
    const refused = await call(app, 'smtp.command', { smtp_id: id, command: `RCPT TO:<reject${to}>` }, session)
    expect(refused.code).toBe(550)
    expect(refused.message[0]).toMatch(/Recipient address rejected\n$/)
    expect(await call(app, 'smtp.command', { smtp_id: id, command: `RCPT TO:<${to}>` }, session)).toMatchObject({ code: 250 })
    expect(await call(app, 'smtp.command', { smtp_id: id, command: 'DATA' }, session)).toMatchObject({ code: 354 })
    // a command in the open data phase would be message text: refused, naming the field
    const inData = await rpc(app, 'smtp.command', { smtp_id: id, command: 'NOOP' }, session)
    expect(inData.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.command' })
    const chunks = ['Subject: chunks\r\n\r\n..stuffed\r\n', 'caf\xe9 8-bit\r\nno final newline']
    for (const c of chunks) expect(await call(app, 'smtp.data', { smtp_id: id, data: b64(c) }, session)).toEqual({ written: c.length })
    const end = await call(app, 'smtp.data', { smtp_id: id, end: true }, session)
    expect(end).toMatchObject({ code: 250, written: 0 })
    const got = await captured(to)
    expect(got.eml.toString('latin1')).toBe('Subject: chunks\r\n\r\n.stuffed\r\ncaf\xe9 8-bit\r\nno final newline\r\n')
    expect(got.meta.rcpt_tos).toEqual([to])
    expect(await call(app, 'smtp.quit', { smtp_id: id }, session)).toMatchObject({ code: 221 })
    const after = await rpc(app, 'smtp.command', { smtp_id: id, command: 'NOOP' }, session)
    expect(after.error?.data?.type).toBe('handle_not_found')
  })

  it('a bad command line names the field; a closed port is smtp_connect with its errno', async () => {
    const session = 'smtp-bad'
    const id = await open(session)
    const r = await rpc(app, 'smtp.command', { smtp_id: id, command: 'NOOP\r\nRSET' }, session)
    expect(r.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.command' })
    // a timeout past setTimeout's 2^31-1 ms range must not fire at once
    const long = await open(session, { timeout: 1e9 })
    expect(await call(app, 'smtp.command', { smtp_id: long, command: 'NOOP' }, session)).toMatchObject({ code: 250 })
    const closed = await rpc(app, 'smtp.open', { host: '127.0.0.1', port: 1, timeout: 5 }, session)
    expect(closed.error?.data).toMatchObject({ backend_code: 'smtp_connect', errno: 'ECONNREFUSED' })
    await app.sessions.endSession(session)
  })

  it('auth: LOGIN as Authen::SASL::Perl runs it, the user shown and the password masked; a wrong password is a 535 result', async () => {
    const session = 'smtp-auth'
    const id = await open(session)
    const bad = await call(app, 'smtp.auth', { smtp_id: id, user: smtp.user, password: 'not-it', mechanisms: 'LOGIN PLAIN' }, session)
    expect(bad.code).toBe(535)
    const good = await call(app, 'smtp.auth', { smtp_id: id, user: smtp.user, password: smtp.password, mechanisms: 'LOGIN PLAIN' }, session)
    expect(good).toMatchObject({ code: 235, mechanism: 'LOGIN' })
    expect(good.steps.map((s: { sent: string }) => s.sent)).toEqual(['AUTH LOGIN', Buffer.from(smtp.user).toString('base64'), '****'])
    const text = JSON.stringify([bad, good])
    expect(text).not.toContain(smtp.password)
    expect(text).not.toContain(Buffer.from(smtp.password).toString('base64'))
    const plain = await open(session)
    const p = await call(app, 'smtp.auth', { smtp_id: plain, user: smtp.user, password: smtp.password, mechanisms: 'PLAIN' }, session)
    expect(p).toMatchObject({ code: 235, mechanism: 'PLAIN' })
    expect(p.steps[0].sent).toBe('AUTH PLAIN ****')
    const none = await rpc(app, 'smtp.auth', { smtp_id: plain, user: 'u', password: 'p', mechanisms: 'GSSAPI' }, session)
    expect(none.error?.data).toMatchObject({ backend_code: 'smtp_auth_mechanism' })
    await app.sessions.endSession(session)
  })

  it('starttls with the CA gives a TLS conversation; an untrusted certificate is smtp_tls and the connection is gone', async () => {
    const session = 'smtp-tls'
    const id = await open(session, { ca_file: ca })
    const r = await call(app, 'smtp.starttls', { smtp_id: id, hello: 'vitest.example.test' }, session)
    expect(r).toMatchObject({ code: 250, tls: true })
    expect(r.steps.map((s: { sent: string }) => s.sent)).toEqual(['STARTTLS', 'EHLO vitest.example.test'])
    expect(r.message).not.toContain('STARTTLS\n')
    const to = uniqueRcpt()
    await call(app, 'smtp.command', { smtp_id: id, command: 'MAIL FROM:<tls@example.test>' }, session)
    await call(app, 'smtp.command', { smtp_id: id, command: `RCPT TO:<${to}>` }, session)
    await call(app, 'smtp.command', { smtp_id: id, command: 'DATA' }, session)
    expect(await call(app, 'smtp.data', { smtp_id: id, data: b64('Subject: tls\r\n\r\nx\r\n'), end: true }, session)).toMatchObject({ code: 250 })
    expect((await captured(to)).meta.tls).toBe(true)

    const untrusted = await open(session)
    const u = await rpc(app, 'smtp.starttls', { smtp_id: untrusted, hello: 'x' }, session)
    expect(u.error?.data).toMatchObject({ backend_code: 'smtp_tls', stage: 'tls' })
    expect(u.error?.data?.steps).toMatchObject([{ sent: 'STARTTLS', code: 220 }])
    const next = await rpc(app, 'smtp.command', { smtp_id: untrusted, command: 'NOOP' }, session)
    expect(next.error?.data?.type).toBe('backend_error')
    await app.sessions.endSession(session)
  })

  it('a session that ends in an open data phase drops the message: the server never gets its end', async () => {
    const session = 'smtp-open-data'
    const id = await open(session)
    const to = uniqueRcpt('drop')
    await call(app, 'smtp.command', { smtp_id: id, command: 'MAIL FROM:<a@example.test>' }, session)
    await call(app, 'smtp.command', { smtp_id: id, command: `RCPT TO:<${to}>` }, session)
    await call(app, 'smtp.command', { smtp_id: id, command: 'DATA' }, session)
    await call(app, 'smtp.data', { smtp_id: id, data: b64('Subject: half\r\n\r\nhalf a message\r\n') }, session)
    await app.sessions.endSession(session)
    expect(await capturedAny(to, 1500)).toBe(false)
  })
})

type Mode = 'record' | 'die-mid-data' | 'no-end-reply' | 'garbage' | 'hangup-on-ehlo'
interface Private { port: number, received: () => string, closed: () => boolean, close: () => Promise<void> }

/** A private SMTP server on port 0: a plain conversation, then the fault of `mode`. It keeps what it received. */
async function privateServer (mode: Mode): Promise<Private> {
  const sockets = new Set<net.Socket>()
  let received = ''
  let closed = false
  const server = net.createServer(sock => {
    sockets.add(sock)
    sock.on('error', () => undefined)
    sock.on('close', () => { closed = true })
    sock.write('220 private ESMTP\r\n')
    let buf = ''
    let inData = false
    sock.on('data', d => {
      received += d.toString('latin1')
      buf += d.toString('latin1')
      if (inData) {
        if (mode === 'die-mid-data') { sock.destroy(); return }
        const end = buf.indexOf('\r\n.\r\n')
        if (end < 0) return
        buf = buf.slice(end + 5)
        inData = false
        if (mode !== 'no-end-reply') sock.write('250 queued\r\n')
      }
      let i: number
      while (!inData && (i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 2)
        if (/^EHLO/i.test(line)) {
          if (mode === 'hangup-on-ehlo') { sock.destroy(); return }
          sock.write(mode === 'garbage' ? 'hello there\r\n' : '250-private\r\n250 8BITMIME\r\n')
        } else if (/^(MAIL|RCPT|RSET|NOOP)/i.test(line)) sock.write('250 OK\r\n')
        else if (/^DATA/i.test(line)) { sock.write('354 go ahead\r\n'); inData = true } else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n')
        else sock.write('500 what\r\n')
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => received,
    closed: () => closed,
    close: async () => { for (const s of sockets) s.destroy(); await new Promise(resolve => server.close(resolve)) },
  }
}

const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms
  while (!cond() && Date.now() < end) await new Promise(resolve => setTimeout(resolve, 20))
}

const envelope = async (session: string, port: number, timeout = 10): Promise<string> => {
  const { smtp_id: id } = await call(app, 'smtp.open', { host: '127.0.0.1', port, timeout, hello: 'h' }, session)
  await call(app, 'smtp.command', { smtp_id: id, command: 'MAIL FROM:<a@x>' }, session)
  await call(app, 'smtp.command', { smtp_id: id, command: 'RCPT TO:<b@x>' }, session)
  expect(await call(app, 'smtp.command', { smtp_id: id, command: 'DATA' }, session)).toMatchObject({ code: 354 })
  return id as string
}

describe('smtp.* faults (private servers)', () => {
  it('a server that dies mid-DATA: the data call is an error (not a hang), and so is the next call', async () => {
    const srv = await privateServer('die-mid-data')
    const session = 'smtp-die'
    try {
      const id = await envelope(session, srv.port)
      const big = Buffer.alloc(8 * 1024 * 1024, 'x\r\n')
      const first = await rpc(app, 'smtp.data', { smtp_id: id, data: b64(big) }, session)
      const r = first.error !== undefined ? first : await rpc(app, 'smtp.data', { smtp_id: id, data: b64(big), end: true }, session)
      expect(r.error?.data?.type).toBe('backend_error')
      expect(r.error?.data?.backend_code).toBe('smtp_disconnected')
      const next = await rpc(app, 'smtp.command', { smtp_id: id, command: 'RSET' }, session)
      expect(next.error?.data?.type).toMatch(/^(backend_error|invalid_params)$/)
    } finally {
      await app.sessions.endSession(session)
      await srv.close()
    }
  })

  it('no reply to the end of data within the timeout: smtp_timeout, and the connection is closed', async () => {
    const srv = await privateServer('no-end-reply')
    const session = 'smtp-noreply'
    try {
      const id = await envelope(session, srv.port, 1)
      const r = await rpc(app, 'smtp.data', { smtp_id: id, data: b64('Subject: x\r\n\r\nbody\r\n'), end: true }, session)
      expect(r.error?.data).toMatchObject({ backend_code: 'smtp_timeout' })
      await until(() => srv.closed())
      expect(srv.closed()).toBe(true)
      expect(srv.received()).toContain('body\r\n.\r\n')
    } finally {
      await app.sessions.endSession(session)
      await srv.close()
    }
  })

  it('a session ending in the data phase closes the connection without ending the message or saying QUIT', async () => {
    const srv = await privateServer('record')
    const session = 'smtp-end-in-data'
    try {
      const id = await envelope(session, srv.port)
      await call(app, 'smtp.data', { smtp_id: id, data: b64('Subject: partial\r\n\r\nstill writing\r\n') }, session)
      await app.sessions.endSession(session)
      await until(() => srv.closed())
      expect(srv.closed()).toBe(true)
      expect(srv.received()).toContain('still writing\r\n')
      expect(srv.received()).not.toContain('\r\n.\r\n')
      expect(srv.received()).not.toContain('QUIT')
    } finally { await srv.close() }
  })

  it('a session ending with an idle connection says QUIT', async () => {
    const srv = await privateServer('record')
    const session = 'smtp-end-idle'
    try {
      await call(app, 'smtp.open', { host: '127.0.0.1', port: srv.port, timeout: 10, hello: 'h' }, session)
      await app.sessions.endSession(session)
      await until(() => srv.closed())
      expect(srv.received()).toMatch(/EHLO h\r\nQUIT\r\n$/)
    } finally { await srv.close() }
  })

  it('a reply that is not SMTP is smtp_protocol; a server hanging up on EHLO is smtp_disconnected', async () => {
    const g = await privateServer('garbage')
    const h = await privateServer('hangup-on-ehlo')
    try {
      const r = await rpc(app, 'smtp.open', { host: '127.0.0.1', port: g.port, timeout: 5, hello: 'h' }, 'smtp-garbage')
      // what the facade needs for Net::Cmd's Debug output: the exchanges so far, the unanswered line, the bad line
      expect(r.error?.data).toMatchObject({ backend_code: 'smtp_protocol', unanswered: 'EHLO h', line: 'hello there' })
      expect(r.error?.data?.steps).toEqual([{ sent: null, code: 220, message: ['private ESMTP\n'] }])
      expect(r.error?.message).toContain('hello there')
      const s = await rpc(app, 'smtp.open', { host: '127.0.0.1', port: h.port, timeout: 5, hello: 'h' }, 'smtp-garbage')
      expect(s.error?.data).toMatchObject({ backend_code: 'smtp_disconnected', unanswered: 'EHLO h' })
    } finally {
      await g.close()
      await h.close()
    }
  })

  it('data before DATA is written as Net::Cmd writes it (the server takes it as commands), its end reads one reply', async () => {
    const srv = await privateServer('record')
    const session = 'smtp-early-data'
    try {
      const { smtp_id: id } = await call(app, 'smtp.open', { host: '127.0.0.1', port: srv.port, timeout: 10, hello: 'h' }, session)
      const r = await call(app, 'smtp.data', { smtp_id: id, data: b64('NOOP\r\n'), end: true }, session)
      expect(r).toMatchObject({ code: 250, written: 6 })
      // the reply to "." is still pending, as under the real module: the next command reads it
      expect(await call(app, 'smtp.command', { smtp_id: id, command: 'RSET' }, session)).toMatchObject({ code: 500 })
      expect(srv.received()).toContain('NOOP\r\n.\r\n')
    } finally {
      await app.sessions.endSession(session)
      await srv.close()
    }
  })
})
