// openssh.connect / exec / close: the Net::OpenSSH facade's calls. A
// connection is a session handle of kind `ssh` holding an exclusive lease
// from the SSH pool; `sftp.attach` hangs an SFTP handle off it.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { Bytes, toBuffer } from '../../src/bytes.js'
import { BRIDGE_ERR_INVALID_PARAMS, BackendError } from '../../src/errors.js'
import { SshConnectParams, sshTarget, type SshLease } from '../ssh/index.js'
import { runExec, isTransportError } from './exec.js'

export interface SshHandle {
  lease: SshLease
  /** set when a transport failure showed the connection is dead: it must not go back to the pool */
  broken: boolean
}

/** The most output one command may return (stdout and stderr together); capture in the real module is in memory too. */
export const MAX_EXEC_OUTPUT = 512 * 1024 * 1024

export function holdConnection (app: FastifyInstance, session: Parameters<FastifyInstance['sessions']['create']>[0], lease: SshLease): string {
  return app.sessions.create<SshHandle>(session, 'ssh', { lease, broken: false }, h => { h.lease.release(!h.broken) })
}

export function opensshMethods (app: FastifyInstance, config: Config) {
  return {
    connect: method({
      description: 'Opens (or takes from the pool) an SSH connection for Net::OpenSSH->new; host keys are checked against known_hosts.',
      params: Type.Object({ ...SshConnectParams }),
      result: Type.Object({ ssh_id: Type.String(), connection_id: Type.String() }),
      handler: async (p, ctx) => {
        const lease = await app.ssh.acquire(await sshTarget(p, ctx, config))
        return { ssh_id: holdConnection(app, ctx.session, lease), connection_id: lease.connectionId }
      },
    }),
    exec: method({
      description: 'Runs one remote command line (already quoted for the remote shell) and returns its output and exit status.',
      params: Type.Object({
        ssh_id: Type.String({ minLength: 1 }),
        command: Bytes,
        stdin: Type.Optional(Bytes),
        stdout: Type.Optional(Type.Union([Type.Literal('capture'), Type.Literal('discard')])),
        stderr: Type.Optional(Type.Union([Type.Literal('capture'), Type.Literal('discard'), Type.Literal('stdout')])),
        timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds without output before giving up' })),
        tty: Type.Optional(Type.Boolean()),
      }),
      result: Type.Object({
        stdout: Type.Unknown({ description: 'bytes (packed for a packed client, {"$base64"} in JSON)' }),
        stderr: Type.Unknown({ description: 'bytes; empty when discarded or sent to stdout' }),
        exit_code: Type.Union([Type.Integer(), Type.Null()]),
        signal: Type.Union([Type.String(), Type.Null()]),
      }),
      handler: async (p, ctx) => {
        const h = app.sessions.get<SshHandle>(ctx.session, 'ssh', p.ssh_id)
        // a connection already gone is reported as such (started: false) rather than tried
        if (h.broken || !h.lease.alive()) {
          h.broken = true
          throw new BackendError('the SSH connection is gone (closed by the server or the network)', 'ssh_disconnected', { started: false })
        }
        try {
          const command = toBuffer(p.command, 'command')
          if (command.length === 0) throw new BRIDGE_ERR_INVALID_PARAMS('command', 'is empty')
          return await runExec(h.lease.client, command, {
            stdin: p.stdin === undefined ? undefined : toBuffer(p.stdin, 'stdin'),
            stdout: p.stdout ?? 'capture',
            stderr: p.stderr ?? 'capture',
            timeout: p.timeout,
            tty: p.tty,
            maxOutput: MAX_EXEC_OUTPUT,
          })
        } catch (err) {
          if (isTransportError(err)) h.broken = true
          throw err
        }
      },
    }),
    check: method({
      description: 'Whether the connection is still up (Net::OpenSSH check_master/wait_for_master after the server went away).',
      params: Type.Object({ ssh_id: Type.String({ minLength: 1 }) }),
      result: Type.Object({ alive: Type.Boolean() }),
      idempotent: true,
      handler: async (p, ctx) => {
        const h = app.sessions.get<SshHandle>(ctx.session, 'ssh', p.ssh_id)
        if (!h.lease.alive()) h.broken = true
        return { alive: !h.broken }
      },
    }),
    close: method({
      description: 'Ends a Net::OpenSSH connection (disconnect): its SFTP handles close and the connection goes back to the pool.',
      params: Type.Object({ ssh_id: Type.String({ minLength: 1 }) }),
      result: Type.Object({ closed: Type.Boolean() }),
      handler: async (p, ctx) => ({ closed: await app.sessions.close(ctx.session, 'ssh', p.ssh_id) }),
    }),
  }
}
