#!/usr/bin/env node
// Benchmark + correctness probe for any server speaking Chroma's HTTP API v2,
// driven ONLY through the official `chromadb` JS client.
//
//   node chroma-bench.mjs --url http://127.0.0.1:8000 --n 20000 --dim 384 \
//        --queries 500 --k 10 --space cosine --concurrency 4 [--pid PID]
//        [--data-dir DIR] [--batch 1000] [--qps-rounds 3] [--query-batch 50]
//        [--filtered-queries 100] [--contains-queries 100] [--warmup 20]
//        [--ef-search N --ef-construction N --max-neighbors N] [--no-mutations]
//        [--keep] [--label TEXT] [--seed 42]
//
// One JSON object on stdout; a human-readable table on stderr.
// --pid: server process id on this machine (RSS / CPU time read from /proc).
// --data-dir: server persistence dir (its size is reported).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChromaClient } from 'chromadb';
import {
  loadDataset, groundTruth, bruteForceTopK, recallAtK, idToIndex, distance,
  filterForQuery, matchesFilter, docFrequencies, parseArgs, DEFAULTS, recordId,
} from './dataset.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), {
  url: 'http://127.0.0.1:8000', n: 20000, dim: 384, queries: 500, k: 10, space: 'cosine',
  concurrency: 4, batch: 1000, qpsRounds: 3, queryBatch: 50, filteredQueries: 100,
  containsQueries: 100, warmup: 20, pid: null, dataDir: null, keep: false, noMutations: false,
  label: null, visibilityTimeoutS: 300, indexTimeoutS: 600, ...DEFAULTS,
});
if (!['cosine', 'l2'].includes(args.space)) throw new Error('--space must be cosine or l2');
const log = (m) => process.stderr.write(m + '\n');
const now = () => performance.now();

// ------------------------------------------------------------ helpers ----
function pct(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
function latStats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x) => (x == null ? null : Math.round(x * 1000) / 1000);
  return { n: s.length, p50_ms: r(pct(s, 50)), p95_ms: r(pct(s, 95)), p99_ms: r(pct(s, 99)),
    mean_ms: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)), max_ms: r(s[s.length - 1]) };
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : null; };
const round = (x, d = 3) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const CLK_TCK = 100;
function procStat(pid) {
  if (!pid) return null;
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => { const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status); return m ? +m[1] : null; };
    return { cpu_s: (+f[11] + +f[12]) / CLK_TCK, rss_mb: round(kb('VmRSS') / 1024, 1), hwm_mb: round(kb('VmHWM') / 1024, 1), threads: +f[17] };
  } catch { return null; }
}
function dirSizeMb(dir) {
  if (!dir) return null;
  let total = 0;
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.isFile()) total += fs.statSync(p).size; } };
  try { walk(dir); } catch { return null; }
  return round(total / 1048576, 1);
}
const vec = (arr, i, dim) => Array.from(arr.subarray(i * dim, (i + 1) * dim));
class Phase { // wall, client CPU, server CPU for a phase
  constructor() { this.t = now(); this.c = process.cpuUsage(); this.s = procStat(args.pid); }
  end(ops) {
    const wall = (now() - this.t) / 1000; const c = process.cpuUsage(this.c); const s = procStat(args.pid);
    const out = { wall_s: round(wall), client_cpu_s: round((c.user + c.system) / 1e6) };
    if (this.s && s) out.server_cpu_s = round(s.cpu_s - this.s.cpu_s);
    if (ops) { out.client_cpu_ms_per_op = round((out.client_cpu_s * 1000) / ops); if (out.server_cpu_s != null) out.server_cpu_ms_per_op = round((out.server_cpu_s * 1000) / ops); }
    return out;
  }
}
async function timed(fn) { const t = now(); const r = await fn(); return [now() - t, r]; }

