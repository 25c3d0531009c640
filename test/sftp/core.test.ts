// The sftp module end to end against the test sshd: open/close, stat, list,
// upload/download (bytes compared on the server's disk), get/put_content, and
// the pool behind them (the server sees one TCP connection for two opens).
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { call, rpc } from '../helpers.js'
import { ssh } from '../transfer/env.js'
import { app, local, scratch, sftpSuite } from './setup.js'

const conn = { host: ssh.host, port: ssh.port, user: ssh.user, password: ssh.password, known_hosts: ssh.knownHosts }

sftpSuite('sftp-core', { sshKnownHosts: [] })

describe('sftp core', () => {
  it('opens with a password, reports home, lists, stats and closes', async () => {
    const o = await call(app, 'sftp.open', conn)
    expect(o.home).toBe(fs.realpathSync(ssh.home))
    fs.writeFileSync(path.join(scratch.local, 'a.txt'), 'hello')
    const st = await call(app, 'sftp.stat', { sftp_id: o.sftp_id, path: `${scratch.remote}/a.txt` })
    expect(st.attrs.size).toBe(5)
    const l = await call(app, 'sftp.list', { sftp_id: o.sftp_id, dir: scratch.remote })
    const names = (l.entries as unknown[][]).map(r => r[0]).sort()
    expect(names).toEqual(['.', '..', 'a.txt'])
    const row = (l.entries as unknown[][]).find(r => r[0] === 'a.txt') as unknown[]
    expect(row[1]).toMatch(/a\.txt$/)
    expect(row[2]).toBe(5)
    expect(await call(app, 'sftp.close', { sftp_id: o.sftp_id })).toEqual({ closed: true })
  })

  it('uploads and downloads byte-exact, and get/put_content round-trip', async () => {
    const o = await call(app, 'sftp.open', conn)
    const src = path.join(local, 'src.bin')
    const data = Buffer.alloc(3 * 1024 * 1024 + 17)
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) & 0xff
    fs.writeFileSync(src, data)
    const up = await call(app, 'sftp.upload', { sftp_id: o.sftp_id, local: src, remote: `${scratch.remote}/up.bin` })
    expect(up.size).toBe(data.length)
    expect(fs.readFileSync(path.join(scratch.local, 'up.bin')).equals(data)).toBe(true)
    expect(fs.readdirSync(scratch.local).filter(f => f.includes('cbpart'))).toEqual([])
    const dst = path.join(local, 'dst.bin')
    const down = await call(app, 'sftp.download', { sftp_id: o.sftp_id, remote: `${scratch.remote}/up.bin`, local: dst })
    expect(down.size).toBe(data.length)
    expect(fs.readFileSync(dst).equals(data)).toBe(true)
    const w = await call(app, 'sftp.write_content', { sftp_id: o.sftp_id, remote: `${scratch.remote}/c.txt`, content: "O'Brien $(rm) ../x" })
    expect(w.size).toBe(18)
    const r = await call(app, 'sftp.read_content', { sftp_id: o.sftp_id, remote: `${scratch.remote}/c.txt` })
    expect(Buffer.from(r.content.$base64, 'base64').toString()).toBe("O'Brien $(rm) ../x")
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
  })

  it('a missing remote file is sftp_status 2 naming the path', async () => {
    const o = await call(app, 'sftp.open', conn)
    const r = await rpc(app, 'sftp.stat', { sftp_id: o.sftp_id, path: `${scratch.remote}/nope` })
    expect(r.error?.data).toMatchObject({ type: 'backend_error', backend_code: 'sftp_status', status: 2, status_text: 'No such file' })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
  })
})
