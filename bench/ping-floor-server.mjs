// The floor's server: the least a Node HTTP server can do per request on a
// Unix socket (read the body, answer a fixed small JSON), no framework.
import http from 'node:http'
import fs from 'node:fs'

const sock = process.argv[2]
try { fs.unlinkSync(sock) } catch { /* not there */ }
const reply = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"message":"pong","timestamp":0}}')
http.createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length })
    res.end(reply)
  })
}).listen(sock, () => { process.stdout.write('ready\n') })
process.on('SIGTERM', () => process.exit(0))