// ---------------------------------------------------------------- main ----
const result = { tool: 'chroma-bench', version: 1, started_at: new Date().toISOString(), label: args.label,
  params: { n: args.n, dim: args.dim, queries: args.queries, k: args.k, space: args.space, concurrency: args.concurrency,
    batch: args.batch, seed: args.seed, clusters: args.clusters, spread: args.spread, intrinsic: args.intrinsic, noise: args.noise } };
const checks = {}; // name -> boolean (compatibility/correctness)
const tStart = now();

const url = new URL(args.url);
const client = new ChromaClient({ host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), ssl: url.protocol === 'https:' });
const clientPkg = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/chromadb/package.json'), 'utf8'));

// dataset + ground truth
const ds = loadDataset(args, log);
const gt = groundTruth(ds, { gtK: Math.max(100, args.k), log });
log(`ground truth: ${gt.cached ? 'cached' : 'computed in ' + Math.round(gt.computeMs) + ' ms'}`);
const G = gt[args.space];
const gtTop = (q, k) => Array.from(G.idx.subarray(q * gt.k, q * gt.k + k));
const { dim, n } = args;

// server info
{
  const [hbMs, hb] = await timed(() => client.heartbeat());
  const version = await client.version();
  const pre = await client.getPreflightChecks();
  result.server = { url: args.url, version, heartbeat_ms: round(hbMs), heartbeat_value: String(hb),
    preflight: pre, pid: args.pid, idle: procStat(args.pid) };
  result.client = { chromadb: clientPkg.version, node: process.version };
  checks.heartbeat_is_number = typeof hb === 'number' && hb > 0;
  checks.preflight_has_max_batch_size = Number.isInteger(pre.max_batch_size) && pre.max_batch_size > 0;
  log(`server ${args.url} version=${version} max_batch_size=${pre.max_batch_size} base64=${pre.supports_base64_encoding}`);
}

// collection
const name = (args.name || `bench-${args.space}-n${n}-d${dim}-${Date.now().toString(36)}`).replace(/[^a-zA-Z0-9._-]/g, '-');
const hnswCfg = { space: args.space };
if (args.efSearch) hnswCfg.ef_search = args.efSearch;
if (args.efConstruction) hnswCfg.ef_construction = args.efConstruction;
if (args.maxNeighbors) hnswCfg.max_neighbors = args.maxNeighbors;
let col;
{
  const [ms, c] = await timed(() => client.createCollection({ name, configuration: { hnsw: hnswCfg }, embeddingFunction: null, metadata: { purpose: 'benchmark' } }));
  col = c;
  result.collection = { name, id: c.id, create_ms: round(ms), configuration: c.configuration };
  checks.create_collection_echoes_space = c.configuration?.hnsw?.space === args.space;
  const [gms, g] = await timed(() => client.getCollection({ name, embeddingFunction: undefined }));
  result.collection.get_ms = round(gms);
  checks.get_collection_by_name = g.id === c.id;
  const list = await client.listCollections({ limit: 1000 });
  checks.list_collections_contains = list.some((x) => x.id === c.id);
}

