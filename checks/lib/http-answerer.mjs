// A real local HTTP server for the smoke check's tests: node http-answerer.mjs <answers>, where <answers> is a
// comma-separated list of status codes given one per request in turn (the last one repeats), or "silent" (accepts
// connections and never answers). Prints its port once listening; logs each request's path to stderr.
import { createServer } from 'node:http';

const [mode] = process.argv.slice(2);
const answers = mode === 'silent' ? [] : mode.split(',').map(Number);
let served = 0;
const server = createServer((request, response) => {
  process.stderr.write(`${request.method} ${request.url}\n`);
  if (answers.length === 0) return; // silent: the client waits until its own timeout
  const status = answers[Math.min(served++, answers.length - 1)];
  response.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}\n`);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
