import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cutToBytes, resolveClientPath, siblingTemp } from '../src/paths.js'

describe('resolveClientPath', () => {
  let dir: string
  let allowed: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paths-'))
    allowed = path.join(dir, 'allowed')
    fs.mkdirSync(allowed)
    fs.mkdirSync(path.join(dir, 'outside'))
    fs.symlinkSync(path.join(dir, 'outside'), path.join(allowed, 'escape'))
  })
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }) })

  const opts = (over: Partial<{ cwd: string, allowedPaths: string[] }> = {}) => ({ cwd: allowed, allowedPaths: [allowed], field: 'params.file', ...over })

  it('resolves a relative path against the client cwd', () => {
    expect(resolveClientPath('x/../y.db', opts({ allowedPaths: [] }))).toBe(path.join(allowed, 'y.db'))
  })

  it('accepts a file that does not exist yet inside an allowed root', () => {
    expect(resolveClientPath('new/dir/file.log', opts())).toBe(path.join(allowed, 'new/dir/file.log'))
  })

  it('refuses ../ that leaves the allowed root, naming the path', () => {
    expect(() => resolveClientPath('../outside/f', opts())).toThrow(/outside the allowed roots: \.\.\/outside\/f/)
  })

  it('refuses a symlink that leads outside the allowed root', () => {
    expect(() => resolveClientPath('escape/f', opts())).toThrow(/path is outside the allowed roots/)
  })

  it('allows anything when no roots are configured, including names that look like traversal', () => {
    expect(resolveClientPath('../outside/..x', opts({ allowedPaths: [] }))).toBe(path.join(dir, 'outside/..x'))
  })

  it('names the field for an empty path, a NUL byte, or a relative path without cwd', () => {
    expect(() => resolveClientPath('', opts())).toThrow(/params\.file: must not be empty/)
    expect(() => resolveClientPath('a\0b', opts())).toThrow(/params\.file: must not contain a NUL byte/)
    expect(() => resolveClientPath('rel', { cwd: undefined, allowedPaths: [], field: 'params.file' })).toThrow(/params\.file: is relative/)
  })
})

describe('siblingTemp', () => {
  it('is hidden, beside the final name, with the suffix, and can be created however long the final name is', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibling-'))
    try {
      for (const base of ['report.xlsx', 'r'.repeat(255), 'é'.repeat(127), '数'.repeat(85)]) {
        const t = siblingTemp(path.join(dir, base), '.tmp')
        expect(path.dirname(t)).toBe(dir)
        expect(path.basename(t)).toMatch(/^\..+\.[0-9a-f]{12}\.tmp$/)
        expect(Buffer.byteLength(path.basename(t))).toBeLessThanOrEqual(255)
        fs.writeFileSync(t, 'x')
        fs.rmSync(t)
      }
      expect(siblingTemp(path.join(dir, 'a'), '.part')).not.toBe(siblingTemp(path.join(dir, 'a'), '.part'))
    } finally { fs.rmSync(dir, { recursive: true, force: true }) }
  })

  it('cuts names by UTF-8 bytes, never inside a character', () => {
    expect(cutToBytes('ab', 5)).toBe('ab')
    expect(cutToBytes('é'.repeat(3), 5)).toBe('éé')
    expect(cutToBytes('a数', 3)).toBe('a')
  })
})
