#!/usr/bin/env node
// The client's share of the harness's "get 100 ids" figure. chroma-bench.mjs times Chroma's
// official JavaScript client fetching 100 records with their embeddings: about 480 KB of JSON
// that the client receives and parses. This tool replays the same 30 requests (same ids, same
// include) against a stand-in server, in a process of its own, that answers each one instantly
// with the exact bytes the server under test returned for it. Its p50 is what the client alone
// needs on this machine: no server can be faster through this client. The server under test is
// timed in the same loop, alternating with the stand-in, so both see the same machine.
//
//   node client-floor.mjs --url http://127.0.0.1:8012 [--n 100000] [--dim 384] [--rounds 5]
//
// Loads only the records those 30 requests read into a collection of its own, deletes it at the
// end, and prints JSON: { floor: {p50_ms,...}, server: {p50_ms,...}, response_bytes }.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ChromaClient } from 'chromadb';
import { loadDataset, parseArgs, DEFAULTS } from './dataset.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), { n: 100000, dim: 384, queries: 500, ...DEFAULTS, rounds: 5, serve: null });
const INCLUDE = ['embeddings', 'metadatas', 'documents'];
const keyOf = (ids) => ids.join(',');

if (args.serve) serve(args.serve, args.upstream, args.captured);
else await measure();

// The stand-in: captured answers for POST .../get by their ids, everything else (the client's
// collection lookup) passed to the real server and never timed.
function serve(port, upstream, capturedDir) {
  const answers = new Map();
  for (const line of fs.readFileSync(path.join(capturedDir, 'index.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const { key, file } = JSON.parse(line);
    answers.set(key, fs.readFileSync(path.join(capturedDir, file)));
  }
  http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    if (req.method === 'POST' && req.url.endsWith('/get')) {
      const answer = answers.get(keyOf(JSON.parse(body).ids ?? []));
      if (answer) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
        return;
      }
    }
    const r = await fetch(upstream + req.url, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'GET' ? undefined : body });
    const b = Buffer.from(await r.arrayBuffer());
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', 'content-length': b.length });
    res.end(b);
  }).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
}

async function measure() {
  const log = (m) => process.stderr.write(`[client-floor] ${m}\n`);
  const url = new URL(args.url);
  const ds = loadDataset(args, log);
  const { n, dim } = args;

  // The harness's 30 id sets (chroma-bench.mjs, "get by ids").
  const sets = [];
  for (let t = 0; t < 30; t++) {
    const ids = [];
    for (let j = 0; j < 100; j++) ids.push(ds.ids[(t * 104729 + j * 7907) % n]);
    sets.push([...new Set(ids)]);
  }

  const client = new ChromaClient({ host: url.hostname, port: Number(url.port), ssl: false });
  const name = `client-floor-${Date.now().toString(36)}`;
  const col = await client.createCollection({ name, embeddingFunction: null });
  const rows = [...new Set(sets.flat().map((id) => parseInt(id.slice(1), 10)))];
  for (let s = 0; s < rows.length; s += 500) {
    const batch = rows.slice(s, s + 500);
    await col.add({
      ids: batch.map((i) => ds.ids[i]),
      embeddings: batch.map((i) => Array.from(ds.vectors.subarray(i * dim, (i + 1) * dim))),
      metadatas: batch.map((i) => ds.metadatas[i]),
      documents: batch.map((i) => ds.documents[i]),
    });
  }
  log(`loaded ${rows.length} records into ${name}`);

  // Capture the server's answers to the exact bodies the client sends.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-floor-'));
  const getUrl = `${url.origin}/api/v2/tenants/default_tenant/databases/default_database/collections/${col.id}/get`;
  const index = [];
  const sizes = [];
  for (let t = 0; t < sets.length; t++) {
    const r = await fetch(getUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: sets[t], include: INCLUDE }) });
    const bytes = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200 || JSON.parse(bytes).ids.length !== sets[t].length) throw new Error(`capture ${t}: HTTP ${r.status}`);
    fs.writeFileSync(path.join(dir, `${t}.json`), bytes);
    index.push(JSON.stringify({ key: keyOf(sets[t]), file: `${t}.json` }));
    sizes.push(bytes.length);
  }
  fs.writeFileSync(path.join(dir, 'index.jsonl'), index.join('\n') + '\n');

  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', String(port), '--upstream', url.origin, '--captured', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
    });
    const standIn = new ChromaClient({ host: '127.0.0.1', port, ssl: false });
    const cols = [await standIn.getCollection({ name, embeddingFunction: undefined }), col];
    const lat = [[], []];
    // One untimed round warms both paths (JIT, connections); then alternate which goes first.
    for (let round = -1; round < args.rounds; round++) {
      for (let t = 0; t < sets.length; t++) {
        for (const w of (t + round) & 1 ? [0, 1] : [1, 0]) {
          const start = performance.now();
          const r = await cols[w].get({ ids: sets[t], include: INCLUDE });
          const ms = performance.now() - start;
          if (r.ids.length !== sets[t].length) throw new Error(`request ${t}: ${r.ids.length} of ${sets[t].length} records`);
          if (round >= 0) lat[w].push(ms);
        }
      }
    }
    sizes.sort((a, b) => a - b);
    const out = { tool: 'client-floor', started_at: new Date().toISOString(), params: { n, dim, rounds: args.rounds, requests: sets.length },
      response_bytes: sizes[sizes.length >> 1], floor: stats(lat[0]), server: { url: args.url, ...stats(lat[1]) } };
    console.log(JSON.stringify(out, null, 2));
    log(`floor p50 ${out.floor.p50_ms} ms, server p50 ${out.server.p50_ms} ms`);
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    await client.deleteCollection({ name });
  }
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p) => Math.round(s[Math.min(s.length - 1, Math.floor(s.length * p))] * 1000) / 1000;
  return { count: s.length, p50_ms: at(0.5), p10_ms: at(0.1), p90_ms: at(0.9) };
}

function freePort() {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
