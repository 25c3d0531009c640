#!/usr/bin/env node
// bench/packed: Perl-side decode of a ~5 MB result, packed form (core unpack)
// vs JSON::PP, for a 100 000-row table and a nested XMLin-like tree (a benchmark,
// not a test). The same data is written in both forms by the daemon's own
// encoders (dist/src/packed.js, JSON.stringify) and decoded by perl/lib.
// Usage: node bench/packed.mjs [rows=100000]     (build first: npx tsc)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { Table, bulk, encodePacked } = await import(path.join(root, 'dist', 'src', 'packed.js'))
const ROWS = Number(process.argv[2] ?? 100_000)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-packed-'))

// 100 000 rows x 4 columns (id, name, amount, note with NULLs and some UTF-8): ~5 MB of JSON
const rows = Array.from({ length: ROWS }, (_, i) => [i, `customer ${i} Müller`, (i * 1.25).toFixed(2), i % 10 === 0 ? null : `note ${i % 97}`])
// an XMLin-like tree: 21 000 records (~5 MB of JSON) of nested hashes/arrays (attributes, repeated elements, text)
const tree = { catalog: { version: '2', item: Array.from({ length: Math.round(ROWS * 0.21) }, (_, i) => ({ id: String(i), sku: `SKU-${i}`, name: { content: `Item ${i} – “quoted”`, lang: 'en' }, price: { currency: 'EUR', content: (i / 3).toFixed(2) }, tag: [`t${i % 5}`, `t${i % 7}`], stock: { warehouse: [{ code: 'A', qty: String(i % 13) }, { code: 'B', qty: String(i % 17) }] }, note: i % 9 === 0 ? {} : `n${i}` })) } }

const cases = [
  { name: `table ${ROWS.toLocaleString('en-US')} rows x 4`, packed: encodePacked(new Table(rows, 4, 'nSSS')), json: JSON.stringify(rows) },
  { name: `XMLin-like tree (${tree.catalog.item.length.toLocaleString('en-US')} items)`, packed: encodePacked(bulk(tree)), json: JSON.stringify(tree) },
]
const decoder = path.join(root, 'bench', 'packed-decode.pl')
console.log(`bench/packed  ${new Date().toISOString()}  perl ${execFileSync('perl', ['-e', 'print $^V']).toString()}  node ${process.version}`)
console.log('')
console.log('                                        size MB   JSON::PP s   packed s   speed-up   same data')
for (const c of cases) {
  const jf = path.join(dir, 'j'); const pf = path.join(dir, 'p')
  fs.writeFileSync(jf, c.json); fs.writeFileSync(pf, c.packed)
  const r = JSON.parse(execFileSync('perl', [decoder, jf, pf], { encoding: 'utf8', maxBuffer: 1 << 20 }))
  console.log(`${c.name.padEnd(38)} ${(c.json.length / 1e6).toFixed(1).padStart(5)}/${(c.packed.length / 1e6).toFixed(1).padEnd(5)} ${r.json_s.toFixed(3).padStart(9)} ${r.packed_s.toFixed(3).padStart(10)} ${(r.json_s / r.packed_s).toFixed(1).padStart(9)}x   ${r.same ? 'yes' : 'NO'}`)
}
console.log('\n(size: JSON/packed; times are the best of 3 decodes in one perl process, JSON::PP->new->utf8->decode vs CPANBridge::Packed::decode)')
fs.rmSync(dir, { recursive: true, force: true })
