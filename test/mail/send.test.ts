// mail.send against the aiosmtpd capture server: the bytes as received, the
// pooled connection reused across sessions, STARTTLS/SMTPS/AUTH, refusals
// with their stage, and faults from private servers (one that dies mid-DATA,
// one that never answers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { call, rpc } from '../helpers.js'
import { buildMailServer, caFile, captured, capturedAny, smtp, uniqueRcpt } from './smtp-env.js'
import { datasendBytes, dataendBytes } from '../../helpers/mail/datasend.js'

let app: FastifyInstance
let dir: string
let ca: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-mail-'))
  ca = caFile(dir)
  app = await buildMailServer()
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const base = () => ({ host: smtp.host, port: smtp.port, timeout: 20, tls: { ca_file: ca } })
const b64 = (b: Buffer) => ({ $base64: b.toString('base64') })

/** What a server that unstuffs dots receives from Net::SMTP's datasend(whole) + dataend. */
function asNetSmtpDelivers (msg: Buffer): Buffer {
  const st = { last: 0x0a }
  const wire = Buffer.concat([datasendBytes(msg, st), dataendBytes(st)])
  // undo the transparency as the server does: strip the final ".\r\n", then one leading dot per line
  const body = wire.subarray(0, wire.length - 3).toString('latin1')
  return Buffer.from(body.split('\r\n').map(l => l.startsWith('.') ? l.slice(1) : l).join('\r\n'), 'latin1')
}

describe('mail.send', () => {
  it('delivers the bytes as Net::SMTP would: dot lines, "From ", LF and CRLF mixes, 8-bit, no final newline', async () => {
    const to = uniqueRcpt()
    const msg = Buffer.concat([
      Buffer.from(`From: a@example.test\nTo: ${to}\r\nSubject: dots\n\n`, 'latin1'),
      Buffer.from('.\n..two\r\n.\r\nFrom the start\nmixed\r\nline\ncaf\u00e9 \u20ac\n', 'utf8'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from("SELECT * FROM t WHERE name = 'O''Brien'; <b>x</b> ../x $(rm)\n" + 'x'.repeat(990) + '\nlast line no newline', 'latin1'),
    ])
    const r = await call(app, 'mail.send', { ...base(), from: 'sender@example.test', to: [to], message: b64(msg) })
    expect(r.accepted).toEqual([to])
    expect(r.rejected).toEqual([])
    expect(r.response).toMatch(/^250 /)
    const got = await captured(to)
    expect(got.eml.toString('latin1')).toBe(asNetSmtpDelivers(msg).toString('latin1'))
    expect(got.eml.toString('latin1')).toContain('\r\n.\r\n..two\r\n.\r\nFrom the start\r\n')
    expect(got.meta.mail_from).toBe('sender@example.test')
    expect(got.meta.tls).toBe(true) // STARTTLS offered: used (starttls auto)
  })

  it('a bare CR becomes CRLF (nodemailer; Net::SMTP would send it bare)', async () => {
    const to = uniqueRcpt()
    await call(app, 'mail.send', { ...base(), from: 'a@example.test', to: [to], message: b64(Buffer.from('Subject: cr\r\n\r\na\rb\r.c\r\n', 'latin1')) })
    const got = await captured(to)
    expect(got.eml.toString('latin1')).toBe('Subject: cr\r\n\r\na\r\nb\r\n.c\r\n')
  })

  it('reuses the pooled connection across sessions (same client port) and lists it in /connections without the password', async () => {
    const p = { ...base(), auth: { user: smtp.user, password: smtp.password } }
    const t1 = uniqueRcpt()
    const t2 = uniqueRcpt()
    await call(app, 'mail.send', { ...p, from: 'a@example.test', to: [t1], message: 'Subject: one\r\n\r\n1\r\n' }, 'session-one')
    await call(app, 'mail.send', { ...p, from: 'a@example.test', to: [t2], message: 'Subject: two\r\n\r\n2\r\n' }, 'session-two')
    const [c1, c2] = [await captured(t1), await captured(t2)]
    expect(c1.meta.peer).toBe(c2.meta.peer)
    expect(c1.meta.auth_user).toBe(smtp.user)
    const res = await app.inject({ method: 'GET', url: '/connections' })
    expect(res.body).toContain('"mail"')
    expect(res.body).toContain(smtp.user)
    expect(res.body).not.toContain(smtp.password)
  })

  it('SMTPS (implicit TLS) with the CA; an untrusted certificate is refused with stage tls', async () => {
    const to = uniqueRcpt()
    await call(app, 'mail.send', { host: smtp.host, port: smtp.smtpsPort, ssl: true, timeout: 20, tls: { ca_file: ca }, auth: { user: smtp.user, password: smtp.password }, from: 'a@example.test', to: [to], message: 'Subject: s\r\n\r\nx\r\n' })
    expect((await captured(to)).meta.tls).toBe(true)
    const bad = await rpc(app, 'mail.send', { host: smtp.host, port: smtp.smtpsPort, ssl: true, timeout: 20, from: 'a@example.test', to: [uniqueRcpt()], message: 'x' })
    expect(bad.error?.data).toMatchObject({ type: 'backend_error', backend_code: 'smtp_connect', stage: 'tls' })
    const untrusted = await rpc(app, 'mail.send', { host: smtp.host, port: smtp.port, starttls: 'require', timeout: 20, from: 'a@example.test', to: [uniqueRcpt()], message: 'x' })
    expect(untrusted.error?.data).toMatchObject({ backend_code: 'smtp_connect', stage: 'tls' })
    const noVerify = uniqueRcpt()
    await call(app, 'mail.send', { host: smtp.host, port: smtp.port, starttls: 'require', tls: { verify: false }, timeout: 20, from: 'a@example.test', to: [noVerify], message: 'x' })
    expect((await captured(noVerify)).meta.tls).toBe(true)
  })

  it('starttls never: plain text', async () => {
    const to = uniqueRcpt()
    await call(app, 'mail.send', { ...base(), starttls: 'never', from: '', to: [to], message: 'Subject: plain\r\n\r\nx\r\n' })
    const got = await captured(to)
    expect(got.meta.tls).toBe(false)
    expect(got.meta.mail_from).toBe('<>')
  })

  it('a wrong password is smtp_rejected at auth, the password nowhere in the error', async () => {
    const secret = 'wrong-Pa55word-xyz'
    const r = await rpc(app, 'mail.send', { ...base(), auth: { user: smtp.user, password: secret }, from: 'a@example.test', to: [uniqueRcpt()], message: 'x' })
    expect(r.error?.data).toMatchObject({ type: 'backend_error', backend_code: 'smtp_rejected', smtp_code: 535, stage: 'auth' })
    expect(JSON.stringify(r)).not.toContain(secret)
    expect(JSON.stringify(r)).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12))
  })

  it('refusals carry smtp_code and stage: tempfail sender, rejected recipient; one bad recipient among good ones', async () => {
    const r1 = await rpc(app, 'mail.send', { ...base(), from: 'tempfail@example.test', to: [uniqueRcpt()], message: 'x' })
    expect(r1.error?.data).toMatchObject({ backend_code: 'smtp_rejected', smtp_code: 451, stage: 'mail' })
    expect(String(r1.error?.data?.smtp_message)).toContain('Try again later')
    const bad = uniqueRcpt('reject')
    const r2 = await rpc(app, 'mail.send', { ...base(), from: 'a@example.test', to: [bad], message: 'x' })
    expect(r2.error?.data).toMatchObject({ backend_code: 'smtp_rejected', smtp_code: 550, stage: 'rcpt' })
    const good = uniqueRcpt()
    const r3 = await call(app, 'mail.send', { ...base(), from: 'a@example.test', to: [good, bad], message: 'Subject: part\r\n\r\nx\r\n' })
    expect(r3.accepted).toEqual([good])
    expect(r3.rejected).toEqual([bad])
    expect((await captured(good)).meta.rcpt_tos).toEqual([good])
    // the connection survives a refusal: the next message goes out
    const after = uniqueRcpt()
    await call(app, 'mail.send', { ...base(), from: 'a@example.test', to: [after], message: 'x\r\n' })
    expect(await capturedAny(after, 5000)).toBe(true)
  })

  it('bad params name the field; a closed port is smtp_connect with its errno', async () => {
    const r1 = await rpc(app, 'mail.send', { ...base(), from: 'a@x', to: ['b@x\r\nRSET'], message: 'x' })
    expect(r1.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.to.0' })
    const r2 = await rpc(app, 'mail.send', { ...base(), from: 'a@x', to: [], message: 'x' })
    expect(r2.error?.data?.type).toBe('invalid_params')
    const r3 = await rpc(app, 'mail.send', { host: '127.0.0.1', port: 1, timeout: 5, from: 'a@x', to: ['b@x'], message: 'x' })
    expect(r3.error?.data).toMatchObject({ backend_code: 'smtp_connect', stage: 'connect', errno: 'ECONNREFUSED' })
  })
})

