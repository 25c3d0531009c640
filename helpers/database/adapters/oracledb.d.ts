// The slice of oracledb's API the Oracle adapter uses (the package ships no
// TypeScript types and @types/oracledb is not installed).
declare module 'oracledb' {
  export interface DbType { num: number, name: string, columnTypeName: string }
  export interface Metadata<T> {
    name: string
    dbType?: DbType
    dbTypeName?: string
    precision?: number
    scale?: number
    byteSize?: number
    nullable?: boolean
    fetchType?: T
  }
  export interface FetchTypeResponse { type?: number | DbType, converter?: (v: unknown) => unknown }
  export type BindParameters = unknown[] | Record<string, unknown>
  export interface ExecuteOptions {
    resultSet?: boolean
    outFormat?: number
    autoCommit?: boolean
    fetchTypeHandler?: (m: Metadata<unknown>) => FetchTypeResponse | undefined
  }
  export interface ResultSet<T> { getRows (n: number): Promise<T[]>, close (): Promise<void> }
  export interface Result<T> {
    rows?: T[]
    resultSet?: ResultSet<T>
    metaData?: Array<Metadata<unknown>>
    rowsAffected?: number
    outBinds?: unknown
  }
  export interface Connection {
    execute<T> (sql: string, binds?: BindParameters, opts?: ExecuteOptions): Promise<Result<T>>
    commit (): Promise<void>
    rollback (): Promise<void>
    ping (): Promise<void>
    close (opts?: { drop?: boolean }): Promise<void>
  }
  export interface Pool { getConnection (): Promise<Connection>, close (drainTime?: number): Promise<void> }
  export interface PoolAttributes {
    user: string, password: string, connectString: string, poolMin?: number, poolMax?: number, poolIncrement?: number, poolTimeout?: number, queueTimeout?: number
  }
  export function createPool (a: PoolAttributes): Promise<Pool>
  export function getConnection (a: { user: string, password: string, connectString: string }): Promise<Connection>
  export function initOracleClient (o?: { libDir?: string }): void
  export const thin: boolean
  export const STRING: number
  export const BUFFER: number
  export const BIND_INOUT: number
  export const OUT_FORMAT_ARRAY: number
  export const DB_TYPE_NUMBER: DbType
  export const DB_TYPE_BINARY_FLOAT: DbType
  export const DB_TYPE_BINARY_DOUBLE: DbType
  export const DB_TYPE_BINARY_INTEGER: DbType
  export const DB_TYPE_DATE: DbType
  export const DB_TYPE_TIMESTAMP: DbType
  export const DB_TYPE_TIMESTAMP_LTZ: DbType
  export const DB_TYPE_TIMESTAMP_TZ: DbType
  export const DB_TYPE_CLOB: DbType
  export const DB_TYPE_NCLOB: DbType
  export const DB_TYPE_BLOB: DbType
  export const DB_TYPE_VARCHAR: DbType
}
