// Host key checking as OpenSSH's ssh does it: known_hosts files in order,
// plain (`host`, `[host]:port`, wildcards, `!negation`) and hashed
// (`|1|salt|hash`) host fields, `@revoked` keys refused whatever the policy.
// Read on every connect (files are small): an edit applies to the next one.
import { createHash, createHmac } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { BackendError } from '../../src/errors.js'

export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new'

export interface KnownHostEntry { file: string, line: number, marker: 'revoked' | 'cert-authority' | null, keyType: string, key: Buffer }

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function hostName (host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

/** `SHA256:...` as ssh-keygen -l prints it (unpadded base64). */
export function fingerprint (key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '')
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf (key: Buffer): string {
  if (key.length < 4) return 'unknown'
  const n = key.readUInt32BE(0)
  return n > 0 && n < 64 && key.length >= 4 + n ? key.subarray(4, 4 + n).toString('latin1') : 'unknown'
}

function globToRegExp (pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}

function hashedMatch (field: string, names: string[]): boolean {
  const parts = field.split('|')
  if (parts.length !== 4 || parts[1] !== '1') return false
  const salt = Buffer.from(parts[2], 'base64')
  return names.some(n => createHmac('sha1', salt).update(n).digest('base64') === parts[3])
}

/** Whether a host field (comma-separated patterns, or one hashed name) names the host. */
function hostFieldMatches (field: string, names: string[]): boolean {
  if (field.startsWith('|')) return hashedMatch(field, names)
  let matched = false
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!')
    const re = globToRegExp(negated ? raw.slice(1) : raw)
    if (names.some(n => re.test(n))) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

/** The entries of the files that name host:port. A missing file has none (ssh says nothing either). */
export async function entriesFor (files: readonly string[], host: string, port: number): Promise<KnownHostEntry[]> {
  const names = [hostName(host, port)]
  const out: KnownHostEntry[] = []
  for (const file of files) {
    let text: string
    try { text = await readFile(file, 'utf8') } catch { continue }
    const lines = text.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const fields = lines[i].trim().split(/\s+/)
      if (fields[0] === '' || fields[0].startsWith('#')) continue
      let marker: KnownHostEntry['marker'] = null
      if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() === '@revoked' ? 'revoked' : 'cert-authority'
      if (fields.length < 3 || !hostFieldMatches(fields[0], names)) continue
      out.push({ file, line: i + 1, marker, keyType: fields[1], key: Buffer.from(fields[2], 'base64') })
    }
  }
  return out
}

/** Key types known for the host, in file order: offered first so the server shows a key we can check (as ssh does). */
export function knownKeyTypes (entries: readonly KnownHostEntry[]): string[] {
  return [...new Set(entries.filter(e => e.marker === null).map(e => e.keyType))]
}

/**
 * Checks the server's key; returns null when it is accepted, else the error
 * to fail the connection with (BackendError with the ssh_host_key_* code).
 */
export function checkHostKey (key: Buffer, entries: readonly KnownHostEntry[], host: string, port: number, policy: StrictHostKeyChecking): BackendError | null {
  const keyType = keyTypeOf(key)
  const data = { host, port, fingerprint: fingerprint(key), key_type: keyType }
  const revoked = entries.find(e => e.marker === 'revoked' && e.key.equals(key))
  if (revoked !== undefined) {
    return new BackendError(`host key for ${hostName(host, port)} (${keyType} ${data.fingerprint}) is marked as revoked in ${revoked.file}:${revoked.line}`,
      'ssh_host_key_revoked', { ...data, known_hosts_file: revoked.file, line: revoked.line })
  }
  if (policy === 'no') return null
  const plain = entries.filter(e => e.marker === null)
  if (plain.some(e => e.key.equals(key))) return null
  const changed = plain.find(e => e.keyType === keyType)
  if (changed !== undefined) {
    return new BackendError(`host key verification failed: the ${keyType} key of ${hostName(host, port)} has changed (now ${data.fingerprint}); the known one is in ${changed.file}:${changed.line}`,
      'ssh_host_key_changed', { ...data, known_hosts_file: changed.file, line: changed.line })
  }
  if (policy === 'accept-new') return null
  return new BackendError(`host key verification failed: no ${keyType} key of ${hostName(host, port)} is known (${data.fingerprint}); add it to a known_hosts file or set strict_host_key_checking`,
    'ssh_host_key_unknown', data)
}