/** A private SMTP server on port 0 that answers the envelope and then misbehaves in DATA. */
async function faultyServer (mode: 'die-mid-data' | 'silent'): Promise<{ port: number, close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer(sock => {
    sockets.add(sock)
    sock.on('error', () => undefined)
    if (mode === 'silent') return
    sock.write('220 faulty ESMTP\r\n')
    let buf = ''
    sock.on('data', d => {
      buf += d.toString('latin1')
      let i: number
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 2)
        if (/^EHLO/i.test(line)) sock.write('250-faulty\r\n250 8BITMIME\r\n')
        else if (/^(MAIL|RCPT)/i.test(line)) sock.write('250 OK\r\n')
        else if (/^DATA/i.test(line)) { sock.write('354 go ahead\r\n'); setTimeout(() => sock.destroy(), 100) }
        else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n')
        else if (/^RSET|NOOP/i.test(line)) sock.write('250 OK\r\n')
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => { for (const s of sockets) s.destroy(); await new Promise(resolve => server.close(resolve)) },
  }
}

describe('mail.send faults (private servers)', () => {
  it('a server that dies mid-DATA is an error with stage data, not a hang', async () => {
    const srv = await faultyServer('die-mid-data')
    try {
      const big = Buffer.alloc(8 * 1024 * 1024, 'x\r\n')
      const r = await rpc(app, 'mail.send', { host: '127.0.0.1', port: srv.port, timeout: 10, from: 'a@x', to: ['b@x'], message: b64(big) })
      expect(r.error?.data?.type).toBe('backend_error')
      expect(['smtp_connect', 'smtp_timeout']).toContain(r.error?.data?.backend_code)
    } finally { await srv.close() }
  })

  it('a server that never greets times out after the given timeout', async () => {
    const srv = await faultyServer('silent')
    try {
      const r = await rpc(app, 'mail.send', { host: '127.0.0.1', port: srv.port, timeout: 1, from: 'a@x', to: ['b@x'], message: 'x' })
      expect(r.error?.data).toMatchObject({ backend_code: 'smtp_timeout' })
    } finally { await srv.close() }
  })
})
