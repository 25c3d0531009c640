// A private sshd (and vsftpd) per test file, for the fault tests: they kill
// the server mid-transfer, which the shared servers of
// scripts/test-services.sh must never suffer (other test files use them).
// Same user, same authorized keys and home as the shared sshd, so a test
// checks the bytes in that home directly; its own port and host key in a
// temp dir, and its own known_hosts naming that port.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ssh, ftp } from './env.js'

/** A free TCP port on loopback (the kernel's pick; closed again before the server binds it). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => { resolve(port) })
    })
  })
}

async function portOpen (port: number): Promise<boolean> {
  return await new Promise(resolve => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => { s.destroy(); resolve(true) })
    s.once('error', () => { resolve(false) })
  })
}

async function waitPort (port: number, open: boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await portOpen(port) === open) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`${what} is ${open ? 'not listening' : 'still listening'} on 127.0.0.1:${port}`)
}

/** Every process under `pid` (children, grandchildren...), from /proc: sshd's per-connection children start their own sessions, so the process group does not hold them. */
export function descendants (pid: number): number[] {
  const parentOf = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // the field after the parenthesised command name (which may hold spaces and parentheses)
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parentOf.set(Number(name), Number(rest[1]))
    } catch { /* gone meanwhile */ }
  }
  const out: number[] = []
  const todo = [pid]
  while (todo.length > 0) {
    const p = todo.pop() as number
    for (const [child, parent] of parentOf) {
      if (parent === p) { out.push(child); todo.push(child) }
    }
  }
  return out
}

/** listeners still running when the test process exits (a failed or interrupted run): killed then, so none outlives it */
const running = new Set<number>()
process.once('exit', () => { for (const pid of running) killTree(pid) })

function killTree (pid: number): void {
  // the tree first (once the listener dies its children move to init and out of reach)
  const all = [pid, ...descendants(pid)]
  for (const p of all) {
    try { process.kill(p, 'SIGKILL') } catch { /* already gone */ }
  }
}

async function exited (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>(resolve => child.once('exit', () => { resolve() }))
}

export interface PrivateServer {
  readonly host: string
  readonly port: number
  /** the listener's pid while it runs */
  pid (): number
  /** the sessions' processes (one or more per client connection) */
  sessions (): number[]
  /** SIGKILL the listener and every session process: the server stopped mid-transfer */
  kill (): Promise<void>
  /** start again on the same port (and, for sshd, the same host key) */
  restart (): Promise<void>
  /** stop it for good and remove its temp dir */
  stop (): Promise<void>
}

/** Runs `command` as the `name`d server listening on `port`, and makes the PrivateServer around it (started once before it returns). */
async function supervise (name: string, port: number, dir: string, command: string, args: string[]): Promise<PrivateServer> {
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    if (await portOpen(port)) throw new Error(`port ${port} was taken before the ${name} bound it`)
    child = spawn(command, args, { stdio: 'ignore', detached: true })
    if (child.pid !== undefined) running.add(child.pid)
    await waitPort(port, true, `the ${name}`)
  }
  const kill = async (): Promise<void> => {
    if (child?.pid === undefined) return
    killTree(child.pid)
    running.delete(child.pid)
    await exited(child)
    await waitPort(port, false, `the killed ${name}`)
  }
  await start()
  return {
    host: '127.0.0.1',
    port,
    pid: () => child?.pid ?? 0,
    sessions: () => child?.pid === undefined ? [] : descendants(child.pid),
    kill,
    restart: async () => { await kill(); await start() },
    stop: async () => { await kill(); rmSync(dir, { recursive: true, force: true }) },
  }
}

export interface PrivateSshd extends PrivateServer {
  readonly user: string
  readonly password: string
  readonly key: string
  /** known_hosts listing this server's key as [127.0.0.1]:port */
  readonly knownHosts: string
  /** the user's home: what the server shows as '.' */
  readonly home: string
}

/** The shared sshd's AuthorizedKeysFile (its config sits beside the test keys), so the private one lets the same keys in. */
function authorizedKeysFile (): string {
  const dir = path.dirname(ssh.key)
  const conf = path.join(dir, 'sshd_config')
  if (existsSync(conf)) {
    const m = /^AuthorizedKeysFile\s+(.+)$/m.exec(readFileSync(conf, 'utf8'))
    if (m !== null) return m[1].trim()
  }
  return path.join(dir, 'authorized_keys', '%u')
}

/** Starts an sshd of its own (same user, keys and home as the shared one) on a free loopback port. */
export async function startPrivateSshd (): Promise<PrivateSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-private-sshd-'))
  const port = await freePort()
  const hostKey = path.join(dir, 'host_ed25519')
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cpan-bridge-private-test-host', '-f', hostKey])
  const pub = readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
  const knownHosts = path.join(dir, 'known_hosts')
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${pub}\n`)
  const config = path.join(dir, 'sshd_config')
  writeFileSync(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeysFile()}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password',
    `AllowUsers ${ssh.user}`, 'MaxStartups 100:30:200', 'MaxSessions 64', 'UseDNS no', 'PrintMotd no', 'LogLevel INFO',
    'Subsystem sftp /usr/lib/openssh/sftp-server', '',
  ].join('\n'))
  execFileSync('/usr/sbin/sshd', ['-t', '-f', config])
  const server = await supervise('private sshd', port, dir, '/usr/sbin/sshd', ['-D', '-f', config, '-E', path.join(dir, 'sshd.log')])
  return { ...server, user: ssh.user, password: ssh.password, key: ssh.key, knownHosts, home: ssh.home }
}

export interface PrivateFtpd extends PrivateServer {
  readonly user: string
  readonly password: string
  readonly home: string
}

/** Starts a vsftpd of its own (plain FTP, passive ports from the kernel's range of its own) on a free loopback port. */
export async function startPrivateFtpd (): Promise<PrivateFtpd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-private-ftpd-'))
  const port = await freePort()
  const empty = path.join(dir, 'empty')
  mkdirSync(empty, { mode: 0o555 }) // vsftpd's secure_chroot_dir: empty, not writable
  const pasv = 40000 + (port % 2000) * 10
  const config = path.join(dir, 'vsftpd.conf')
  writeFileSync(config, [
    'listen=YES', 'listen_ipv6=NO', 'listen_address=127.0.0.1', `listen_port=${port}`, 'background=NO',
    'anonymous_enable=NO', 'local_enable=YES', 'write_enable=YES', 'local_umask=022', 'dirmessage_enable=NO',
    'use_localtime=NO', 'xferlog_enable=NO', `vsftpd_log_file=${path.join(dir, 'vsftpd.log')}`, 'connect_from_port_20=NO',
    'pasv_enable=YES', 'pasv_address=127.0.0.1', `pasv_min_port=${pasv}`, `pasv_max_port=${pasv + 9}`,
    'seccomp_sandbox=NO', `secure_chroot_dir=${empty}`, 'pam_service_name=vsftpd', 'max_per_ip=0', 'ssl_enable=NO', '',
  ].join('\n'))
  const server = await supervise('private vsftpd', port, dir, '/usr/sbin/vsftpd', [config])
  return { ...server, user: ftp.user, password: ftp.password, home: ssh.home }
}
