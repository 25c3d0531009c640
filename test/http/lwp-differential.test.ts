// The wire, compared with the real LWP::UserAgent (Debian's libwww-perl, the
// test oracle): the same request sent both ways (LWP's own default headers,
// which the facade sends too), one hop (max_redirect 0), and the response
// compared: status, reason, every header's values in order (HTTP::Headers
// regroups names, so per name; Date and LWP's Client-* left out) and the
// content bytes as received (LWP's ->content, not decoded); max_size's cut;
// and each transport failure's message against LWP's status line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { call } from '../helpers.js'
import { buildHttpServer, bytes, web } from './env.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildHttpServer() })
afterAll(async () => { await app.close() })

interface Seen { code: number, message: string, headers: Record<string, string[]>, content: string }

const LWP_SCRIPT = `
use strict; use warnings; use LWP::UserAgent; use JSON::PP; use MIME::Base64;
my ($method, $url, $ca, $opts) = @ARGV;
$opts = decode_json($opts || '{}');
binmode STDIN; my $content = do { local $/; <STDIN> };
my $ua = LWP::UserAgent->new(max_redirect => 0, ($ca ? (ssl_opts => { SSL_ca_file => $ca }) : ()),
  (exists $opts->{timeout} ? (timeout => $opts->{timeout}) : ()), (exists $opts->{max_size} ? (max_size => $opts->{max_size}) : ()),
  ($opts->{ssl_opts} ? (ssl_opts => $opts->{ssl_opts}) : ()));
$ua->proxy(['http', 'https'], $opts->{proxy}) if $opts->{proxy};
my $req = HTTP::Request->new($method => $url);
$req->content($content) if length $content;
my $r = $ua->request($req);
my %h;
$r->headers->scan(sub { push @{$h{lc $_[0]}}, $_[1] });
print encode_json({ code => $r->code + 0, message => $r->message, headers => \\%h, content => encode_base64($r->content, '') });
`

function viaLwp (method: string, url: string, content = Buffer.alloc(0), ca = '', opts: Record<string, unknown> = {}): Seen {
  const out = execFileSync('perl', ['-e', LWP_SCRIPT, method, url, ca, JSON.stringify(opts)], { input: content, encoding: 'utf8', timeout: 30_000 })
  return JSON.parse(out) as Seen
}

async function viaBridge (method: string, url: string, content = Buffer.alloc(0), ca = '', opts: Record<string, unknown> = {}): Promise<Seen & { aborted?: string, error?: { kind: string, message: string } }> {
  // what LWP::UserAgent 6.68 sends by itself (the facade sends these too)
  const headers = [['TE', 'deflate,gzip;q=0.3'], ['Connection', 'TE, close'], ['User-Agent', 'libwww-perl/6.68']]
  if (content.length > 0) headers.push(['Content-Length', String(content.length)])
  const r = await call(app, 'http.request', {
    method, url, headers, ...(content.length > 0 ? { content: { $base64: content.toString('base64') } } : {}),
    ...(ca !== '' ? { ssl_opts: { SSL_ca_file: ca } } : {}),
    ...opts,
  }, 'lwp-diff')
  const h: Record<string, string[]> = {}
  for (const [n, v] of r.headers as Array<[string, string]>) (h[n.toLowerCase()] ??= []).push(v)
  return { code: r.code, message: r.message, headers: h, content: bytes(r.content).toString('base64'), ...(r.aborted !== undefined ? { aborted: r.aborted } : {}), ...(r.error !== undefined ? { error: r.error } : {}) }
}

function comparable (s: Seen): Seen {
  const headers: Record<string, string[]> = {}
  for (const [n, v] of Object.entries(s.headers)) if (n !== 'date' && (!n.startsWith('client-') || n === 'client-transfer-encoding')) headers[n] = v
  return { ...s, headers }
}

/** what LWP::Protocol::http does to the head in Perl (the facade's part): Transfer-Encoding becomes Client-Transfer-Encoding */
function asLwpProtocol (s: Seen): Seen {
  const { 'transfer-encoding': te, ...rest } = s.headers
  return { ...s, headers: te === undefined ? rest : { ...rest, 'client-transfer-encoding': te } }
}

