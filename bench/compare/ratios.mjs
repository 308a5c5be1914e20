#!/usr/bin/env node
// Turns one side-by-side run (ours.json and real.json from chroma-bench.mjs, same machine,
// same data) into the table of ratios ours / real Chroma against the project's targets.
// With the output of client-floor.mjs from the same run, it also says what the official client
// alone needs for "get 100 ids", as a ratio of real Chroma's figure.
//   node ratios.mjs results/ours.json results/real.json [results/floor.json] > results/ratios.md
import fs from 'node:fs';

const [oursPath, realPath, floorPath] = process.argv.slice(2);
if (!oursPath || !realPath) { console.error('usage: ratios.mjs OURS.json REAL.json [FLOOR.json]'); process.exit(2); }
const ours = JSON.parse(fs.readFileSync(oursPath, 'utf8'));
const real = JSON.parse(fs.readFileSync(realPath, 'utf8'));
const floor = floorPath ? JSON.parse(fs.readFileSync(floorPath, 'utf8')) : null;
const get = (o, p) => p.split('.').reduce((a, k) => (a == null ? a : a[k]), o);

// [figure, path in the harness JSON, target ratio, 'min' (ours/real >= target) or 'max' (<= target)]
const rows = [
  ['add throughput (records/s)', 'insert.records_per_s', 5, 'min'],
  ['ingest until indexed (records/s)', 'insert.records_per_s_until_indexed', 2, 'min'],
  ['single query p50 (ms)', 'query_single.p50_ms', 0.7, 'max'],
  ['server CPU per query (ms)', 'query_single.server_cpu_ms_per_op', 0.3, 'max'],
  ['queries/s at concurrency 4', 'query_concurrent.qps_median', 1.5, 'min'],
  ['filtered query p50 (ms)', 'filtered_query.p50_ms', 0.1, 'max'],
  ['get(where) p50 (ms)', 'filtered_query.get_where.p50_ms', 0.1, 'max'],
  ['where_document $contains query p50 (ms)', 'contains.p50_ms', 0.1, 'max'],
  ['get 100 ids p50 (ms)', 'get_by_ids.hundred_ids.p50_ms', 0.3, 'max'],
  ['count p50 (ms)', 'count.p50_ms', 0.1, 'max'],
  ['server RSS after queries (MB)', 'memory.after_queries.rss_mb', 1.0, 'max'],
];

const fmt = (x) => (x == null ? "n/a" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 3));
const fmtRecall = (x) => (x == null ? "n/a" : x.toFixed(4));
const p = ours.params;
const out = [];
out.push(`N=${p.n}, dim ${p.dim}, ${p.space}, ${p.queries} queries, k=${p.k}, concurrency ${p.concurrency}; ${ours.started_at?.slice(0, 10) ?? ''}`);
out.push('');
out.push('| figure | ours | real Chroma | ours / real | target | met |');
out.push('|---|---|---|---|---|---|');
let met = 0;
for (const [name, path, target, kind] of rows) {
  const o = get(ours, path), r = get(real, path);
  const ratio = o != null && r ? o / r : null;
  const ok = ratio != null && (kind === 'min' ? ratio >= target : ratio <= target);
  if (ok) met++;
  out.push(`| ${name} | ${fmt(o)} | ${fmt(r)} | ${ratio == null ? 'n/a' : ratio.toFixed(2) + '×'} | ${kind === 'min' ? '≥' : '≤'} ${target}× | ${ok ? 'yes' : 'no'} |`);
}
const k = p.k;
const ro = get(ours, `query_single.recall_at_${k}`), rr = get(real, `query_single.recall_at_${k}`);
const recallOk = ro != null && ro >= 0.99 && ro >= (rr ?? 0) - 1e-9;
out.push(`| recall@${k} | ${fmtRecall(ro)} | ${fmtRecall(rr)} | | ≥ 0.99 and ≥ real | ${recallOk ? 'yes' : 'no'} |`);
out.push(`| harness checks | ${ours.checks_passed} | ${real.checks_passed} | | all pass | ${String(ours.checks_passed).split('/')[0] === String(ours.checks_passed).split('/')[1] ? 'yes' : 'no'} |`);
out.push('');
out.push(`${met + (recallOk ? 1 : 0)} of ${rows.length + 1} ratio targets met.`);
if (floor) {
  const realGet = get(real, 'get_by_ids.hundred_ids.p50_ms');
  const f = floor.floor.p50_ms, s = floor.server.p50_ms;
  out.push('');
  out.push(`Get 100 ids, the client's share (client-floor.mjs): the official client needs ${fmt(f)} ms p50 for the same ` +
    `${floor.params.requests} requests (${Math.round(floor.response_bytes / 1000)} KB each) from a stand-in that answers instantly with ` +
    `the same bytes, ${realGet ? (f / realGet).toFixed(2) + '× real Chroma\'s p50 in this run' : 'n/a'}; ` +
    `the target 0.3× is ${realGet ? fmt(0.3 * realGet) + ' ms' : 'n/a'}. In the same loop the server took ${fmt(s)} ms, ${fmt(s - f)} ms above the client alone.`);
}
console.log(out.join('\n'));
