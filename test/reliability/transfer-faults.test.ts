// The SSH server stopped mid-transfer (issue 13, "Faults"): a private sshd
// (test/transfer/private-servers.ts; the shared one serves other test files)
// is killed with its session processes during a 100 MB upload and during a
// 100 MB download. The caller gets a clear ssh error, nothing lies under the
// final name (remote for put, local for get; the local temporary is gone
// too), another session's transfer on the shared sshd completes meanwhile,
// the daemon keeps answering, and its pool makes a fresh connection to the
// restarted server instead of handing out the dead one. A remote command
// (openssh.exec) running when the server dies fails the same way.
import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, chownSync } from 'node:fs'
import path from 'node:path'
import { rpc, type Reply } from '../helpers.js'
import { ssh } from '../transfer/env.js'
import { startPrivateSshd } from '../transfer/private-servers.js'
import { BIG, SIDE, app, bigFile, expectCut as expectCutBy, faultSuite, growing, local, ownDir, pingUntil, scratch, settledFlag, sha, sideFile, writeRandom } from '../transfer/faults.js'

const priv = faultSuite('faults', startPrivateSshd)

/** timeout: the inactivity limit in seconds, or none (the real module's default: a dead connection must be noticed without it) */
async function openPrivate (session: string, timeout: number | undefined = 20): Promise<Reply> {
  return await rpc(app, 'sftp.open', { host: priv().host, port: priv().port, user: priv().user, password: priv().password, known_hosts: priv().knownHosts, ...(timeout === undefined ? {} : { timeout }) }, session)
}

async function openShared (session: string): Promise<string> {
  const r = await rpc(app, 'sftp.open', { host: ssh.host, port: ssh.port, user: ssh.user, key_path: ssh.key, known_hosts: ssh.knownHosts }, session)
  expect(r.error, JSON.stringify(r.error)).toBeUndefined()
  return r.result.sftp_id as string
}

/** the ssh error a transfer cut by the server's death must give: ssh_disconnected and a message saying so, no secret */
function expectCut (r: Reply): void {
  expectCutBy(r, 'ssh_disconnected', ssh.password)
  expect(r.error?.message).toMatch(/connection|disconnect|closed|lost|reset/i)
}

/** the shared server's side transfer and pings from a third session, both meant to succeed while the private server dies */
async function bystanders (sharedId: string, remote: string, until: () => boolean): Promise<{ upload: Reply, pings: number }> {
  const upload = rpc(app, 'sftp.upload', { sftp_id: sharedId, local: sideFile, remote }, 'faults-bystander')
  const pings = await pingUntil(app, 'faults-pinger', until)
  return { upload: await upload, pings }
}

