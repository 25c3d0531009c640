// simpleIn / simpleOut against the real XML::Simple, case by case: each case
// runs through the module (one Perl process for all) and through our
// functions, and the two results must be equal (data, warnings, errors).
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSaxes, parseTree } from '../../helpers/xml/sax-tree.js'
import { simpleIn } from '../../helpers/xml/simple-in.js'
import { simpleOut } from '../../helpers/xml/simple-out.js'
import { oracle, plain, type InCase, type OutCase, type OracleIn, type OracleOut } from './simple-oracle.js'

const LIMITS = { maxBytes: 64 * 1024 * 1024 }

const CONFIG = `<config logdir="/var/log/foo/" debugfile="/tmp/foo.debug">
  <server name="sahara" osname="solaris" osversion="2.6">
    <address>10.0.0.101</address>
    <address>10.0.1.101</address>
  </server>
  <server name="gobi" osname="irix" osversion="6.5">
    <address>10.0.0.102</address>
  </server>
  <server name="kalahari" osname="linux" osversion="2.0.34">
    <address>10.0.0.103</address>
    <address>10.0.1.103</address>
  </server>
</config>`

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>News &amp; views</title>
    <link>http://example.com/</link>
    <description><![CDATA[<b>Bold</b> news]]></description>
    <item><title>One</title><link>http://example.com/1</link><guid isPermaLink="false">id-1</guid><dc:creator>Ann</dc:creator></item>
    <item><title>Two</title><link>http://example.com/2</link><guid isPermaLink="true">http://example.com/2</guid><category>a</category><category>b</category></item>
  </channel>
</rss>`

const SOAP = `<?xml version="1.0"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="urn:example">
  <soap:Header><m:Auth soap:mustUnderstand="1">token</m:Auth></soap:Header>
  <soap:Body>
    <m:GetPriceResponse>
      <m:Price currency="EUR">1.90</m:Price>
      <m:Item id="7">Apple</m:Item>
      <m:Item id="8">Pear</m:Item>
    </m:GetPriceResponse>
  </soap:Body>
</soap:Envelope>`

const MIXED = '<p class="x">Hello <b>big</b> world <i>!</i> end</p>'
const UNICODE = '<doc lang="日本"><name>Ärger ☃ 𝄞</name><e>&#233;&#x263A;</e><ws>&#xA0;</ws><nel>&#x85;</nel></doc>'
const ENTITIES = '<!DOCTYPE d [<!ENTITY co "ACME &amp; Co"><!ENTITY full "&co; Ltd">]><d a="&co;">&full; &lt;x&gt; &#65;</d>'
const EMPTY = '<opt><a/><b></b><c>  </c><d x="1"/><e><f/></e></opt>'
const WS = '<opt>\n  <a>  lead and trail  </a>\n  <b>multi   \n\t space</b>\n  <c k="  v   w  ">t</c>\n</opt>'
const NESTED_LIST = '<opt><list><item>1</item><item>2</item></list><list><item>3</item></list></opt>'
const KEYS = `<opt>
  <user id="u1" name="ann"><age>30</age></user>
  <user id="u2" name="bob"><age>40</age></user>
  <user key="k3" name="cy" id="u3"/>
  <group name="admins" id="g1"/>
  <dup name="x" v="1"/><dup name="x" v="2"/>
  <nokey v="1"/><nokey name="n" v="2"/>
