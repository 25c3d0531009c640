// One remote command on an SSH connection: stdin from the caller's bytes,
// stdout/stderr collected (or dropped), the exit status or signal from the
// channel's 'exit' event. Net::OpenSSH's capture/system/capture2 are built
// on this; the command line arrives already quoted by the facade.
import type { Client, ClientChannel } from 'ssh2'
import { BackendError } from '../../src/errors.js'

export type OutMode = 'capture' | 'discard'
export type ErrMode = 'capture' | 'discard' | 'stdout'

export interface ExecOptions {
  stdin?: Buffer
  stdout: OutMode
  stderr: ErrMode
  /** seconds without output before the command is abandoned (Net::OpenSSH's timeout is an inactivity one too) */
  timeout?: number
  tty?: boolean
  /** bytes of stdout+stderr kept at most; more is an error rather than unbounded daemon memory */
  maxOutput: number
}

export interface ExecResult {
  stdout: Buffer
  stderr: Buffer
  /** null when the command was killed by a signal or the server sent no status */
  exit_code: number | null
  /** the signal's name without SIG ('TERM'), or null */
  signal: string | null
}

/** Whether a failed exec left the connection unusable (the lease must not go back to the pool). */
export function isTransportError (err: unknown): boolean {
  return err instanceof BackendError && err.extra.backend_code === 'ssh_disconnected'
}

/**
 * Starts the command and calls `attach` synchronously in ssh2's callback: the
 * server's output and exit status can arrive in the same read as the exec
 * reply, and ssh2 emits them before an awaiting caller would get to listen.
 */
function startCommand (client: Client, command: Buffer, tty: boolean, attach: (ch: ClientChannel) => void, fail: (err: Error) => void): void {
  const cb = (err: Error | undefined, ch: ClientChannel): void => {
    if (err !== undefined && err !== null) {
      // a refused channel (server's MaxSessions) is not a dead connection; a closed socket is
      const gone = /not connected|No response from server|socket/i.test(err.message)
      fail(new BackendError(`cannot start the remote command: ${err.message}`, gone ? 'ssh_disconnected' : 'ssh_channel', gone ? { started: false } : {}, err))
      return
    }
    attach(ch)
  }
  try {
    // a Buffer goes out as it is (ssh2's protocol layer takes one): the script's bytes, not re-encoded text
    const line = command as unknown as string
    if (tty) client.exec(line, { pty: true }, cb)
    else client.exec(line, cb)
  } catch (err) {
    fail(new BackendError(`cannot start the remote command: ${(err as Error).message}`, 'ssh_disconnected', { started: false }, err))
  }
}

export async function runExec (client: Client, command: Buffer, opts: ExecOptions): Promise<ExecResult> {
  return await new Promise<ExecResult>((resolve, reject) => {
    startCommand(client, command, opts.tty === true, ch => { collect(ch, client, opts, resolve, reject) }, reject)
  })
}

function collect (ch: ClientChannel, client: Client, opts: ExecOptions, resolve: (r: ExecResult) => void, reject: (e: Error) => void): void {
  const out: Buffer[] = []
  const err: Buffer[] = []
  let size = 0
  let exitCode: number | null = null
  let signal: string | null = null
  let done = false
  let timer: NodeJS.Timeout | undefined

  const finish = (e: Error | null): void => {
    if (done) return
    done = true
    if (timer !== undefined) clearTimeout(timer)
    client.removeListener('close', onClientClose)
    if (e !== null) {
      ch.destroy()
      reject(e)
      return
    }
    resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exit_code: exitCode, signal })
  }
  const onClientClose = (): void => {
    // Net::OpenSSH's capture returns what it read before ssh died, so the partial output travels with the error
    finish(new BackendError('the SSH connection was lost while the remote command ran', 'ssh_disconnected', {
      started: true,
      stdout_base64: Buffer.concat(out).toString('base64'),
      stderr_base64: Buffer.concat(err).toString('base64'),
    }))
  }
  client.once('close', onClientClose)

  // Inactivity, as Net::OpenSSH's select() loop times out: any output or stdin progress restarts it.
  const arm = (): void => {
    if (opts.timeout === undefined) return
    if (timer !== undefined) clearTimeout(timer)
    const secs = opts.timeout
    timer = setTimeout(() => {
      // ssh2 cannot signal the remote process portably; closing the channel makes sshd hang it up
      finish(new BackendError(`the remote command timed out: no output for ${secs} s`, 'ssh_exec_timeout', { timeout: secs }))
    }, Math.ceil(secs * 1000))
  }
  arm()

  const keep = (into: Buffer[], chunk: Buffer): void => {
    arm()
    size += chunk.length
    if (size > opts.maxOutput) {
      finish(new BackendError(`the remote command's output exceeds ${opts.maxOutput} bytes; redirect it to a remote file or discard it`, 'ssh_output_too_large', { limit: opts.maxOutput }))
      return
    }
    into.push(chunk)
  }
  ch.on('data', (chunk: Buffer) => { if (opts.stdout === 'capture') keep(out, chunk); else arm() })
  ch.stderr.on('data', (chunk: Buffer) => {
    if (opts.stderr === 'capture') keep(err, chunk)
    else if (opts.stderr === 'stdout') keep(opts.stdout === 'capture' ? out : [], chunk)
    else arm()
  })
  ch.on('exit', (code: number | null, sig?: string) => {
    if (typeof code === 'number') exitCode = code
    else if (typeof sig === 'string') signal = sig.replace(/^SIG/, '')
  })
  ch.on('error', (e: Error) => { finish(new BackendError(`remote command channel failed: ${e.message}`, 'ssh_channel', {}, e)) })
  ch.on('close', () => { finish(null) })

  if (opts.stdin !== undefined && opts.stdin.length > 0) {
    ch.write(opts.stdin, () => { arm() })
  }
  ch.end()
}
