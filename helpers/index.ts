// The helper plugins the server loads, in order. Each registers its own
// methods with app.rpc; this is a list of plugins, not of methods.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../src/config.js'
import testHelper from './test.js'
import systemHelper from './system.js'
import databaseHelper from './database/index.js'
import cryptoHelper from './crypto/index.js'
import datetimeHelper from './datetime/index.js'
import loggingHelper from './logging/index.js'
import lockfileHelper from './lockfile/index.js'
import xmlWorkers from './xml/workers.js'
import excelHelper from './excel/index.js'
import xmlHelper from './xml/index.js'
import xpathHelper from './xpath/index.js'
import xmlDomHelper from './xml-dom/index.js'
import sshPool from './ssh/index.js'
import sftpHelper from './sftp/index.js'
import opensshHelper from './openssh/index.js'
import ftpHelper from './ftp/index.js'
import httpHelper from './http/index.js'
import mailHelper from './mail/index.js'

export const helpers: ReadonlyArray<FastifyPluginAsync<{ config: Config }>> = [
  testHelper,
  systemHelper,
  databaseHelper,
  cryptoHelper,
  datetimeHelper,
  loggingHelper,
  lockfileHelper,
  xmlWorkers,
  excelHelper,
  xmlHelper,
  xpathHelper,
  xmlDomHelper,
  sshPool,
  sftpHelper,
  opensshHelper,
  ftpHelper,
  httpHelper,
  mailHelper,
]
