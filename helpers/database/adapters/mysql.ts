// Placeholder until the adapter lands.
import { BackendError } from '../../../src/errors.js'
import type { ConnectRequest, DriverAdapter, DriverConn } from '../types.js'

export class MysqlAdapter implements DriverAdapter {
  async connect (_req: ConnectRequest): Promise<DriverConn> { throw new BackendError('driver not available yet', null, { state: 'IM002' }) }
  async end (): Promise<void> {}
}
