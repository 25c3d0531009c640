import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { ENV_VARS } from '../src/config.js'

describe('README', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8')

  it('documents every environment variable the daemon and client read, in its configuration table', () => {
    const missing = ENV_VARS.filter(v => !readme.includes(`| \`${v.name}\` |`)).map(v => v.name)
    expect(missing).toEqual([])
  })

  it('names the test command that .ci/run runs', () => {
    expect(readme).toContain('npm test')
    expect(fs.readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toContain('npm test')
  })
})
