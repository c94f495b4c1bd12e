// The asynchronous benchmark's client, run in a worker thread so it does not share the platform's
// event loop (real clients are other processes): `clients` parallel keep-alive connections submit
// `requests` predictions, then read every result back, oldest first. Plain JS: a worker thread
// does not inherit tsx's loader.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, body, requests, clients } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const base = new URL(url);

function call(method, path, payload) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const started = performance.now();
const ids = [];
await Promise.all(
  Array.from({ length: clients }, async (_, w) => {
    for (let i = w; i < requests; i += clients) {
      const response = await call('POST', '/v1/models/bench/predictions', body);
      if (response.status !== 202) throw new Error(`submit answered ${response.status}`);
      ids.push(response.json.id);
    }
  }),
);
const submitted = performance.now();
let next = 0;
let polls = 0;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < ids.length) {
      const id = ids[next++];
      for (;;) {
        polls++;
        const response = await call('GET', `/v1/predictions/${id}`);
        if (response.json.status !== 'pending') break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }),
);
agent.destroy();
parentPort.postMessage({ submitMs: submitted - started, totalMs: performance.now() - started, polls });