describe('the SSH server dies mid-transfer', () => {
  it('upload: an ssh_disconnected error, nothing under the final remote name, the other session and pings carry on', async () => {
    const opened = await openPrivate('faults-upload')
    expect(opened.error, JSON.stringify(opened.error)).toBeUndefined()
    const id = opened.result.sftp_id as string
    const home = opened.result.home as string
    const sharedId = await openShared('faults-bystander')
    // a directory of its own, so the only growing file in it is this upload's temporary
    const dir = ownDir(scratch.local, 'up')
    const put = rpc(app, 'sftp.upload', { sftp_id: id, local: bigFile, remote: `${home}/${scratch.remote}/${path.basename(dir)}/big.bin` }, 'faults-upload')
    const putDone = settledFlag(put)
    let killed = false
    const side = bystanders(sharedId, `${home}/${scratch.remote}/side-up.bin`, () => killed && putDone())
    const partial = await growing(dir, 1024 * 1024, putDone)
    expect(partial, 'the 100 MB upload ended before the test saw it under way').not.toBeNull()
    await priv().kill()
    killed = true
    const r = await put
    expectCut(r)
    expect(existsSync(path.join(dir, 'big.bin'))).toBe(false)
    // the temporary stays on the dead server (its removal is best effort), never under the final name
    expect(readdirSync(dir).filter(n => n === 'big.bin')).toEqual([])

    const { upload, pings } = await side
    expect(upload.error, JSON.stringify(upload.error)).toBeUndefined()
    expect(upload.result.size).toBe(SIDE)
    expect(sha(path.join(scratch.local, 'side-up.bin'))).toBe(sha(sideFile))
    expect(pings).toBeGreaterThan(0)

    // the dead handle says so at once (ssh_disconnected, not an inactivity timeout: the daemon knows the connection is gone), and closes
    const st = await rpc(app, 'sftp.stat', { sftp_id: id, path: home }, 'faults-upload')
    expect(st.error?.data?.type, JSON.stringify(st)).toBe('backend_error')
    expect(st.error?.data?.backend_code, JSON.stringify(st)).toBe('ssh_disconnected')
    const closed = await rpc(app, 'sftp.close', { sftp_id: id }, 'faults-upload')
    expect(closed.error?.data?.type).not.toBe('internal_error')
    await rpc(app, 'sftp.close', { sftp_id: sharedId }, 'faults-bystander')
  }, 120_000)

  it('download (no timeout given): an ssh_disconnected error, no local file at all (neither final nor temporary), the other session carries on, the dead handle answers', async () => {
    // the source is written straight into the home the private server shows
    const made = ownDir(scratch.local, 'down')
    const src = path.join(made, 'big.bin')
    writeRandom(src, BIG)
    const { uid, gid } = statSync(made)
    chownSync(src, uid, gid)

    const opened = await openPrivate('faults-download', undefined)
    expect(opened.error, JSON.stringify(opened.error)).toBeUndefined()
    const id = opened.result.sftp_id as string
    const home = opened.result.home as string
    const sharedId = await openShared('faults-bystander')
    const target = mkdtempSync(path.join(local, 'get-'))

    const get = rpc(app, 'sftp.download', { sftp_id: id, remote: `${home}/${scratch.remote}/${path.basename(made)}/big.bin`, local: path.join(target, 'big.bin') }, 'faults-download')
    const getDone = settledFlag(get)
    let killed = false
    const side = bystanders(sharedId, `${home}/${scratch.remote}/side-down.bin`, () => killed && getDone())
    const partial = await growing(target, 1024 * 1024, getDone)
    expect(partial, 'the 100 MB download ended before the test saw it under way').not.toBeNull()
    expect(partial).not.toBe('big.bin') // it grows under a temporary name
    await priv().kill()
    killed = true
    const r = await get
    expectCut(r)
    expect(readdirSync(target)).toEqual([])

    const { upload, pings } = await side
    expect(upload.error, JSON.stringify(upload.error)).toBeUndefined()
    expect(sha(path.join(scratch.local, 'side-down.bin'))).toBe(sha(sideFile))
    expect(pings).toBeGreaterThan(0)

    // no timeout was given: a call on the dead handle must still end (with the same error), not wait forever
    const st = await rpc(app, 'sftp.stat', { sftp_id: id, path: home }, 'faults-download')
    expect(st.error?.data?.backend_code, JSON.stringify(st)).toBe('ssh_disconnected')
    await rpc(app, 'sftp.close', { sftp_id: id }, 'faults-download')
    await rpc(app, 'sftp.close', { sftp_id: sharedId }, 'faults-bystander')
  }, 120_000)
})