// insert
{
  const maxBatch = result.server.preflight.max_batch_size || args.batch;
  const B = Math.min(args.batch, maxBatch);
  const batchMs = [];
  const ph = new Phase();
  let addWall = 0;
  for (let s = 0; s < n; s += B) {
    const e = Math.min(n, s + B);
    const embeddings = []; for (let i = s; i < e; i++) embeddings.push(vec(ds.vectors, i, dim));
    const payload = { ids: ds.ids.slice(s, e), embeddings, metadatas: ds.metadatas.slice(s, e), documents: ds.documents.slice(s, e) };
    const [ms] = await timed(() => col.add(payload));
    batchMs.push(ms); addWall += ms;
    if (((s / B) | 0) % 20 === 19) log(`  inserted ${e}/${n} (${round(e / (addWall / 1000), 0)} rec/s)`);
  }
  const phase = ph.end(n);
  // visibility: count == n and sampled records find themselves as top-1
  const tv = now();
  const probes = [n - 1, n - 2, 0]; for (let j = 0; j < 17; j++) probes.push(Math.floor(((j + 1) * n) / 19) % n);
  let visibleMs = null, polls = 0, cnt = null;
  while ((now() - tv) / 1000 < args.visibilityTimeoutS) {
    polls++;
    cnt = await col.count();
    if (cnt === n) {
      const r = await col.query({ queryEmbeddings: probes.map((i) => vec(ds.vectors, i, dim)), nResults: 1, include: ['distances'] });
      if (probes.every((i, j) => r.ids[j]?.[0] === ds.ids[i])) { visibleMs = now() - tv; break; }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  result.insert = { batch_size: B, batches: batchMs.length, add_total_s: round(addWall / 1000), records_per_s: round(n / (addWall / 1000), 1),
    batch_latency: latStats(batchMs), ...phase, visible_after_last_add_ms: round(visibleMs), visibility_polls: polls,
    records_per_s_until_queryable: visibleMs == null ? null : round(n / ((addWall + visibleMs) / 1000), 1) };
  checks.all_records_queryable = visibleMs != null;
  // indexing: where the server reports indexing status, wait until every operation is
  // indexed, so that the query phases below measure the index, not a backlog. Real
  // single-node Chroma answers this route with an error; its adds index synchronously.
  const ti = now();
  let indexedMs = null, supported = true;
  while ((now() - ti) / 1000 < args.indexTimeoutS) {
    let st;
    try { st = await col.getIndexingStatus(); } catch { supported = false; break; }
    if (st && (st.num_unindexed_ops === 0 || st.op_indexing_progress >= 1)) { indexedMs = now() - ti; break; }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!supported) indexedMs = visibleMs;
  result.insert.indexing_status_supported = supported;
  result.insert.indexed_after_last_add_ms = round(indexedMs);
  result.insert.records_per_s_until_indexed = indexedMs == null ? null : round(n / ((addWall + indexedMs) / 1000), 1);
  checks.all_records_indexed = indexedMs != null;
  result.memory = { after_insert: procStat(args.pid), data_dir_mb_after_insert: dirSizeMb(args.dataDir) };
  log(`insert: ${result.insert.records_per_s} rec/s, visible after ${round(visibleMs, 0)} ms`);
}

await new Promise((r) => setTimeout(r, Number(process.env.PRE_QUERY_SLEEP_MS ?? 0)));
// warmup
for (let i = 0; i < Math.min(args.warmup, args.queries); i++) await col.query({ queryEmbeddings: [vec(ds.queries, i, dim)], nResults: args.k, include: ['distances'] });

// single-thread query latency + recall + distance sanity
{
  const lat = []; let rec = 0, maxDistErr = 0, orderOk = true, full = 0;
  const ph = new Phase();
  for (let q = 0; q < args.queries; q++) {
    const qv = vec(ds.queries, q, dim);
    const [ms, r] = await timed(() => col.query({ queryEmbeddings: [qv], nResults: args.k, include: ['distances'] }));
    lat.push(ms);
    const got = r.ids[0].map(idToIndex);
    if (got.length === args.k) full++;
    rec += recallAtK(got, gtTop(q, args.k), args.k);
    const dists = r.distances[0];
    for (let j = 0; j < got.length; j++) {
      const exact = distance(args.space, ds.queries, q * dim, ds.vectors, got[j] * dim, dim);
      maxDistErr = Math.max(maxDistErr, Math.abs(exact - dists[j]));
      if (j && dists[j] < dists[j - 1] - 1e-6) orderOk = false;
    }
  }
  const phase = ph.end(args.queries);
  result.query_single = { ...latStats(lat), qps: round(args.queries / phase.wall_s, 1), [`recall_at_${args.k}`]: round(rec / args.queries, 4),
    max_abs_distance_error: maxDistErr, ...phase };
  checks.query_returns_k = full === args.queries;
  checks.query_distances_sorted = orderOk;
  checks.query_distances_match_space = maxDistErr < 1e-3;
  log(`query x1: p50 ${result.query_single.p50_ms} ms, recall@${args.k} ${result.query_single[`recall_at_${args.k}`]}`);
}

// query with documents+metadatas included (typical RAG call)
{
  const lat = []; const m = Math.min(100, args.queries);
  for (let q = 0; q < m; q++) {
    const [ms] = await timed(() => col.query({ queryEmbeddings: [vec(ds.queries, q, dim)], nResults: args.k, include: ['distances', 'metadatas', 'documents'] }));
    lat.push(ms);
  }
  result.query_single_full_include = latStats(lat);
}

// throughput at concurrency C (median of rounds)
{
  const rounds = [];
  for (let r = 0; r < args.qpsRounds; r++) {
    const lat = []; let next = 0;
    const ph = new Phase();
    const worker = async () => {
      for (;;) {
        const q = next++; if (q >= args.queries) return;
        const [ms] = await timed(() => col.query({ queryEmbeddings: [vec(ds.queries, q, dim)], nResults: args.k, include: ['distances'] }));
        lat.push(ms);
      }
    };
    await Promise.all(Array.from({ length: args.concurrency }, worker));
    const phase = ph.end(args.queries);
    rounds.push({ qps: round(args.queries / phase.wall_s, 1), ...latStats(lat), ...phase });
  }
  const med = [...rounds].sort((a, b) => a.qps - b.qps)[(rounds.length - 1) >> 1];
  result.query_concurrent = { concurrency: args.concurrency, rounds: rounds.length, qps_median: med.qps, qps_all: rounds.map((x) => x.qps),
    p50_ms: med.p50_ms, p95_ms: med.p95_ms, p99_ms: med.p99_ms, client_cpu_ms_per_op: med.client_cpu_ms_per_op, server_cpu_ms_per_op: med.server_cpu_ms_per_op };
  log(`query x${args.concurrency}: ${result.query_concurrent.qps_median} QPS`);
}

// batched query: many query embeddings per request
{
  const QB = Math.max(1, args.queryBatch); let rec = 0; const lat = [];
  const ph = new Phase();
  for (let s = 0; s < args.queries; s += QB) {
    const e = Math.min(args.queries, s + QB);
    const qs = []; for (let q = s; q < e; q++) qs.push(vec(ds.queries, q, dim));
    const [ms, r] = await timed(() => col.query({ queryEmbeddings: qs, nResults: args.k, include: ['distances'] }));
    lat.push(ms);
    for (let q = s; q < e; q++) rec += recallAtK(r.ids[q - s].map(idToIndex), gtTop(q, args.k), args.k);
  }
  const phase = ph.end(args.queries);
  result.query_batched = { queries_per_request: QB, request_latency: latStats(lat), queries_per_s: round(args.queries / phase.wall_s, 1),
    [`recall_at_${args.k}`]: round(rec / args.queries, 4), ...phase };
}

// metadata-filtered query: category == X AND year >= Y
{
  const F = Math.min(args.filteredQueries, args.queries);
  const lat = []; let rec = 0, violations = 0, countOk = 0; const subsetSizes = [];
  for (let q = 0; q < F; q++) {
    const f = filterForQuery(q);
    const where = { $and: [{ category: { $eq: f.category } }, { year: { $gte: f.yearMin } }] };
    const cand = []; for (let i = 0; i < n; i++) if (matchesFilter(ds.metadatas[i], f)) cand.push(i);
    subsetSizes.push(cand.length);
    const [ms, r] = await timed(() => col.query({ queryEmbeddings: [vec(ds.queries, q, dim)], nResults: args.k, where, include: ['distances', 'metadatas'] }));
    lat.push(ms);
    const got = r.ids[0].map(idToIndex);
    for (const m of r.metadatas[0]) if (!matchesFilter(m, f)) violations++;
    const exp = bruteForceTopK(ds, ds.queries, q * dim, args.space, args.k, cand).map((x) => x.idx);
    if (got.length === Math.min(args.k, cand.length)) countOk++;
    rec += exp.length ? recallAtK(got, exp, args.k) : 1;
  }
  // metadata-only get with the same filters: exact set equality
  const glat = []; let exact = 0; const G2 = Math.min(20, F);
  for (let q = 0; q < G2; q++) {
    const f = filterForQuery(q);
    const where = { $and: [{ category: { $eq: f.category } }, { year: { $gte: f.yearMin } }] };
    const [ms, r] = await timed(() => col.get({ where, include: [] }));
    glat.push(ms);
    const want = new Set(); for (let i = 0; i < n; i++) if (matchesFilter(ds.metadatas[i], f)) want.add(ds.ids[i]);
    if (r.ids.length === want.size && r.ids.every((id) => want.has(id))) exact++;
  }
  const ss = [...subsetSizes].sort((a, b) => a - b);
  result.filtered_query = { where: '{$and:[{category:{$eq:X}},{year:{$gte:Y}}]}', queries: F, subset_size_min: ss[0], subset_size_median: median(ss), subset_size_max: ss[ss.length - 1],
    ...latStats(lat), [`recall_at_${args.k}_vs_bruteforce_subset`]: round(rec / F, 4), filter_violations: violations, result_count_ok: `${countOk}/${F}`,
    get_where: { ...latStats(glat), exact_set_matches: `${exact}/${G2}` } };
  checks.filtered_query_no_violations = violations === 0;
  checks.filtered_query_counts = countOk === F;
  checks.get_where_exact = exact === G2;
  log(`filtered query: p50 ${result.filtered_query.p50_ms} ms, recall ${result.filtered_query[`recall_at_${args.k}_vs_bruteforce_subset`]}, violations ${violations}`);
}

// where_document $contains
{
  const df = docFrequencies(ds);
  const terms = [...df.entries()].filter(([, c]) => c / n >= 0.005 && c / n <= 0.08).sort((a, b) => a[1] - b[1]).map(([w]) => w);
  const pickTerms = terms.length > 8 ? Array.from({ length: 8 }, (_, i) => terms[Math.floor((i * terms.length) / 8)]) : terms;
  const C = Math.min(args.containsQueries, args.queries);
  const lat = []; let rec = 0, violations = 0, countOk = 0;
  const candBy = new Map(pickTerms.map((t) => [t, ds.documents.reduce((a, d, i) => (d.includes(t) && a.push(i), a), [])]));
  for (let q = 0; q < C; q++) {
    const term = pickTerms[q % pickTerms.length]; const cand = candBy.get(term);
    const [ms, r] = await timed(() => col.query({ queryEmbeddings: [vec(ds.queries, q, dim)], nResults: args.k, whereDocument: { $contains: term }, include: ['distances', 'documents'] }));
    lat.push(ms);
    const got = r.ids[0].map(idToIndex);
    for (const d of r.documents[0]) if (!d || !d.includes(term)) violations++;
    const exp = bruteForceTopK(ds, ds.queries, q * dim, args.space, args.k, cand).map((x) => x.idx);
    if (got.length === Math.min(args.k, cand.length)) countOk++;
    rec += exp.length ? recallAtK(got, exp, args.k) : 1;
  }
  const glat = []; let exact = 0;
  for (const term of pickTerms) {
    const [ms, r] = await timed(() => col.get({ whereDocument: { $contains: term }, include: [] }));
    glat.push(ms);
    const want = new Set(candBy.get(term).map((i) => ds.ids[i]));
    if (r.ids.length === want.size && r.ids.every((id) => want.has(id))) exact++;
  }
  // $not_contains on one term (get only, exact)
  const nt = pickTerms[0];
  const [ncMs, nc] = await timed(() => col.get({ whereDocument: { $not_contains: nt }, include: [] }));
  const ncOk = nc.ids.length === n - candBy.get(nt).length;
  result.contains = { terms: pickTerms.map((t) => `${t}:${candBy.get(t).length}`), queries: C, ...latStats(lat),
    [`recall_at_${args.k}_vs_bruteforce_subset`]: round(rec / C, 4), violations, result_count_ok: `${countOk}/${C}`,
    get_contains: { ...latStats(glat), exact_set_matches: `${exact}/${pickTerms.length}` },
    get_not_contains_ms: round(ncMs), get_not_contains_count_ok: ncOk };
  checks.contains_query_no_violations = violations === 0;
  checks.contains_query_counts = countOk === C;
  checks.get_contains_exact = exact === pickTerms.length;
  checks.get_not_contains_exact = ncOk;
  log(`contains query: p50 ${result.contains.p50_ms} ms, recall ${result.contains[`recall_at_${args.k}_vs_bruteforce_subset`]}`);
}

// get by ids (1 id and 100 ids per request), verify payload exactly
{
  const one = [], hundred = []; let bad = 0;
  const verify = (r) => {
    for (let j = 0; j < r.ids.length; j++) {
      const i = idToIndex(r.ids[j]); const m = r.metadatas[j]; const e = r.embeddings[j];
      if (!m || m.category !== ds.metadatas[i].category || m.year !== ds.metadatas[i].year || Math.abs(m.score - ds.metadatas[i].score) > 1e-9) bad++;
      if (r.documents[j] !== ds.documents[i]) bad++;
      if (!e || e.length !== dim) { bad++; continue; }
      for (let d = 0; d < dim; d++) if (Math.abs(e[d] - ds.vectors[i * dim + d]) > 1e-6) { bad++; break; }
    }
  };
  let missing = 0;
  for (let t = 0; t < 100; t++) {
    const i = (t * 7919) % n;
    const [ms, r] = await timed(() => col.get({ ids: [ds.ids[i]], include: ['embeddings', 'metadatas', 'documents'] }));
    one.push(ms); if (r.ids.length !== 1) missing++; verify(r);
  }
  for (let t = 0; t < 30; t++) {
    const ids = []; for (let j = 0; j < 100; j++) ids.push(ds.ids[(t * 104729 + j * 7907) % n]);
    const uniq = [...new Set(ids)];
    const [ms, r] = await timed(() => col.get({ ids: uniq, include: ['embeddings', 'metadatas', 'documents'] }));
    hundred.push(ms); if (r.ids.length !== uniq.length) missing++; verify(r);
  }
  const [pms, peek] = await timed(() => col.get({ limit: 10, offset: 5, include: ['metadatas'] }));
  result.get_by_ids = { one_id: latStats(one), hundred_ids: latStats(hundred), payload_mismatches: bad, missing_results: missing,
    get_limit_offset_ms: round(pms), get_limit_offset_count: peek.ids.length };
  checks.get_by_ids_roundtrip_exact = bad === 0 && missing === 0;
  checks.get_limit_offset = peek.ids.length === 10;
}

// count
{
  const lat = []; let ok = true;
  for (let t = 0; t < 30; t++) { const [ms, c] = await timed(() => col.count()); lat.push(ms); if (c !== n) ok = false; }
  result.count = { ...latStats(lat), value_ok: ok };
  checks.count_exact = ok;
}
result.memory.after_queries = procStat(args.pid);

// mutations: update / upsert / delete correctness (small, after all timings)
if (!args.noMutations) {
  const mut = {};
  const upd = Array.from({ length: 50 }, (_, j) => (j * 389 + 11) % n);
  let [ms] = await timed(() => col.update({ ids: upd.map((i) => ds.ids[i]), embeddings: upd.map((i) => vec(ds.vectors, i, dim)), metadatas: upd.map((i) => ({ ...ds.metadatas[i], year: 1899, updated: true })), documents: upd.map(() => 'updated document zzqx') }));
  mut.update_ms = round(ms);
  let r = await col.get({ ids: upd.map((i) => ds.ids[i]), include: ['metadatas', 'documents'] });
  checks.update_applied = r.ids.length === upd.length && r.metadatas.every((m) => m.year === 1899 && m.updated === true && m.category) && r.documents.every((d) => d === 'updated document zzqx');
  r = await col.get({ whereDocument: { $contains: 'zzqx' }, include: [] });
  checks.update_visible_to_contains = r.ids.length === upd.length;
  r = await col.get({ where: { year: { $lt: 1900 } }, include: [] });
  checks.update_visible_to_where = r.ids.length === upd.length;

  const newIds = Array.from({ length: 50 }, (_, j) => 'u' + String(j).padStart(7, '0'));
  const qv = Array.from({ length: 50 }, (_, j) => vec(ds.queries, j % args.queries, dim));
  [ms] = await timed(() => col.upsert({ ids: [...newIds, ds.ids[1], ds.ids[2]], embeddings: [...qv, qv[0], qv[1]], metadatas: [...newIds.map(() => ({ category: 'upserted', year: 2030, score: 0 })), { category: 'upserted', year: 2030, score: 0 }, { category: 'upserted', year: 2030, score: 0 }], documents: [...newIds.map(() => 'upserted'), 'upserted', 'upserted'] }));
  mut.upsert_ms = round(ms);
  checks.upsert_count = (await col.count()) === n + 50;
  r = await col.query({ queryEmbeddings: [qv[5]], nResults: 1, where: { category: 'upserted' }, include: ['distances'] });
  checks.upsert_queryable = r.ids[0]?.[0] === newIds[5] || (r.distances[0]?.[0] ?? 1) < 1e-4;
  r = await col.get({ ids: [ds.ids[1]], include: ['embeddings', 'metadatas'] });
  checks.upsert_overwrites = r.metadatas[0]?.category === 'upserted' && Math.abs(r.embeddings[0][0] - qv[0][0]) < 1e-6;

  const del = Array.from({ length: 100 }, (_, j) => (j * 613 + 101) % n).filter((i) => !upd.includes(i) && i !== 1 && i !== 2);
  const delSet = [...new Set(del)];
  [ms] = await timed(() => col.delete({ ids: delSet.map((i) => ds.ids[i]) }));
  mut.delete_ids_ms = round(ms);
  checks.delete_count = (await col.count()) === n + 50 - delSet.length;
  r = await col.get({ ids: delSet.map((i) => ds.ids[i]), include: [] });
  checks.delete_get_empty = r.ids.length === 0;
  r = await col.query({ queryEmbeddings: [vec(ds.vectors, delSet[0], dim)], nResults: 5, include: ['distances'] });
  checks.delete_not_in_query = !r.ids[0].includes(ds.ids[delSet[0]]);
  // delete by where
  const before = await col.count();
  // current state: deleted ids gone, records 1 and 2 re-categorised by upsert, `upd` have year 1899
  const gone = new Set([...delSet, 1, 2]); const updSet = new Set(upd);
  let expect = 0;
  for (let i = 0; i < n; i++) {
    if (gone.has(i) || ds.metadatas[i].category !== 'alpha') continue;
    if ((updSet.has(i) ? 1899 : ds.metadatas[i].year) <= 1992) expect++;
  }
  [ms] = await timed(() => col.delete({ where: { $and: [{ category: 'alpha' }, { year: { $lte: 1992 } }] } }));
  mut.delete_where_ms = round(ms);
  checks.delete_where_count = before - (await col.count()) === expect;
  mut.delete_where_expected = expect;
  // collection metadata modify
  [ms] = await timed(() => col.modify({ metadata: { purpose: 'benchmark', modified: true } }));
  mut.modify_ms = round(ms);
  const g = await client.getCollection({ name });
  checks.modify_metadata = g.metadata?.modified === true;
  result.mutations = mut;
}

if (!args.keep) {
  const [ms] = await timed(() => client.deleteCollection({ name }));
  result.collection.delete_ms = round(ms);
  try { await client.getCollection({ name }); checks.delete_collection = false; } catch { checks.delete_collection = true; }
}
result.memory.data_dir_mb_end = dirSizeMb(args.dataDir);
result.checks = checks;
result.checks_passed = `${Object.values(checks).filter(Boolean).length}/${Object.keys(checks).length}`;
result.dataset = { checksum: ds.checksum, gen_ms: Math.round(ds.genMs), ground_truth_cached: gt.cached };
result.total_s = round((now() - tStart) / 1000, 1);

// ------------------------------------------------------------- report ----
console.log(JSON.stringify(result, null, 2));
const R = result, k = args.k;
const rows = [
  ['server', `${args.url} version ${R.server.version}`],
  ['params', `N=${n} D=${dim} Q=${args.queries} k=${k} space=${args.space} C=${args.concurrency} batch=${R.insert.batch_size}`],
  ['insert', `${R.insert.records_per_s} rec/s (batch p50 ${R.insert.batch_latency.p50_ms} ms), queryable +${R.insert.visible_after_last_add_ms} ms`],
  ['query 1-thread', `p50 ${R.query_single.p50_ms} / p95 ${R.query_single.p95_ms} / p99 ${R.query_single.p99_ms} ms, ${R.query_single.qps} QPS, recall@${k} ${R.query_single[`recall_at_${k}`]}`],
  ['query +docs+meta', `p50 ${R.query_single_full_include.p50_ms} ms`],
  [`query C=${args.concurrency}`, `${R.query_concurrent.qps_median} QPS (rounds ${R.query_concurrent.qps_all.join(', ')}), p50 ${R.query_concurrent.p50_ms} p99 ${R.query_concurrent.p99_ms} ms`],
  [`query batched x${R.query_batched.queries_per_request}`, `${R.query_batched.queries_per_s} queries/s`],
  ['filtered query', `p50 ${R.filtered_query.p50_ms} / p95 ${R.filtered_query.p95_ms} ms, recall ${R.filtered_query[`recall_at_${k}_vs_bruteforce_subset`]}, violations ${R.filtered_query.filter_violations}, subset ${R.filtered_query.subset_size_min}-${R.filtered_query.subset_size_max}`],
  ['get where', `p50 ${R.filtered_query.get_where.p50_ms} ms, exact ${R.filtered_query.get_where.exact_set_matches}`],
  ['$contains query', `p50 ${R.contains.p50_ms} / p95 ${R.contains.p95_ms} ms, recall ${R.contains[`recall_at_${k}_vs_bruteforce_subset`]}, violations ${R.contains.violations}`],
  ['get $contains', `p50 ${R.contains.get_contains.p50_ms} ms, exact ${R.contains.get_contains.exact_set_matches}`],
  ['get by ids', `1 id p50 ${R.get_by_ids.one_id.p50_ms} ms, 100 ids p50 ${R.get_by_ids.hundred_ids.p50_ms} ms, mismatches ${R.get_by_ids.payload_mismatches}`],
  ['count', `p50 ${R.count.p50_ms} ms, ok ${R.count.value_ok}`],
  ['server RSS', R.memory.after_queries ? `idle ${R.server.idle?.rss_mb} MB, after insert ${R.memory.after_insert?.rss_mb} MB, after queries ${R.memory.after_queries.rss_mb} MB (peak ${R.memory.after_queries.hwm_mb})` : 'n/a (no --pid)'],
  ['data dir', R.memory.data_dir_mb_after_insert != null ? `${R.memory.data_dir_mb_after_insert} MB` : 'n/a'],
  ['checks', `${R.checks_passed} passed${Object.entries(checks).filter(([, v]) => !v).map(([kk]) => ' FAIL:' + kk).join('')}`],
  ['total', `${R.total_s} s`],
];
const w = Math.max(...rows.map((r) => r[0].length));
log('\n' + rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`).join('\n'));
