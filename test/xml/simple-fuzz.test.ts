// Seeded random documents and data through simpleIn / simpleOut and through
// the real XML::Simple: shapes nobody thought to write down (repeated names,
// name/id/key attributes on some siblings only, text beside elements,
// whitespace, an attribute named like a child) must come out the same.
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSaxes, parseTree } from '../../helpers/xml/sax-tree.js'
import { simpleIn } from '../../helpers/xml/simple-in.js'
import { simpleOut } from '../../helpers/xml/simple-out.js'
import { oracle, plain, type InCase, type OutCase, type OracleIn, type OracleOut } from './simple-oracle.js'

let seed = Number(process.env.XML_FUZZ_SEED ?? 12345)
function rnd (n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed % n
}
const pick = <T>(xs: T[]): T => xs[rnd(xs.length)]

const NAMES = ['a', 'b', 'item', 'name', 'id', 'key', 'content', 'anon', 'x']
const VALUES = ['1', '2', 'v', ' v ', 'two  words', '', 'a&amp;b', '  ', '&#233;', 'x y']

function element (depth: number): string {
  const tag = pick(NAMES)
  const attrs = new Set<string>()
  const nattr = rnd(3)
  for (let i = 0; i < nattr; i++) attrs.add(pick(['name', 'id', 'key', 'v', 'a', 'content']))
  const attrText = [...attrs].map(k => ` ${k}="${pick(VALUES)}"`).join('')
  if (depth > 3 || rnd(4) === 0) return rnd(3) === 0 ? `<${tag}${attrText}/>` : `<${tag}${attrText}>${pick(VALUES)}</${tag}>`
  const kids: string[] = []
  const n = rnd(5)
  for (let i = 0; i < n; i++) kids.push(rnd(5) === 0 ? pick(VALUES) : element(depth + 1))
  return `<${tag}${attrText}>${kids.join(rnd(2) === 0 ? '\n  ' : '')}</${tag}>`
}

const OPTS = [
  '()', '(ForceArray => 1)', "(ForceArray => ['item', 'a'])", '(KeyAttr => [])', "(KeyAttr => { item => 'id', a => '+name', b => '-key' })",
  "(KeyAttr => ['key', 'id'])", '(KeepRoot => 1)', "(SuppressEmpty => '')", '(SuppressEmpty => undef)', '(SuppressEmpty => 1)',
  "(ContentKey => '-content')", "(ContentKey => 'text')", '(ForceContent => 1)', '(NoAttr => 1)', "(GroupTags => { b => 'item', x => 'a' })",
  "(ValueAttr => ['v'])", "(ValueAttr => { a => 'v', item => 'name' })", '(NormaliseSpace => 1)', '(NormaliseSpace => 2)',
  "(ForceArray => 1, KeyAttr => { item => 'name' }, ContentKey => '-content', NormaliseSpace => 2)",
]

const IN: InCase[] = []
for (let i = 0; i < Number(process.env.XML_FUZZ_N ?? 300); i++) IN.push({ xml: `<root>${element(0)}${rnd(2) === 0 ? element(1) : ''}</root>`, opts: pick(OPTS) })

function value (depth: number): string {
  const r = rnd(depth > 2 ? 3 : 7)
  if (r === 0) return `'${pick(VALUES).replace(/'/g, '')}'`
  if (r === 1) return 'undef'
  if (r === 2) return String(rnd(100))
  if (r <= 4) {
    const n = rnd(4)
    const pairs: string[] = []
    for (let i = 0; i < n; i++) pairs.push(`'${pick(NAMES)}' => ${value(depth + 1)}`)
    return `{ ${pairs.join(', ')} }`
  }
  const n = rnd(4)
  const items: string[] = []
  for (let i = 0; i < n; i++) items.push(value(depth + 1))
  return `[ ${items.join(', ')} ]`
}
const OUT_OPTS = ['()', '(KeyAttr => [])', "(KeyAttr => { item => 'id', a => '+name' })", '(NoAttr => 1)', '(RootName => undef)',
  '(SuppressEmpty => 1)', '(SuppressEmpty => undef)', "(ContentKey => '-content')", "(GroupTags => { b => 'item' })", "(ValueAttr => { a => 'v' })",
  '(NoIndent => 1, AttrIndent => 1)', '(KeepRoot => 1)']
const OUT: OutCase[] = []
for (let i = 0; i < Number(process.env.XML_FUZZ_N ?? 300); i++) OUT.push({ data: `{ ${['a', 'b', 'item', 'x'].slice(0, 1 + rnd(4)).map(k => `${k} => ${value(0)}`).join(', ')} }`, opts: pick(OUT_OPTS) })

let got: { in: OracleIn[], out: OracleOut[] }
beforeAll(async () => {
  await loadSaxes()
  got = oracle({ in: IN, out: OUT })
})

describe('random documents and data, as the real XML::Simple', () => {
  it(`XMLin: ${IN.length} random documents`, () => {
    const bad: string[] = []
    IN.forEach((c, i) => {
      const want = got.in[i]
      const warnings: string[] = []
      let have: unknown
      try { have = { value: plain(simpleIn(parseTree(c.xml, { maxBytes: 1 << 20 }), want.wire, m => warnings.push(m))), warnings: warnings.sort() } } catch (e) { have = { error: (e as Error).message } }
      const expected = want.error !== undefined ? { error: want.error } : { value: plain(want.value), warnings: [...want.warnings].sort() }
      if (JSON.stringify(have) !== JSON.stringify(expected)) bad.push(`${c.xml} ${c.opts}\n  ours ${JSON.stringify(have)}\n  real ${JSON.stringify(expected)}`)
    })
    expect(bad.slice(0, 3)).toEqual([])
  })
  it(`XMLout: ${OUT.length} random data`, () => {
    const bad: string[] = []
    OUT.forEach((c, i) => {
      const want = got.out[i]
      let warnings = 0
      let have: unknown
      try { have = { xml: simpleOut(want.data, want.wire, () => { warnings++ }), warnings } } catch (e) { have = { error: (e as Error).message } }
      const expected = want.error !== undefined ? { error: want.error } : { xml: want.xml, warnings: want.warnings.length }
      if (JSON.stringify(have) !== JSON.stringify(expected)) bad.push(`${c.data} ${c.opts}\n  ours ${JSON.stringify(have)}\n  real ${JSON.stringify(expected)}`)
    })
    expect(bad.slice(0, 3)).toEqual([])
  })
})

it('the random cases are mostly data, not errors on both sides', () => {
  expect(got.in.filter(r => r.error === undefined).length).toBeGreaterThan(IN.length * 0.9)
  expect(got.out.filter(r => r.error === undefined).length).toBeGreaterThan(OUT.length * 0.5)
})
