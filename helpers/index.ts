// The helper plugins the server loads, in order. Each registers its own
// methods; this list is of plugins, not of methods.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../src/config.js'
import testHelper from './test.js'
import systemHelper from './system.js'

export const helpers: ReadonlyArray<FastifyPluginAsync<{ config: Config }>> = [
  testHelper,
  systemHelper,
]
