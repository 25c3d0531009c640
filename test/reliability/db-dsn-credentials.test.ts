// Issue 11, item 8: user= and password= in a data source, as each DBD takes
// them (measured against the real drivers: perl/t/reliability-dbi-dsn.t runs
// the same connects both ways). Here: the parsing of DBD::Pg's libpq-style
// values (quotes, escapes, `;` or spaces between pairs) and who wins.
import { describe, it, expect } from 'vitest'
import { parseDsn, credentials } from '../../helpers/database/dsn.js'

describe('credentials in the DSN', () => {
  it('DBD::Pg: the DSN fills what the arguments leave empty; arguments win', () => {
    const d = parseDsn('dbi:Pg:dbname=app;host=h;user=dsnuser;password=dsnpw')
    expect(credentials(d, '', '')).toEqual({ user: 'dsnuser', password: 'dsnpw' })
    expect(credentials(d, 'arg', '')).toEqual({ user: 'arg', password: 'dsnpw' })
    expect(credentials(d, '', 'argpw')).toEqual({ user: 'dsnuser', password: 'argpw' })
    expect(credentials(parseDsn('dbi:Pg:dbname=app'), 'u', 'p')).toEqual({ user: 'u', password: 'p' })
  })
  it('DBD::Pg: quoted values, escapes, and spaces or ; between pairs (as libpq reads them)', () => {
    const q = parseDsn("dbi:Pg:dbname=app;user=u;password='a;b c\\'d'")
    expect(q.attrs.password).toBe("a;b c'd")
    expect(q.database).toBe('app')
    const s = parseDsn('dbi:Pg:dbname=app host=h port=5433 password=x\\ y')
    expect(s).toMatchObject({ database: 'app', host: 'h', port: 5433 })
    expect(s.attrs.password).toBe('x y')
    expect(parseDsn('dbi:Pg:dbname = app ; host = h').host).toBe('h')
  })
  it('DBD::mysql: the DSN wins over the arguments; DBD::MariaDB ignores it', () => {
    const my = parseDsn('dbi:mysql:database=shop;host=h;user=dsnuser;password=dsnpw')
    expect(credentials(my, 'arg', 'argpw')).toEqual({ user: 'dsnuser', password: 'dsnpw' })
    expect(credentials(parseDsn('dbi:mysql:database=shop;user=dsnuser'), '', 'argpw')).toEqual({ user: 'dsnuser', password: 'argpw' })
    const maria = parseDsn('dbi:MariaDB:database=shop;host=h;user=dsnuser;password=dsnpw')
    expect(credentials(maria, 'arg', 'argpw')).toEqual({ user: 'arg', password: 'argpw' })
    expect(credentials(maria, '', '')).toEqual({ user: '', password: '' })
  })
  it('Oracle: user/password@tns in the user argument', () => {
    expect(credentials(parseDsn('dbi:Oracle:', 'scott/tiger@TNS'), 'scott/tiger@TNS', '')).toEqual({ user: 'scott', password: 'tiger' })
  })
})
