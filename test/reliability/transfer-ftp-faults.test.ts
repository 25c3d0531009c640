// The FTP server stopped mid-transfer (issue 13, "Faults"): a private vsftpd
// (test/transfer/private-servers.ts; the shared one serves other test files)
// is killed with its session processes during a 100 MB STOR and a 100 MB
// RETR. The caller gets ftp_disconnected, a cut get leaves no local file at
// all, the handle says the same on its next command, another session's
// transfer on the shared vsftpd completes meanwhile and the daemon answers.
import { describe, expect, it } from 'vitest'
import { chownSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { rpc, type Reply } from '../helpers.js'
import { ftp } from '../transfer/env.js'
import { startPrivateFtpd } from '../transfer/private-servers.js'
import { BIG, app, bigFile, expectCut as expectCutBy, faultSuite, growing, local, ownDir, pingUntil, scratch, settledFlag, sha, sideFile, writeRandom } from '../transfer/faults.js'

const priv = faultSuite('ftp-faults', startPrivateFtpd)

/** ftp.open + login on `port`, binary type; the handle */
async function connect (port: number, session: string): Promise<string> {
  const o = await rpc(app, 'ftp.open', { host: ftp.host, port, timeout: 30 }, session)
  expect(o.error, JSON.stringify(o.error)).toBeUndefined()
  const id = o.result.ftp_id as string
  const l = await rpc(app, 'ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password }, session)
  expect(l.error, JSON.stringify(l.error)).toBeUndefined()
  return id
}

const expectCut = (r: Reply): void => { expectCutBy(r, 'ftp_disconnected', ftp.password) }

/** a put on the shared vsftpd and pings from a third session while the private server dies; both must succeed */
async function bystanders (id: string, remote: string, until: () => boolean): Promise<{ upload: Reply, pings: number }> {
  const upload = rpc(app, 'ftp.put', { ftp_id: id, local: sideFile, remote, type: 'I' }, 'ftp-faults-bystander')
  const pings = await pingUntil(app, 'ftp-faults-pinger', until)
  const r = await upload
  await rpc(app, 'ftp.close', { ftp_id: id }, 'ftp-faults-bystander')
  return { upload: r, pings }
}

describe('the FTP server dies mid-transfer', () => {
  it('put: ftp_disconnected, the handle says so next, the other session and pings carry on', async () => {
    const id = await connect(priv().port, 'ftp-faults-put')
    const sideId = await connect(ftp.port, 'ftp-faults-bystander')
    const dir = ownDir(scratch.local, 'put')
    const put = rpc(app, 'ftp.put', { ftp_id: id, local: bigFile, remote: `${scratch.remote}/${path.basename(dir)}/big.bin`, type: 'I' }, 'ftp-faults-put')
    const putDone = settledFlag(put)
    let killed = false
    const side = bystanders(sideId, `${scratch.remote}/side-put.bin`, () => killed && putDone())
    const partial = await growing(dir, 1024 * 1024, putDone)
    expect(partial, 'the 100 MB put ended before the test saw it under way').not.toBeNull()
    await priv().kill()
    killed = true
    expectCut(await put)
    const next = await rpc(app, 'ftp.command', { ftp_id: id, command: 'PWD' }, 'ftp-faults-put')
    expect(next.error?.data?.backend_code, JSON.stringify(next)).toBe('ftp_disconnected')
    const { upload, pings } = await side
    expect(upload.error, JSON.stringify(upload.error)).toBeUndefined()
    expect(sha(path.join(scratch.local, 'side-put.bin'))).toBe(sha(sideFile))
    expect(pings).toBeGreaterThan(0)
    expect((await rpc(app, 'ftp.close', { ftp_id: id }, 'ftp-faults-put')).error?.data?.type).not.toBe('internal_error')
  }, 120_000)

  it('get: ftp_disconnected and no local file at all (neither the final name nor the temporary)', async () => {
    const src = ownDir(scratch.local, 'get')
    writeRandom(path.join(src, 'big.bin'), BIG)
    const { uid, gid } = statSync(src)
    chownSync(path.join(src, 'big.bin'), uid, gid)
    const id = await connect(priv().port, 'ftp-faults-get')
    const sideId = await connect(ftp.port, 'ftp-faults-bystander')
    const target = mkdtempSync(path.join(local, 'get-'))
    const get = rpc(app, 'ftp.get', { ftp_id: id, remote: `${scratch.remote}/${path.basename(src)}/big.bin`, local: path.join(target, 'big.bin'), type: 'I' }, 'ftp-faults-get')
    const getDone = settledFlag(get)
    let killed = false
    const side = bystanders(sideId, `${scratch.remote}/side-get.bin`, () => killed && getDone())
    const partial = await growing(target, 1024 * 1024, getDone)
    expect(partial, 'the 100 MB get ended before the test saw it under way').not.toBeNull()
    expect(partial).not.toBe('big.bin')
    await priv().kill()
    killed = true
    expectCut(await get)
    expect(readdirSync(target)).toEqual([])
    const { upload, pings } = await side
    expect(upload.error, JSON.stringify(upload.error)).toBeUndefined()
    expect(pings).toBeGreaterThan(0)
    await rpc(app, 'ftp.close', { ftp_id: id }, 'ftp-faults-get')
  }, 120_000)

  it('after a restart, a new connection to the same server transfers', async () => {
    const id = await connect(priv().port, 'ftp-faults-again')
    const r = await rpc(app, 'ftp.put', { ftp_id: id, content: 'back again\n', remote: `${scratch.remote}/again.txt`, type: 'I' }, 'ftp-faults-again')
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(readFileSync(path.join(scratch.local, 'again.txt'), 'utf8')).toBe('back again\n')
    await rpc(app, 'ftp.close', { ftp_id: id }, 'ftp-faults-again')
  }, 60_000)
})
