// Every params field that names a file goes through src/paths.ts the same
// way, in every helper: relative means the client's cwd (X-Bridge-Cwd) and is
// refused without one; CPAN_BRIDGE_ALLOWED_PATHS confines it, through `..`
// and symlinks too. A new helper that takes a path adds a row to CASES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, type Reply } from './helpers.js'
import { ftp, ssh } from './transfer/env.js'
import { web } from './http/env.js'
import { smtp, uniqueRcpt } from './mail/smtp-env.js'

interface Case {
  /** the field the error must name */
  field: string
  /** the call(s) that use path `p`; the last one's reply is judged */
  calls: (p: string, prev: (method: string, params: unknown) => Promise<Reply>) => Promise<Reply>
  /** makes the file exist where the call needs it to (a key file) */
  prepare?: (abs: string) => void
}

function sshKey (abs: string): void {
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  fs.copyFileSync(ssh.key, abs)
  fs.chmodSync(abs, 0o600)
}

function copyOf (source: string): (abs: string) => void {
  return abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.copyFileSync(source, abs) }
}

// the HTTPS test server's key, beside its certificate (scripts/test-services.sh)
const webKey = (): string => path.join(path.dirname(web.ca), 'key.pem')

// the test certificate inside the allowed root, absolute (as CA and as client certificate), so a row
// can vary one path alone
function clientCert (): string {
  const f = path.join(allowed, 'client-cert.pem')
  if (!fs.existsSync(f)) fs.copyFileSync(web.ca, f)
  return f
}

function xmlFile (abs: string): void {
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  fs.writeFileSync(abs, '<doc><a id="1">x</a></doc>')
}