describe('http.request against the real LWP::UserAgent', () => {
  const cases: Array<[string, string, Buffer?]> = [
    ['GET', '/headers-multi'],
    ['GET', '/gzip'],
    ['GET', '/deflate'],
    ['GET', '/chunked?n=5&size=333'],
    ['GET', '/charset/windows-1252'],
    ['GET', '/status/418'],
    ['GET', '/status/204'],
    ['GET', '/status/401'],
    ['GET', '/redirect/2'],
    ['GET', '/redirect-to?url=%2Fsmall&status=307'],
    ['GET', '/cookies/set?a=1&b=2'],
    ['GET', '/last-modified'],
    ['HEAD', '/bytes/1000'],
    ['GET', '/bytes/70000'],
    ['POST', '/upload', Buffer.from('a\r\n.\r\nb\0\xff', 'latin1')],
    ['PUT', '/upload', Buffer.alloc(200_000, 0x41)],
    ['DELETE', '/status/202'],
    ['GET', '/no-such-path'],
  ]
  for (const [method, path, content] of cases) {
    it(`${method} ${path}`, async () => {
      const url = `${web.http}${path}`
      expect(comparable(asLwpProtocol(await viaBridge(method, url, content)))).toEqual(comparable(viaLwp(method, url, content)))
    })
  }

  it('GET over https with SSL_ca_file', async () => {
    const url = `${web.https}/headers-multi`
    expect(comparable(asLwpProtocol(await viaBridge('GET', url, undefined, web.ca)))).toEqual(comparable(viaLwp('GET', url, undefined, web.ca)))
  })

  it('through the proxy (http in absolute form)', async () => {
    const url = `${web.http}/headers-multi`
    expect(comparable(asLwpProtocol(await viaBridge('GET', url, undefined, '', { proxy: web.proxy })))).toEqual(comparable(viaLwp('GET', url, undefined, '', { proxy: web.proxy })))
  })

  it('https with the certificate check off (SSL_verify_mode 0)', async () => {
    const url = `${web.https}/headers-multi`
    const ssl = { verify_hostname: 0, SSL_verify_mode: 0 }
    expect(comparable(asLwpProtocol(await viaBridge('GET', url, undefined, '', { ssl_opts: ssl })))).toEqual(comparable(viaLwp('GET', url, undefined, '', { ssl_opts: ssl })))
  })

  it('max_size: the same bytes kept, aborted as LWP\'s Client-Aborted', async () => {
    for (const [path, max] of [['/bytes/100000', 1000], ['/bytes/100000', 5000], ['/bytes/100000', 99_999], ['/bytes/100000', 100_000]] as const) {
      const lwp = viaLwp('GET', `${web.http}${path}`, undefined, '', { max_size: max })
      const ours = await viaBridge('GET', `${web.http}${path}`, undefined, '', { max_size: max })
      expect(ours.content.length, `${path} ${max}`).toBe(lwp.content.length)
      expect(ours.content, `${path} ${max}`).toBe(lwp.content)
      expect(ours.aborted, `${path} ${max}`).toBe(lwp.headers['client-aborted']?.[0])
    }
  })
})

describe('transport failures: the daemon\'s message is LWP\'s status line', () => {
  const failures: Array<[string, string, Record<string, unknown>]> = [
    ['refused port', 'http://127.0.0.1:1/', {}],
    ['unknown host', 'http://no-such-host.invalid/x', {}],
    ['server closes', `${web.http}/close`, {}],
    ['server hangs (timeout 1)', `${web.http}/hang`, { timeout: 1 }],
    ['server stops in the body (timeout 1)', `${web.http}/drip?ms=3000&n=3`, { timeout: 1 }],
    ['untrusted certificate', `${web.https}/small`, {}],
    ['verify_hostname 0 alone', `${web.https}/small`, { ssl_opts: { verify_hostname: 0 } }],
    ['missing SSL_ca_file', `${web.https}/small`, { ssl_opts: { SSL_ca_file: path.join(os.tmpdir(), `cb-no-such-dir-${process.pid}`, 'ca.pem') } }],
    ['https via proxy to a closed port', 'https://127.0.0.1:1/', { proxy: web.proxy }],
  ]
  for (const [what, url, opts] of failures) {
    it(what, async () => {
      const lwp = viaLwp('GET', url, undefined, '', opts)
      const ours = await viaBridge('GET', url, undefined, '', opts)
      expect(lwp.code).toBe(500)
      expect(ours.error?.message).toBe(lwp.message)
    })
  }
})
