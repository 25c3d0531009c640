// The real DBD as the oracle: the same SELECT through DBI + DBD::Pg /
// DBD::mysql / DBD::MariaDB / DBD::SQLite (perl, the Debian packages) and
// through database.execute_statement; values (as bytes), TYPE, PRECISION and
// SCALE must agree.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFileSync } from 'node:child_process'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'
import { servers } from './env.js'

const PERL = String.raw`
use strict; use warnings; use DBI;
my ($dsn, $user, $pass) = @ARGV;
my $sql = do { local $/; <STDIN> };
utf8::decode($sql);
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
my $sth = $dbh->prepare($sql); $sth->execute;
my $row = $sth->fetchrow_arrayref;
my $show = sub { my $v = shift; return 'undef' unless defined $v; utf8::encode($v) if utf8::is_utf8($v); return unpack 'H*', $v };
my $list = sub { join ',', map { defined $_ ? $_ : 'undef' } @{ $_[0] || [] } };
print join(' ', map { $show->($_) } @$row), "\n";
print $list->($sth->{TYPE}), "\n", $list->($sth->{PRECISION}), "\n", $list->($sth->{SCALE}), "\n";
`

function viaPerl (dsn: string, user: string, password: string, sql: string): string[] {
  return execFileSync('perl', ['-e', PERL, dsn, user, password], { input: sql, encoding: 'utf8', env: { ...process.env, PERL5LIB: '' } }).split('\n')
}

function hex (v: unknown): string {
  if (v === null) return 'undef'
  if (typeof v === 'object' && v !== null && '$base64' in v) return Buffer.from((v as { $base64: string }).$base64, 'base64').toString('hex')
  return Buffer.from(String(v), 'utf8').toString('hex')
}
const list = (a: unknown[]): string => a.map(v => v === null || v === undefined ? 'undef' : String(v)).join(',')

let app: FastifyInstance
beforeAll(async () => { app = await buildTestServer() })
afterAll(async () => { await app.close() })

const cases = [
  { name: 'Pg', ...servers.pg, meta: true, sql: `SELECT true AS a, false AS b, '\\x00ff27'::bytea AS c, 9007199254740993::int8 AS d, 7::int2 AS e, 8::int4 AS f,
      'Zoë ''q'' 日本'::text AS g, 1.5::float4 AS h, 0.1::float8 AS i, 'x'::char(3) AS j, 'v'::varchar(9) AS k, '2024-02-29'::date AS l,
      '03:04:05.25'::time AS m, '2024-01-02 03:04:05'::timestamp AS n, '2024-01-02 03:04:05+00'::timestamptz AS o,
      12345678901234567890.123456789::numeric AS p, 123.4560::numeric(10,4) AS q, NULL::text AS r, '1 day 02:00'::interval AS s,
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS t, '{"a": [1, 2]}'::jsonb AS u, 1e100::float8 AS v, -0.5::numeric AS w` },
  { name: 'mysql', ...servers.mysql, meta: true, sql: `SELECT 1 AS a, CAST(9007199254740993 AS SIGNED) AS b, CAST(12345.6789 AS DECIMAL(20,4)) AS c, 0.1e0 AS d,
      CAST('2024-02-29' AS DATE) AS e, CAST('2024-01-02 03:04:05' AS DATETIME) AS f, CAST('03:04:05' AS TIME) AS g, 'Zoë ''q'' 日本' AS h,
      _binary'\0\xff''' AS i, NULL AS j, CAST(-0.5 AS DECIMAL(3,1)) AS k, 1e100 AS l` },
  { name: 'MariaDB', ...servers.mariadb, meta: true, sql: `SELECT 1 AS a, CAST(9007199254740993 AS SIGNED) AS b, CAST(12345.6789 AS DECIMAL(20,4)) AS c, 0.1e0 AS d,
      CAST('2024-02-29' AS DATE) AS e, CAST('2024-01-02 03:04:05' AS DATETIME) AS f, 'Zoë ''q'' 日本' AS h, NULL AS j,
      CAST(1.5 AS FLOAT) AS k, 1e100 AS l, CAST(123456789.123 AS DOUBLE) AS m` },
  ...(['mysql', 'MariaDB'] as const).map(name => ({
    name: `${name} table`, ...(name === 'mysql' ? servers.mysql : servers.mariadb), meta: true,
    setup: ['DROP TABLE IF EXISTS cb_diff_types', `CREATE TABLE cb_diff_types (id INT AUTO_INCREMENT PRIMARY KEY, a TINYINT, b BIGINT UNSIGNED, c DECIMAL(20,4), d DOUBLE, e FLOAT,
      f DATE, g DATETIME, h TIMESTAMP NULL, i TIME, j VARCHAR(10) NOT NULL, k TEXT, l BLOB, m CHAR(3), n BIT(3), o YEAR, p JSON, q SMALLINT,
      r VARBINARY(5), s ENUM('x','y'), t MEDIUMINT, u LONGTEXT, v DATETIME(3))`,
    `INSERT INTO cb_diff_types (a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v) VALUES (-1, 18446744073709551615, -12345.6789, 0.1, 1.5, '2024-02-29',
      '2024-01-02 03:04:05', '2024-01-02 03:04:05', '-03:04:05', 'Zoë', 'tëxt', x'00ff', 'x', b'101', 2024, '{"a": 1}', -2, 'zz', 'y', 8388607, 'long', '2024-01-02 03:04:05.123')`],
    sql: 'SELECT * FROM cb_diff_types',
  })),
  { name: 'SQLite', dsn: 'dbi:SQLite:dbname=:memory:', user: '', password: '', meta: false, sql: `SELECT 1 AS a, 9007199254740993 AS b, 0.1 AS c, 0.1 + 0.2 AS d,
      'Zoë ''q'' 日本' AS e, x'00ff27' AS f, NULL AS g, 1e100 AS h, -0.5 AS i, 2.0 AS j` },
]

