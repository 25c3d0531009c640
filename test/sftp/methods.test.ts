// Every sftp method against the test sshd, with the bytes and attributes
// checked on the server's disk (the test user's home is local here), and the
// transfer safety: no partial file under the final name, temporaries removed.
import { beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { call, rpc } from '../helpers.js'
import { ssh } from '../transfer/env.js'
import { app, local, scratch, sftpSuite } from './setup.js'

let id: string
const conn = { host: ssh.host, port: ssh.port, user: ssh.user, password: ssh.password, known_hosts: ssh.knownHosts }
const R = (name: string): string => `${scratch.remote}/${name}`
const onServer = (name: string): string => path.join(scratch.local, name)
/** A file in the scratch directory owned by the test user, as the server would have made it. */
function put (name: string, content: string | Buffer): void {
  fs.writeFileSync(onServer(name), content)
  const o = fs.statSync(scratch.local)
  fs.chownSync(onServer(name), o.uid, o.gid)
}
const leftovers = (d: string): string[] => fs.readdirSync(d).filter(f => f.includes('.cbpart-'))
const code = async (method: string, params: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => (await rpc(app, method, { sftp_id: id, ...params })).error?.data

sftpSuite('sftp-methods', { sshKnownHosts: [] })
beforeAll(async () => { id = (await call(app, 'sftp.open', conn)).sftp_id })

describe('directory and attribute methods', () => {
  it('make_dir (perm), stat, lstat, realpath, setstat, remove_dir', async () => {
    await call(app, 'sftp.make_dir', { sftp_id: id, path: R('d1'), perm: 0o750 })
    expect(fs.statSync(onServer('d1')).mode & 0o777).toBe(0o750)
    const st = await call(app, 'sftp.stat', { sftp_id: id, path: R('d1') })
    expect(st.attrs.perm & 0o170000).toBe(0o040000)
    expect(st.attrs.uid).toBe(fs.statSync(onServer('d1')).uid)
    expect((await call(app, 'sftp.realpath', { sftp_id: id, path: `${R('d1')}/../d1/.` })).path).toBe(fs.realpathSync(onServer('d1')))
    put('f', 'abcdef')
    await call(app, 'sftp.setstat', { sftp_id: id, path: R('f'), perm: 0o604, atime: 1_000_000_000, mtime: 1_100_000_000, size: 3 })
    const fst = fs.statSync(onServer('f'))
    expect([fst.mode & 0o777, Math.floor(fst.mtimeMs / 1000), Math.floor(fst.atimeMs / 1000), fst.size]).toEqual([0o604, 1_100_000_000, 1_000_000_000, 3])
    expect((await code('sftp.setstat', { path: R('f'), atime: 5 }))?.field).toBe('params.mtime')
    expect((await code('sftp.remove_dir', { path: R('nope') }))).toMatchObject({ backend_code: 'sftp_status', status: 2 })
    await call(app, 'sftp.remove_dir', { sftp_id: id, path: R('d1') })
    expect(fs.existsSync(onServer('d1'))).toBe(false)
  })

  it('symlink, readlink, lstat vs stat', async () => {
    put('target.txt', 'T')
    await call(app, 'sftp.symlink', { sftp_id: id, link: R('ln'), target: 'target.txt' })
    expect(fs.readlinkSync(onServer('ln'))).toBe('target.txt')
    expect((await call(app, 'sftp.readlink', { sftp_id: id, path: R('ln') })).target).toBe('target.txt')
    expect((await call(app, 'sftp.lstat', { sftp_id: id, path: R('ln') })).attrs.perm & 0o170000).toBe(0o120000)
    expect((await call(app, 'sftp.stat', { sftp_id: id, path: R('ln') })).attrs.size).toBe(1)
  })

  it('move: plain rename refuses an existing target, overwrite replaces it', async () => {
    put('m1', '1'); put('m2', '2')
    expect(await code('sftp.move', { old: R('m1'), new: R('m2') })).toMatchObject({ backend_code: 'sftp_status', status: 4 })
    await call(app, 'sftp.move', { sftp_id: id, old: R('m1'), new: R('m2'), overwrite: true })
    expect(fs.readFileSync(onServer('m2'), 'utf8')).toBe('1')
    expect(fs.existsSync(onServer('m1'))).toBe(false)
    await call(app, 'sftp.move', { sftp_id: id, old: R('m2'), new: R("O'Brien $(rm) x") })
    expect(fs.existsSync(onServer("O'Brien $(rm) x"))).toBe(true)
  })

  it('remove_file; a root-owned 0700 directory is Permission denied (status 3)', async () => {
    put('gone', '')
    await call(app, 'sftp.remove_file', { sftp_id: id, path: R('gone') })
    expect(fs.existsSync(onServer('gone'))).toBe(false)
    fs.mkdirSync(onServer('private'), { mode: 0o700 })
    fs.writeFileSync(path.join(onServer('private'), 'x'), 'secret')
    expect(fs.statSync(onServer('private')).uid).toBe(0)
    expect(await code('sftp.list', { dir: R('private') })).toMatchObject({ backend_code: 'sftp_status', status: 3, status_text: 'Permission denied' })
    expect(await code('sftp.read_content', { remote: R('private/x') })).toMatchObject({ status: 3 })
    expect(await code('sftp.write_content', { remote: R('private/y'), content: 'z' })).toMatchObject({ status: 3 })
    const src = path.join(local, 'p.txt'); fs.writeFileSync(src, 'p')
    expect(await code('sftp.upload', { local: src, remote: R('private/p.txt') })).toMatchObject({ status: 3 })
  })

  it('path params name the field', async () => {
    expect(await code('sftp.stat', { path: '' })).toMatchObject({ type: 'invalid_params', field: 'params.path' })
    expect(await code('sftp.stat', { path: 'a\0b' })).toMatchObject({ type: 'invalid_params', field: 'params.path' })
    expect(await code('sftp.upload', { local: 'rel.txt', remote: R('x') })).toMatchObject({ type: 'invalid_params', field: 'params.local' })
    expect(await code('sftp.download', { remote: R('x'), local: '' })).toMatchObject({ type: 'invalid_params', field: 'params.local' })
    expect(await code('sftp.move', { old: R('x'), new: 'a\0' })).toMatchObject({ type: 'invalid_params', field: 'params.new' })
    expect((await rpc(app, 'sftp.stat', { sftp_id: 'sftp_nope', path: 'x' })).error?.data?.type).toBe('handle_not_found')
  })
})

describe('transfers', () => {
  const file = (name: string, content: string | Buffer, mode = 0o640): string => { const p = path.join(local, name); fs.writeFileSync(p, content); fs.chmodSync(p, mode); return p }

  it('upload copies perm (through umask) and mtime; overwrite false refuses; perm overrides', async () => {
    const src = file('u1', 'one', 0o664)
    fs.utimesSync(src, 1_200_000_000, 1_300_000_000)
    await call(app, 'sftp.upload', { sftp_id: id, local: src, remote: R('u1'), umask: 0o002 })
    const st = fs.statSync(onServer('u1'))
    expect([st.mode & 0o777, Math.floor(st.mtimeMs / 1000)]).toEqual([0o664, 1_300_000_000])
    expect(await code('sftp.upload', { local: src, remote: R('u1'), overwrite: false })).toMatchObject({ backend_code: 'sftp_exists', side: 'remote' })
    await call(app, 'sftp.upload', { sftp_id: id, local: file('u1b', 'two'), remote: R('u1'), perm: 0o600, copy_time: false })
    const st2 = fs.statSync(onServer('u1'))
    expect([fs.readFileSync(onServer('u1'), 'utf8'), st2.mode & 0o777]).toEqual(['two', 0o600])
    expect(Math.floor(st2.mtimeMs / 1000)).not.toBe(1_300_000_000)
    expect(leftovers(scratch.local)).toEqual([])
  })

  it('a missing local file is sftp_local ENOENT; a missing remote file leaves no local file', async () => {
    expect(await code('sftp.upload', { local: path.join(local, 'absent'), remote: R('x') })).toMatchObject({ backend_code: 'sftp_local', errno: 'ENOENT' })
    const dst = path.join(local, 'never')
    expect(await code('sftp.download', { remote: R('absent'), local: dst })).toMatchObject({ backend_code: 'sftp_status', status: 2 })
    expect(fs.existsSync(dst)).toBe(false)
    expect(await code('sftp.download', { remote: R('u1'), local: path.join(local, 'no-dir', 'x') })).toMatchObject({ backend_code: 'sftp_local', errno: 'ENOENT' })
    expect(leftovers(local)).toEqual([])
  })

  it('download copies perm and time; overwrite false refuses an existing local file', async () => {
    put('dl', 'remote bytes'); fs.chmodSync(onServer('dl'), 0o640); fs.utimesSync(onServer('dl'), 1_000_000_000, 1_234_567_890)
    const dst = path.join(local, 'dl')
    expect((await call(app, 'sftp.download', { sftp_id: id, remote: R('dl'), local: dst })).size).toBe(12)
    const st = fs.statSync(dst)
    expect([fs.readFileSync(dst, 'utf8'), st.mode & 0o777, Math.floor(st.mtimeMs / 1000)]).toEqual(['remote bytes', 0o640, 1_234_567_890])
    expect(await code('sftp.download', { remote: R('dl'), local: dst, overwrite: false })).toMatchObject({ backend_code: 'sftp_exists', side: 'local' })
  })

  it('resume continues a partial remote file in place; append adds to it; a bigger remote refuses', async () => {
    const data = Buffer.alloc(300_000, 7); data.write('tail', 299_990)
    const src = file('big', data)
    put('part', data.subarray(0, 100_000))
    const r = await call(app, 'sftp.upload', { sftp_id: id, local: src, remote: R('part'), resume: true, overwrite: false })
    expect(r.size).toBe(300_000)
    expect(fs.readFileSync(onServer('part')).equals(data)).toBe(true)
    await call(app, 'sftp.upload', { sftp_id: id, local: file('small', 'ABC'), remote: R('part'), append: true })
    expect(fs.statSync(onServer('part')).size).toBe(300_003)
    expect(await code('sftp.upload', { local: file('tiny', 'x'), remote: R('part'), resume: true })).toMatchObject({ backend_code: 'sftp_resume_bigger', side: 'remote' })
    // download resume: the local partial is completed
    const dst = path.join(local, 'dpart'); fs.writeFileSync(dst, data.subarray(0, 123_456))
    put('full', data)
    await call(app, 'sftp.download', { sftp_id: id, remote: R('full'), local: dst, resume: true })
    expect(fs.readFileSync(dst).equals(data)).toBe(true)
  })

  it('closing the handle during a transfer aborts it: no partial file, no temporary left', async () => {
    const big = Buffer.alloc(40 * 1024 * 1024, 1)
    const src = file('abort.bin', big)
    const o = await call(app, 'sftp.open', conn)
    const pending = rpc(app, 'sftp.upload', { sftp_id: o.sftp_id, local: src, remote: R('abort.bin') })
    for (let i = 0; i < 200 && leftovers(scratch.local).length === 0; i++) await new Promise(resolve => setTimeout(resolve, 5))
    expect(leftovers(scratch.local).length).toBe(1)
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
    const r = await pending
    expect(r.error?.data).toMatchObject({ backend_code: 'sftp_closed' })
    expect(fs.existsSync(onServer('abort.bin'))).toBe(false)
    // the connection was dropped (not pooled mid-transfer); the server removes nothing for us, so the daemon cannot either:
    // the temporary stays hidden under its .cbpart- name, never under the final one
    for (const f of leftovers(scratch.local)) fs.rmSync(onServer(f))
  })

  it('a handle with a timeout: every call still works while the server answers', async () => {
    const o = await call(app, 'sftp.open', { ...conn, timeout: 2 })
    const src = file('t.bin', Buffer.alloc(2_000_000, 3))
    expect((await call(app, 'sftp.upload', { sftp_id: o.sftp_id, local: src, remote: R('t.bin') })).size).toBe(2_000_000)
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
  })
})

describe('errors name the final path', () => {
  it('an upload refused by the server names the remote file, not its temporary', async () => {
    const src = path.join(local, 'named.txt'); fs.writeFileSync(src, 'n')
    const r = await rpc(app, 'sftp.upload', { sftp_id: id, local: src, remote: R('private/named.txt') })
    expect(r.error?.data).toMatchObject({ backend_code: 'sftp_status', status: 3, path: R('private/named.txt') })
    expect(r.error?.message).not.toContain('cbpart')
  })
})
