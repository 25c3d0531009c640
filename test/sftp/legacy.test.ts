// The old bridge's sftp calls with their old shapes (SFTPHelper.pm's session_id
// calls, the User Guide's connect/list_files/put/get/rename/delete without one),
// against the test sshd.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { call, rpc } from '../helpers.js'
import { ssh } from '../transfer/env.js'
import { app, local, scratch, sftpSuite } from './setup.js'

sftpSuite('sftp-legacy', { sshKnownHosts: [] })

describe('SFTPHelper.pm calls', () => {
  it('new with more (-i key, -o UserKnownHostsFile), setcwd, put, ls, rename, get, mkdir, remove, error, disconnect', async () => {
    const n = await call(app, 'sftp.new', { host: ssh.host, user: ssh.user, port: ssh.port, timeout: 30, more: ['-i', ssh.key, '-o', `UserKnownHostsFile=${ssh.knownHosts}`] })
    expect(n).toMatchObject({ initial_dir: fs.realpathSync(ssh.home), connection_type: 'ssh2' })
    const sid = n.session_id as string
    expect((await call(app, 'sftp.setcwd', { session_id: sid, remote_dir: scratch.remote })).current_dir).toBe(fs.realpathSync(scratch.local))
    expect(await call(app, 'sftp.cwd', { session_id: sid })).toBe(fs.realpathSync(scratch.local))
    const src = path.join(local, 'a.txt'); fs.writeFileSync(src, 'old helper')
    expect(await call(app, 'sftp.put', { session_id: sid, local_file: src, remote_file: 'a.txt' })).toEqual({ local_file: src, remote_file: 'a.txt', bytes_transferred: 10 })
    expect(fs.readFileSync(path.join(scratch.local, 'a.txt'), 'utf8')).toBe('old helper')
    const ls = await call(app, 'sftp.ls', { session_id: sid, wanted: '\\.txt$' })
    expect(ls).toHaveLength(1)
    expect(ls[0]).toMatchObject({ filename: 'a.txt', size: 10, is_dir: false })
    await call(app, 'sftp.rename', { session_id: sid, old_name: 'a.txt', new_name: 'b.txt' })
    const dst = path.join(local, 'b.txt')
    expect((await call(app, 'sftp.get', { session_id: sid, remote_file: 'b.txt', local_file: dst })).bytes_transferred).toBe(10)
    expect(fs.readFileSync(dst, 'utf8')).toBe('old helper')
    await call(app, 'sftp.mkdir', { session_id: sid, remote_dir: 'sub' })
    expect(fs.statSync(path.join(scratch.local, 'sub')).isDirectory()).toBe(true)
    await call(app, 'sftp.remove', { session_id: sid, remote_file: 'b.txt' })
    expect(fs.existsSync(path.join(scratch.local, 'b.txt'))).toBe(false)
    expect(await call(app, 'sftp.error', { session_id: sid })).toBeNull()
    const bad = await rpc(app, 'sftp.get', { session_id: sid, remote_file: 'nope.txt', local_file: path.join(local, 'nope') })
    expect(bad.error?.data?.backend_code).toBe('sftp_status')
    expect(await call(app, 'sftp.error', { session_id: sid })).toBe(bad.error?.message)
    expect((await call(app, 'sftp.disconnect', { session_id: sid })).session_id).toBe(sid)
    expect(await call(app, 'sftp.error', { session_id: sid })).toBe('SFTP session not found or expired')
  })

  it('new without the host in known_hosts fails naming the fingerprint; StrictHostKeyChecking=no connects', async () => {
    const r = await rpc(app, 'sftp.new', { host: ssh.host, user: ssh.user, port: ssh.port, password: ssh.password })
    expect(r.error?.data).toMatchObject({ backend_code: 'ssh_host_key_unknown' })
    expect(r.error?.message).toMatch(/SHA256:/)
    const n = await call(app, 'sftp.new', { host: ssh.host, user: ssh.user, port: ssh.port, password: ssh.password, more: ['-o', 'StrictHostKeyChecking=no'] })
    await call(app, 'sftp.disconnect', { session_id: n.session_id })
  })
})

describe('User Guide calls', () => {
  it('connect, then put/list_files/get/rename/delete on the session\'s connection', async () => {
    const c = await call(app, 'sftp.connect', { hostname: ssh.host, port: ssh.port, username: ssh.user, private_key_file: ssh.key, known_hosts: ssh.knownHosts }, 'guide')
    expect(c.connected).toBe(true)
    const src = path.join(local, 'g.xml'); fs.writeFileSync(src, '<a/>')
    await call(app, 'sftp.put', { local_file: src, remote_file: `${scratch.remote}/g.xml` }, 'guide')
    expect((await call(app, 'sftp.list_files', { remote_path: scratch.remote }, 'guide')).files).toContain('g.xml')
    await call(app, 'sftp.get', { remote_file: `${scratch.remote}/g.xml`, local_file: path.join(local, 'g2.xml') }, 'guide')
    expect(fs.readFileSync(path.join(local, 'g2.xml'), 'utf8')).toBe('<a/>')
    await call(app, 'sftp.rename', { old_path: `${scratch.remote}/g.xml`, new_path: `${scratch.remote}/h.xml` }, 'guide')
    await call(app, 'sftp.delete', { remote_file: `${scratch.remote}/h.xml` }, 'guide')
    expect(fs.readdirSync(scratch.local).filter(f => f.endsWith('.xml'))).toEqual([])
    const r = await rpc(app, 'sftp.connect', { hostname: ssh.host, port: ssh.port, username: ssh.user, private_key_file: path.join(local, 'missing'), known_hosts: ssh.knownHosts }, 'guide')
    expect(r.error?.data).toMatchObject({ backend_code: 'ssh_key', field: 'params.private_key_file' })
    const none = await rpc(app, 'sftp.list_files', { remote_path: '.' }, 'no-connection')
    expect(none.error?.data?.type).toBe('handle_not_found')
  })
})