describe('values and metadata agree with the real DBD', () => {
  for (const c of cases) {
    it(`${c.name}`, async () => {
      const s = `diff-${c.name}`
      const id = (await call(app, 'database.connect', { dsn: c.dsn, username: c.user, password: c.password }, s)).connection_id
      for (const sql of (c as { setup?: string[] }).setup ?? []) await call(app, 'database.do_statement', { connection_id: id, sql }, s)
      const [vals, types, precision, scale] = viaPerl(c.dsn, c.user, c.password, c.sql)
      const r = await call(app, 'database.execute_statement', { connection_id: id, sql: c.sql }, s)
      expect(r.block[0].map(hex).join(' ')).toBe(vals)
      if (c.meta) {
        expect(list(r.types)).toBe(types)
        expect(list(r.precision)).toBe(precision)
        expect(list(r.scale)).toBe(scale)
      }
      await app.sessions.endSession(s)
    })
  }
})

const PERL_ERR = String.raw`
use strict; use warnings; use DBI;
my ($dsn, $user, $pass) = @ARGV;
my @sql = split /\n/, do { local $/; <STDIN> };
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 0, PrintError => 0 });
for my $sql (@sql) {
  my $ok = $dbh->do($sql);
  my $e = defined $DBI::errstr ? $DBI::errstr : ''; $e =~ s/\n/\\n/g;
  print defined $ok ? "ok" : join('|', $DBI::err, $DBI::state, $e), "\n";
}
my $bad = DBI->connect($dsn, $user, 'wrong-password', { RaiseError => 0, PrintError => 0 });
my $e = $DBI::errstr; $e =~ s/\n/\\n/g;
print join('|', $DBI::err, $DBI::state, $e), "\n" if $user ne '';
`

describe('error codes and texts agree with the real DBD', () => {
  const errCases = [
    { name: 'Pg', ...servers.pg, sql: ['SELEC 1', 'SELECT * FROM no_such_tbl_x', 'SELECT 1/0', "SELECT 'abc'::int", 'SELECT nocol FROM pg_class'] },
    { name: 'mysql', ...servers.mysql, sql: ['SELEC 1', 'SELECT * FROM no_such_tbl_x', 'SELECT nocol FROM information_schema.tables'] },
    { name: 'MariaDB', ...servers.mariadb, sql: ['SELEC 1', 'SELECT * FROM no_such_tbl_x'] },
    { name: 'SQLite', dsn: 'dbi:SQLite:dbname=:memory:', user: '', password: '', sql: ['SELEC 1', 'SELECT * FROM no_such_tbl_x', 'CREATE TABLE u (x UNIQUE)', 'INSERT INTO u VALUES (1)', 'INSERT INTO u VALUES (1)'] },
  ]
  for (const c of errCases) {
    it(c.name, async () => {
      const want = execFileSync('perl', ['-e', PERL_ERR, c.dsn, c.user, c.password], { input: c.sql.join('\n'), encoding: 'utf8', env: { ...process.env, PERL5LIB: '' } }).trim().split('\n')
      const s = `differr-${c.name}`
      const id = (await call(app, 'database.connect', { dsn: c.dsn, username: c.user, password: c.password }, s)).connection_id
      const got: string[] = []
      for (const sql of c.sql) {
        const r = await rpc(app, 'database.do_statement', { connection_id: id, sql }, s)
        const d: Record<string, unknown> = r.error?.data ?? {}
        got.push(r.error ? [d.err, d.state, r.error.message.replace(/\n/g, '\\n')].join('|') : 'ok')
      }
      if (c.user !== '') {
        const r = await rpc(app, 'database.connect', { dsn: c.dsn, username: c.user, password: 'wrong-password' }, s)
        const d: Record<string, unknown> = r.error?.data ?? {}
        got.push([d.err, d.state, r.error?.message.replace(/\n/g, '\\n')].join('|'))
      }
      // DBD::SQLite appends " at <file> line <n>" for its own source: compare up to it
      expect(got).toEqual(want.map(w => w.replace(/ at dbdimp\.c line \d+$/, '')))
      await app.sessions.endSession(s)
    })
  }
})