const CASES: Record<string, Case> = {
  'logging.append': {
    field: 'params.filename',
    calls: async (p, call) => await call('logging.append', { filename: p, text: 'line\n' }),
  },
  'lockfile.attempt': {
    field: 'params.lockfile',
    calls: async (p, call) => await call('lockfile.attempt', { file: 'data', lockfile: p, stamp: String(process.pid) }),
  },
  'lockfile.trylock (old bridge)': {
    field: 'params.filename',
    calls: async (p, call) => {
      const m = await call('lockfile.make', {})
      return await call('lockfile.trylock', { manager_id: m.result.manager_id, filename: p, pid: process.pid })
    },
  },
  'crypto.new key_file (old bridge)': {
    field: 'params.key_file',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'a key of some length\n') },
    calls: async (p, call) => await call('crypto.new', { key_file: p, cipher: 'Rijndael' }),
  },
  'excel.open filename': {
    field: 'params.filename',
    calls: async (p, call) => await call('excel.open', { filename: p }),
  },
  'excel.create_workbook filename (User Guide)': {
    field: 'params.filename',
    calls: async (p, call) => await call('excel.create_workbook', { filename: p }),
  },
  'xml_helper.xml_in file (User Guide)': {
    field: 'params.source',
    prepare: xmlFile,
    calls: async (p, call) => await call('xml_helper.xml_in', { source: p, source_type: 'file' }),
  },
  'xml_helper.xmlin file (XML::Simple)': {
    field: 'params.file',
    prepare: xmlFile,
    calls: async (p, call) => await call('xml_helper.xmlin', { file: p, options: {} }),
  },
  'xpath.open filename': {
    field: 'params.filename',
    prepare: xmlFile,
    calls: async (p, call) => await call('xpath.open', { filename: p }),
  },
  'xpath.load_file (old bridge)': {
    field: 'params.filename',
    prepare: xmlFile,
    calls: async (p, call) => await call('xpath.load_file', { filename: p }),
  },
  'xml_dom.parse filename': {
    field: 'params.filename',
    prepare: xmlFile,
    calls: async (p, call) => await call('xml_dom.parse', { filename: p }),
  },
  'database.connect SQLite file': {
    field: 'params.dsn',
    calls: async (p, call) => await call('database.connect', { dsn: `dbi:SQLite:dbname=${p}`, username: '', password: '' }),
  },
  // issue 13: SSH key and known_hosts files, and the local side of transfers;
  // these connect to the test sshd (test/transfer/env.ts), whose key the server's config trusts.
  // (The old openssh.new and openssh.scp_put never fail a call: their errors,
  // path ones included, are kept for openssh.get_error, as the old helper's were.)
  'sftp.open key_path': {
    field: 'params.key_path',
    prepare: sshKey,
    calls: async (p, call) => await call('sftp.open', { host: ssh.host, port: ssh.port, user: ssh.user, key_path: p }),
  },
  'sftp.open known_hosts (UserKnownHostsFile)': {
    field: 'params.known_hosts',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.copyFileSync(ssh.knownHosts, abs) },
    calls: async (p, call) => await call('sftp.open', { host: ssh.host, port: ssh.port, user: ssh.user, password: ssh.password, known_hosts: p }),
  },
  'sftp.connect private_key_file (User Guide)': {
    field: 'params.private_key_file',
    prepare: sshKey,
    calls: async (p, call) => await call('sftp.connect', { hostname: ssh.host, port: ssh.port, username: ssh.user, private_key_file: p }),
  },
  'sftp.new more -i (old SFTPHelper)': {
    field: 'params.more',
    prepare: sshKey,
    calls: async (p, call) => await call('sftp.new', { host: ssh.host, port: ssh.port, user: ssh.user, more: ['-i', p] }),
  },
  'sftp.upload local': {
    field: 'params.local',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'x') },
    calls: async (p, call) => {
      const o = await call('sftp.open', { host: ssh.host, port: ssh.port, user: ssh.user, password: ssh.password })
      return await call('sftp.upload', { sftp_id: o.result.sftp_id, local: p, remote: '.client-paths-sftp' })
    },
  },
  'sftp.download local': {
    field: 'params.local',
    calls: async (p, call) => {
      const o = await call('sftp.open', { host: ssh.host, port: ssh.port, user: ssh.user, password: ssh.password })
      await call('sftp.write_content', { sftp_id: o.result.sftp_id, remote: '.client-paths-sftp', content: 'x' })
      return await call('sftp.download', { sftp_id: o.result.sftp_id, remote: '.client-paths-sftp', local: p })
    },
  },
  'sftp.put local_file (User Guide)': {
    field: 'params.local_file',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'x') },
    calls: async (p, call) => {
      await call('sftp.connect', { hostname: ssh.host, port: ssh.port, username: ssh.user, password: ssh.password })
      return await call('sftp.put', { local_file: p, remote_file: '.client-paths-sftp' })
    },
  },
  'sftp.get local_file (User Guide)': {
    field: 'params.local_file',
    calls: async (p, call) => {
      const o = await call('sftp.connect', { hostname: ssh.host, port: ssh.port, username: ssh.user, password: ssh.password })
      await call('sftp.write_content', { sftp_id: o.result.session_id, remote: '.client-paths-sftp', content: 'x' })
      return await call('sftp.get', { remote_file: '.client-paths-sftp', local_file: p })
    },
  },
  'openssh.connect key_path': {
    field: 'params.key_path',
    prepare: sshKey,
    calls: async (p, call) => await call('openssh.connect', { host: ssh.host, port: ssh.port, user: ssh.user, key_path: p }),
  },
  // issue 13 (H3): the ftp module's client paths; these need the test vsftpd (test/transfer/env.ts)
  'ftp.open ca_file (SSL_ca_file)': {
    field: 'params.ca_file',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.copyFileSync(ftp.ca, abs) },
    calls: async (p, call) => await call('ftp.open', { host: ftp.host, port: ftp.port, ca_file: p }),
  },
  'ftp.get local': {
    field: 'params.local',
    calls: async (p, call) => {
      const { result: { ftp_id: id } } = await call('ftp.open', { host: ftp.host, port: ftp.port })
      await call('ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password })
      await call('ftp.put', { ftp_id: id, content: 'x', remote: '.client-paths-ftp', type: 'I' })
      return await call('ftp.get', { ftp_id: id, remote: '.client-paths-ftp', local: p, type: 'I' })
    },
  },
  'ftp.put local': {
    field: 'params.local',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'x') },
    calls: async (p, call) => {
      const { result: { ftp_id: id } } = await call('ftp.open', { host: ftp.host, port: ftp.port })
      await call('ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password })
      return await call('ftp.put', { ftp_id: id, local: p, remote: '.client-paths-ftp', type: 'I' })
    },
  },
  'ftp_helper.get local_file (old bridge)': {
    field: 'params.local_file',
    calls: async (p, call) => {
      const { result: { connection_id: id } } = await call('ftp_helper.new', { host: `${ftp.host}:${ftp.port}` })
      await call('ftp_helper.login', { connection_id: id, user: ftp.user, password: ftp.password })
      return await call('ftp_helper.get', { connection_id: id, remote_file: '.client-paths-ftp', local_file: p })
    },
  },
  'ftp_helper.put local_file (old bridge)': {
    field: 'params.local_file',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'x') },
    calls: async (p, call) => {
      const { result: { connection_id: id } } = await call('ftp_helper.new', { host: `${ftp.host}:${ftp.port}` })
      await call('ftp_helper.login', { connection_id: id, user: ftp.user, password: ftp.password })
      return await call('ftp_helper.put', { connection_id: id, local_file: p, remote_file: '.client-paths-ftp' })
    },
  },
  // issue 14: the http and mail modules' client paths (the test HTTP server and SMTP capture server)
  'http.request content_file': {
    field: 'params.content_file',
    calls: async (p, call) => await call('http.request', { method: 'GET', url: `${web.http}/small`, content_file: p }),
  },
  'http.request ssl_opts.SSL_ca_file': {
    field: 'params.ssl_opts.SSL_ca_file',
    prepare: copyOf(web.ca),
    calls: async (p, call) => await call('http.request', { method: 'GET', url: `${web.https}/small`, ssl_opts: { SSL_ca_file: p } }),
  },
  'http.request ssl_opts.SSL_ca_path': {
    field: 'params.ssl_opts.SSL_ca_path',
    // another row may have left a file there: the path is refused before it is read
    prepare: abs => { if (!fs.existsSync(abs)) fs.mkdirSync(abs, { recursive: true }) },
    calls: async (p, call) => await call('http.request', { method: 'GET', url: `${web.https}/small`, ssl_opts: { SSL_ca_path: p } }),
  },
  // a client certificate the test server does not ask for: any valid pair will do
  'http.request ssl_opts.SSL_cert_file': {
    field: 'params.ssl_opts.SSL_cert_file',
    prepare: abs => { copyOf(web.ca)(abs); copyOf(webKey())(`${abs}.key`) },
    calls: async (p, call) => await call('http.request', { method: 'GET', url: `${web.https}/small`, ssl_opts: { SSL_ca_file: clientCert(), SSL_cert_file: p, SSL_key_file: `${p}.key` } }),
  },
  'http.request ssl_opts.SSL_key_file': {
    field: 'params.ssl_opts.SSL_key_file',
    prepare: copyOf(webKey()),
    calls: async (p, call) => await call('http.request', { method: 'GET', url: `${web.https}/small`, ssl_opts: { SSL_ca_file: clientCert(), SSL_cert_file: clientCert(), SSL_key_file: p } }),
  },
  'mail.send tls.ca_file': {
    field: 'params.tls.ca_file',
    prepare: copyOf(smtp.ca),
    calls: async (p, call) => await call('mail.send', {
      host: smtp.host, port: smtp.smtpsPort, ssl: true, tls: { ca_file: p },
      from: 'paths@example.test', to: [uniqueRcpt('paths')], message: 'Subject: client paths\r\n\r\nx\r\n',
    }),
  },
  'smtp.open ca_file (Net::SMTP SSL_ca_file)': {
    field: 'params.ca_file',
    prepare: copyOf(smtp.ca),
    calls: async (p, call) => await call('smtp.open', { host: smtp.host, port: smtp.smtpsPort, ssl: true, ca_file: p }),
  },
  'smtp.starttls ca_file (Net::SMTP starttls SSL_ca_file)': {
    field: 'params.ca_file',
    prepare: copyOf(smtp.ca),
    calls: async (p, call) => {
      const o = await call('smtp.open', { host: smtp.host, port: smtp.port })
      return await call('smtp.starttls', { smtp_id: o.result.smtp_id, hello: 'localhost', ca_file: p })
    },
  },
  'email_helper.send_with_file file (old bridge)': {
    field: 'params.file',
    prepare: abs => { fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, 'attached\n') },
    calls: async (p, call) => await call('email_helper.send_with_file', {
      smtp_host: smtp.host, smtp_port: smtp.port, from: 'paths@example.test', to: uniqueRcpt('paths'), subject: 'client paths', msg: 'x', file: p,
    }),
  },
}

