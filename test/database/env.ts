// Connection facts of the real test servers, from .test-services/env (written
// by scripts/test-services.sh start). A missing file or server fails the test.
import { serviceFacts } from '../services.js'

export interface ServerFacts { dsn: string, user: string, password: string }

const env = serviceFacts()

export const servers: Record<'pg' | 'mysql' | 'mariadb', ServerFacts> = {
  pg: { dsn: env.CB_PG_DSN, user: env.CB_PG_USER, password: env.CB_PG_PASSWORD },
  mysql: { dsn: env.CB_MYSQL_DSN, user: env.CB_MYSQL_USER, password: env.CB_MYSQL_PASSWORD },
  mariadb: { dsn: env.CB_MARIADB_DSN, user: env.CB_MYSQL_USER, password: env.CB_MYSQL_PASSWORD },
}
