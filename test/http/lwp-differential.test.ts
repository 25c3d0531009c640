// The wire, compared with the real LWP::UserAgent (Debian's libwww-perl, the
// test oracle): the same request sent both ways (LWP's own default headers,
// which the facade sends too), one hop (max_redirect 0), and the response
// compared: status, reason, every header's values in order (HTTP::Headers
// regroups names, so per name; Date and LWP's Client-* left out) and the
// content bytes as received (LWP's ->content, not decoded).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import type { FastifyInstance } from 'fastify'
import { call } from '../helpers.js'
import { buildHttpServer, bytes, web } from './env.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildHttpServer() })
afterAll(async () => { await app.close() })

interface Seen { code: number, message: string, headers: Record<string, string[]>, content: string }

const LWP_SCRIPT = `
use strict; use warnings; use LWP::UserAgent; use JSON::PP; use MIME::Base64;
my ($method, $url, $ca) = @ARGV;
binmode STDIN; my $content = do { local $/; <STDIN> };
my $ua = LWP::UserAgent->new(max_redirect => 0, ($ca ? (ssl_opts => { SSL_ca_file => $ca }) : ()));
my $req = HTTP::Request->new($method => $url);
$req->content($content) if length $content;
my $r = $ua->request($req);
my %h;
$r->headers->scan(sub { push @{$h{lc $_[0]}}, $_[1] });
print encode_json({ code => $r->code + 0, message => $r->message, headers => \\%h, content => encode_base64($r->content, '') });
`

function viaLwp (method: string, url: string, content = Buffer.alloc(0), ca = ''): Seen {
  const out = execFileSync('perl', ['-e', LWP_SCRIPT, method, url, ca], { input: content, encoding: 'utf8', timeout: 30_000 })
  return JSON.parse(out) as Seen
}

async function viaBridge (method: string, url: string, content = Buffer.alloc(0), ca = ''): Promise<Seen> {
  // what LWP::UserAgent 6.68 sends by itself (the facade sends these too)
  const headers = [['TE', 'deflate,gzip;q=0.3'], ['Connection', 'TE, close'], ['User-Agent', 'libwww-perl/6.68']]
  if (content.length > 0) headers.push(['Content-Length', String(content.length)])
  const r = await call(app, 'http.request', {
    method, url, headers, ...(content.length > 0 ? { content: { $base64: content.toString('base64') } } : {}),
    ...(ca !== '' ? { ssl_opts: { SSL_ca_file: ca } } : {}),
  }, 'lwp-diff')
  const h: Record<string, string[]> = {}
  for (const [n, v] of r.headers as Array<[string, string]>) (h[n.toLowerCase()] ??= []).push(v)
  return { code: r.code, message: r.message, headers: h, content: bytes(r.content).toString('base64') }
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
})
