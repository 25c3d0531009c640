// Connection facts of the SSH and FTP test servers, from .test-services/env
// (written by scripts/test-services.sh start), and a scratch directory per
// test file in the test user's home. A missing file or server fails the test.
import { mkdtempSync, rmSync, chownSync, statSync } from 'node:fs'
import path from 'node:path'
import { serviceFacts } from '../services.js'

const env = serviceFacts()

export const ssh = {
  host: env.CB_SSH_HOST, port: Number(env.CB_SSH_PORT), user: env.CB_SSH_USER, password: env.CB_SSH_PASSWORD,
  key: env.CB_SSH_KEY, keyWithPassphrase: env.CB_SSH_KEY_PASS, knownHosts: env.CB_SSH_KNOWN_HOSTS, home: env.CB_SSH_HOME,
}

export const ftp = {
  host: env.CB_FTP_HOST, port: Number(env.CB_FTP_PORT), implicitTlsPort: Number(env.CB_FTPS_PORT),
  user: env.CB_FTP_USER, password: env.CB_FTP_PASSWORD, ca: env.CB_FTP_CA,
}

/**
 * A fresh directory in the test user's home, owned by that user (the tests
 * run as root; the servers act as the user). Returns its absolute path and
 * its name relative to the home, which is what a remote client sees.
 */
export function scratchDir (prefix: string): { local: string, remote: string, cleanup: () => void } {
  const local = mkdtempSync(path.join(ssh.home, `${prefix}-`))
  const owner = statSync(ssh.home)
  chownSync(local, owner.uid, owner.gid)
  return { local, remote: path.basename(local), cleanup: () => rmSync(local, { recursive: true, force: true }) }
}