describe('a remote command when the SSH server dies', () => {
  it('openssh.exec: ssh_disconnected for the running command and the next one, the daemon answers', async () => {
    const c = await rpc(app, 'openssh.connect', { host: priv().host, port: priv().port, user: priv().user, key_path: priv().key, known_hosts: priv().knownHosts }, 'faults-exec')
    expect(c.error, JSON.stringify(c.error)).toBeUndefined()
    const id = c.result.ssh_id as string
    const dir = ownDir(scratch.local, 'exec')
    const marker = path.join(dir, 'started')
    const run = rpc(app, 'openssh.exec', { ssh_id: id, command: `echo started > '${marker}'; sleep 30; echo finished` }, 'faults-exec')
    const runDone = settledFlag(run)
    // the command is running once its marker exists
    const seen = await growing(dir, 1, runDone)
    expect(seen, 'the command ended before the test saw it run').toBe('started')
    await priv().kill()
    const r = await run
    expectCut(r)
    const next = await rpc(app, 'openssh.exec', { ssh_id: id, command: 'echo again' }, 'faults-exec')
    expect(next.error?.data?.backend_code, JSON.stringify(next)).toBe('ssh_disconnected')
    expect((await rpc(app, 'test.ping', {}, 'faults-pinger')).result?.message).toBe('pong')
    expect((await rpc(app, 'openssh.close', { ssh_id: id }, 'faults-exec')).error?.data?.type).not.toBe('internal_error')
  }, 60_000)
})

describe('the pool after the server died', () => {
  it('a pooled connection to a killed server is never handed out: refused while it is down, a fresh one once it is back', async () => {
    // one connection released into the pool
    const first = await openPrivate('faults-pool')
    expect(first.error, JSON.stringify(first.error)).toBeUndefined()
    const home = first.result.home as string
    expect((await rpc(app, 'sftp.close', { sftp_id: first.result.sftp_id }, 'faults-pool')).error).toBeUndefined()
    const before = priv().sessions()
    expect(before.length).toBeGreaterThan(0) // the idle pooled connection's sshd processes

    await priv().kill()
    // down: the pool must not answer with its dead connection
    const down = await openPrivate('faults-pool')
    expect(down.result, 'sftp.open succeeded against a killed server').toBeUndefined()
    expect(down.error?.data?.type).toBe('backend_error')
    expect(down.error?.data?.backend_code, JSON.stringify(down.error)).toBe('ssh_connect')
    expect((await rpc(app, 'test.ping', {}, 'faults-pinger')).result?.message).toBe('pong')

    // back: a new connection (new server processes), and it works
    await priv().restart()
    const again = await openPrivate('faults-pool')
    expect(again.error, JSON.stringify(again.error)).toBeUndefined()
    const id = again.result.sftp_id as string
    const sessions = priv().sessions()
    expect(sessions.length).toBeGreaterThan(0)
    expect(sessions.filter(p => before.includes(p))).toEqual([])
    const up = await rpc(app, 'sftp.write_content', { sftp_id: id, remote: `${home}/${scratch.remote}/after-restart.txt`, content: 'still here\n' }, 'faults-pool')
    expect(up.error, JSON.stringify(up.error)).toBeUndefined()
    expect(readFileSync(path.join(scratch.local, 'after-restart.txt'), 'utf8')).toBe('still here\n')
    expect((await rpc(app, 'sftp.close', { sftp_id: id }, 'faults-pool')).error).toBeUndefined()
  }, 60_000)

  it('a connection pooled before the restart is dropped, not reused: the next open after the restart works first time', async () => {
    const first = await openPrivate('faults-pool2')
    expect(first.error, JSON.stringify(first.error)).toBeUndefined()
    await rpc(app, 'sftp.close', { sftp_id: first.result.sftp_id }, 'faults-pool2')
    // killed and back before the daemon touches the pooled connection again
    await priv().restart()
    const again = await openPrivate('faults-pool2')
    expect(again.error, JSON.stringify(again.error)).toBeUndefined()
    const st = await rpc(app, 'sftp.stat', { sftp_id: again.result.sftp_id, path: again.result.home }, 'faults-pool2')
    expect(st.error, JSON.stringify(st.error)).toBeUndefined()
    expect(typeof st.result.attrs.size).toBe('number')
    await rpc(app, 'sftp.close', { sftp_id: again.result.sftp_id }, 'faults-pool2')
  }, 60_000)
})