let dir: string
let allowed: string
let app: FastifyInstance
let n = 0

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'client-paths-')))
  allowed = path.join(dir, 'allowed')
  fs.mkdirSync(allowed)
  fs.mkdirSync(path.join(dir, 'outside'))
  fs.symlinkSync(path.join(dir, 'outside'), path.join(allowed, 'escape'))
  app = await buildTestServer({ allowedPaths: [allowed], sshKnownHosts: [ssh.knownHosts] })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
  for (const f of ['.client-paths-sftp', '.client-paths-ftp']) fs.rmSync(path.join(ssh.home, f), { force: true })
})

function caller (cwd: string | undefined): (method: string, params: unknown) => Promise<Reply> {
  const session = `paths-${n++}`
  return async (method, params) => {
    const res = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json', 'x-bridge-session': session, ...(cwd === undefined ? {} : { 'x-bridge-cwd': encodeURIComponent(cwd) }) },
      payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    return JSON.parse(res.body) as Reply
  }
}

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  it('works inside an allowed root, relative to the client cwd', async () => {
    const rel = `in-${n}/file`
    c.prepare?.(path.join(allowed, rel))
    fs.mkdirSync(path.join(allowed, `in-${n}`), { recursive: true })
    const r = await c.calls(rel, caller(allowed))
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
  })

  it('refuses a relative path when the client sent no cwd, naming the field', async () => {
    const r = await c.calls('relative/file', caller(undefined))
    expect(r.error?.data).toMatchObject({ type: 'invalid_params', field: c.field })
    expect(r.error?.message).toMatch(/relative but the client sent no X-Bridge-Cwd/)
  })

  it.each([
    ['an absolute path outside', () => path.join(dir, 'outside', 'f')],
    ['a path leaving through ..', () => path.join(allowed, '..', 'outside', 'f')],
    ['a symlink leading outside', () => path.join(allowed, 'escape', 'f')],
  ])('refuses %s the allowed roots with path_forbidden', async (_what, target) => {
    c.prepare?.(target())
    const r = await c.calls(target(), caller(allowed))
    expect(r.error?.data?.type).toBe('path_forbidden')
  })
})
