// Raw-request helpers for the core tests: the envelope tests need bodies that
// test/helpers.ts's rpc() would never produce.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface RawReply { status: number, type: string, body: any, text: string, res: LightMyRequestResponse }

export async function post (app: FastifyInstance, payload: string | Buffer, headers: Record<string, string> = {}, url = '/rpc'): Promise<RawReply> {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'x-bridge-session': 'core-test', ...headers },
    payload,
  })
  const type = String(res.headers['content-type'] ?? '')
  let body: unknown
  try { body = type.startsWith('application/json') && res.body !== '' ? JSON.parse(res.body) : undefined } catch { body = undefined }
  return { status: res.statusCode, type, body, text: res.body, res }
}

export const req = (method: string, params?: unknown, id: unknown = 1): Record<string, unknown> =>
  params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params }

export function tempDir (label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cpan-bridge-core-${label}-`))
}

/** Lines of a JSON-lines file, parsed (the security log). */
export function jsonLines (file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return []
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as Record<string, unknown>)
}

/** The security log stream is async; closing the app flushes it. */
export async function waitFor (pred: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!pred() && Date.now() < end) await new Promise(resolve => setTimeout(resolve, 10))
}