</opt>`
const CONTENT = '<opt><v name="a">alpha</v><v name="b">beta</v><w name="c" x="1">gamma</w><w name="d" x="2">delta</w></opt>'
const GROUP = '<opt><searchpath><dir>/usr/bin</dir><dir>/bin</dir></searchpath><one><x>1</x></one><other><dir>a</dir></other></opt>'
const VALUEATTR = '<opt><colour value="red"/><size value="10" unit="cm"/><name>x</name><p value="1"/><p value="2"/></opt>'
const VARS = '<opt><dir name="base">/usr</dir><bin>${base}/bin</bin><lib path="${base}/lib" other="${nope}"/><x.y>${a.b}</x.y></opt>'
const NS = '<r xmlns="urn:d" xmlns:p="urn:p" p:a="1" b="2"><p:c>x</p:c><d xml:lang="en">y</d><e xmlns="">z</e></r>'
const ANON = '<opt><anon>a</anon><anon>b</anon></opt>'
const ANON2 = '<opt><x><anon>a</anon><anon>b</anon></x><y><anon><anon>1</anon><anon>2</anon></anon><anon>3</anon></y></opt>'
const PROTO = '<opt><__proto__ a="1"/><constructor>c</constructor><toString/><hasOwnProperty x="y"/></opt>'
const ATTRCHILD = '<opt a="1"><a>2</a><content>c</content>text</opt>'

const IN: InCase[] = []
const add = (xml: string, ...opts: string[]): void => {
  for (const o of opts.length > 0 ? opts : ['()']) IN.push({ xml, opts: o })
}
const DOCS = [CONFIG, RSS, SOAP, MIXED, UNICODE, ENTITIES, EMPTY, WS, NESTED_LIST, KEYS, CONTENT, GROUP, VALUEATTR, VARS, NS, ANON, ANON2, PROTO, ATTRCHILD, '<x>only text</x>', '<x/>', '<x a="1"/>', '<x> </x>']
const MATRIX = [
  '()',
  '(ForceArray => 1)',
  '(ForceArray => 0)',
  "(ForceArray => ['address', 'item', 'v'])",
  '(ForceArray => [qr/^ad/, qr/^I/i, "w"])',
  '(ForceArray => qr/e/)',
  "(ForceArray => 'yes')",
  '(ForceArray => [])',
  '(KeyAttr => [])',
  "(KeyAttr => 'id')",
  "(KeyAttr => ['id', 'name'])",
  "(KeyAttr => { server => 'name', user => '+id', v => '-name', w => 'name', item => 'title' })",
  "(KeyAttr => { dup => 'name' })",
  "(KeyAttr => { nokey => 'name' })",
  '(KeyAttr => {})',
  '(KeepRoot => 1)',
  '(KeepRoot => 1, ForceArray => 1, KeyAttr => [])',
  '(SuppressEmpty => 1)',
  "(SuppressEmpty => '')",
  '(SuppressEmpty => undef)',
  '(SuppressEmpty => 0)',
  "(ContentKey => 'text')",
  "(ContentKey => '-content')",
  "(ContentKey => '-text', KeyAttr => { v => 'name', w => 'name' })",
  '(ForceContent => 1)',
  "(ForceContent => 1, ContentKey => 'value')",
  '(NoAttr => 1)',
  "(GroupTags => { searchpath => 'dir', other => 'dir', list => 'item' })",
  "(ValueAttr => { colour => 'value', size => 'value', p => 'value' })",
  "(ValueAttr => ['value'])",
  '(NormaliseSpace => 0)',
  '(NormaliseSpace => 1)',
  '(NormaliseSpace => 2)',
  '(NormalizeSpace => 2, KeyAttr => { c => "k" })',
  "(VarAttr => 'name')",
  "(Variables => { base => '/opt', 'a.b' => 'AB' })",
  "(Variables => { base => '/opt' }, VarAttr => 'name')",
  '(NSExpand => 1)',
  '(StrictMode => 1, ForceArray => 1, KeyAttr => { user => "id", dup => "name" })',
  '(strict_mode => 1, ForceArray => ["user"], KeyAttr => { user => "id" })',
  "(force_array => 1, key_attr => 'name', Keep_Root => 1)",
  '(ForceArray => 1, KeyAttr => { server => "name" }, ContentKey => "-content", SuppressEmpty => "", NormaliseSpace => 2)',
]
for (const d of DOCS) add(d, ...MATRIX)
add(NS, '(NSExpand => 1, KeepRoot => 1)', '(NSExpand => 1, ForceArray => 1)')
add('<opt><x name=" a  b ">1</x><x name="a b">2</x></opt>', '(NormaliseSpace => 1)', '(NormaliseSpace => 0)', '(NormaliseSpace => 2)')
add('<opt><x id="1"><id>2</id></x><x id="3"/></opt>', '(KeyAttr => ["id"])', '()', "(KeyAttr => { x => 'id' })")
add('<opt><x name="1"><name>2</name></x><x name="3"/></opt>', '()')
add('<opt><x><name>n1</name><v>1</v></x><x><name>n2</name><v>2</v></x></opt>', '()', '(KeyAttr => ["name"])')

const OUT_DATA = [
  '{ a => 1, b => "two", c => [ 1, 2 ], d => { e => "f" } }',
  "{ server => { sahara => { osname => 'solaris', address => [ '10.0.0.101', '10.0.1.101' ] }, gobi => { osname => 'irix', address => '10.0.0.102' } }, logdir => '/var/log' }",
  '{ content => "text & <more>", attr => q{"quoted"} }',
  '{ x => undef, y => "", z => { content => undef, a => 1 } }',
  '[ 1, { a => 2 }, [ 3, 4 ] ]',
  '{ root => { a => 1, b => [ 1, 2 ] } }',
  '{ list => { item => [ "a", "b" ] }, n => { value => 5 } }',
  '{ "-hidden" => 1, shown => 2, nested => { "-h" => 3, v => 4 } }',
  '{ user => { u1 => { name => "ann", age => 30 }, u2 => { name => "bob" } } }',
  "{ dir => [ '/usr/bin', '/bin' ], colour => 'red' }",
  '{ name => "n", key => "k", id => "i", a => "1", zed => "z" }',
  '{ text => "\\x{263A} caf\\x{e9} \\x{1D11E}" }',
  '"a scalar"',
  '{}',
  '{ a => {}, b => [], c => [ {} ] }',
  '{ a => [ undef, "x" ], b => [ [ "p", "q" ], { r => 1 } ] }',
  '{ opt => [ { a => 1 }, { a => 2 } ] }',
  '{ a => { b => { c => { d => "deep" } } } }',
  '{ item => [ { name => "x", v => 1 }, { name => "y", v => 2 } ] }',
  '{ "{urn:a}x" => 1, "{urn:a}y" => { z => 1, "{urn:b}q" => { "{urn:b}r" => 4, "{urn:a}s" => 5 } }, xmlns => "urn:d", "{urn:d}w" => 2, "{http://www.w3.org/2000/xmlns/}p" => "urn:p", "{urn:p}k" => 3, "{urn:p}e" => [ { "{urn:c}f" => 6 }, { "{urn:c}f" => 7 } ] }',
]
const OUT_OPTS = [
  '()',
  "(RootName => 'config')",
  '(RootName => undef)',
  "(RootName => '')",
  '(KeepRoot => 1)',
  "(XMLDecl => 1)",
  "(XMLDecl => '<?xml version=\"1.0\" encoding=\"UTF-8\"?>')",
  '(NoAttr => 1)',
  '(KeyAttr => [])',
  "(KeyAttr => ['id'])",
  "(KeyAttr => { server => 'name', user => '+id' })",
  "(ContentKey => 'text')",
  "(ContentKey => '-text')",
  '(NoEscape => 1)',
  '(NoIndent => 1)',
  '(AttrIndent => 1)',
  "(GroupTags => { dir => 'd', list => 'entry' })",
  "(ValueAttr => { colour => 'value', n => 'value' })",
  '(SuppressEmpty => 1)',
  '(SuppressEmpty => undef)',
  "(SuppressEmpty => '')",
  '(NumericEscape => 1)',
  '(NumericEscape => 2)',
  "(NoAttr => 1, RootName => 'r', XMLDecl => 1, NoIndent => 1)",
  '(NSExpand => 1)',
  '(NSExpand => 1, KeyAttr => [], NoAttr => 1)',
]
const OUT: OutCase[] = []
for (const data of OUT_DATA) for (const opts of OUT_OPTS) OUT.push({ data, opts })

let got: { in: OracleIn[], out: OracleOut[] }

beforeAll(async () => {
  await loadSaxes()
  got = oracle({ in: IN, out: OUT })
})

function ours (c: InCase, wire: Record<string, unknown>): { value?: unknown, error?: string, warnings: string[] } {
  const warnings: string[] = []
  try {
    return { value: plain(simpleIn(parseTree(c.xml, LIMITS), wire, m => warnings.push(m))), warnings }
  } catch (err) {
    return { error: (err as Error).message, warnings }
  }
}

describe('simpleIn is XML::Simple XMLin', () => {
  it(`gives the module's data, warnings and errors over ${IN.length} document x option cases`, () => {
    let failures = 0
    for (let i = 0; i < IN.length; i++) {
      const want = got.in[i]
      // strict-mode option errors are the facade's (croaked before any call); compare what reaches us
      if (want.error !== undefined && /^(No value specified|<\S+> set in KeyAttr but not in ForceArray)/.test(want.error)) continue
      const have = ours(IN[i], want.wire)
      const expected = want.error !== undefined ? { error: want.error, warnings: want.warnings } : { value: plain(want.value), warnings: [...want.warnings].sort() }
      const actual = have.error !== undefined ? { error: have.error, warnings: have.warnings } : { value: have.value, warnings: [...have.warnings].sort() }
      try {
        expect(actual, `${IN[i].xml.slice(0, 60)} ${IN[i].opts}`).toEqual(expected)
      } catch (e) {
        if (++failures <= 8) console.error(JSON.stringify(actual), "\n  WANT", JSON.stringify(expected), "\n  CASE", IN[i]?.opts ?? "", (IN[i]?.xml ?? "").slice(0, 50))
      }
    }
    expect(failures).toBe(0)
  })
})

describe('simpleOut is XML::Simple XMLout', () => {
  it(`writes the module's text over ${OUT.length} data x option cases`, () => {
    let failures = 0
    for (let i = 0; i < OUT.length; i++) {
      const want = got.out[i]
      const warnings: string[] = []
      let have: { xml?: string, error?: string }
      try { have = { xml: simpleOut(want.data, want.wire, m => warnings.push(m)) } } catch (err) { have = { error: (err as Error).message } }
      const expected = want.error !== undefined ? { error: want.error } : { xml: want.xml, warnings: want.warnings.length }
      const actual = have.error !== undefined ? { error: have.error } : { xml: have.xml, warnings: warnings.length }
      try {
        expect(actual, `${OUT[i].data} ${OUT[i].opts}`).toEqual(expected)
      } catch (e) {
        if (++failures <= 8) console.error(JSON.stringify(actual), "\n  WANT", JSON.stringify(expected), "\n  CASE", IN[i]?.opts ?? "", (IN[i]?.xml ?? "").slice(0, 50))
      }
    }
    expect(failures).toBe(0)
  })
})
