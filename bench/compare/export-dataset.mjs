#!/usr/bin/env node
// Writes the benchmark dataset (the same vectors, queries and exact ground truth that
// chroma-bench.mjs and lib-baselines.mjs use) to one binary file, so the project's in-process
// HNSW run (bench/Chroma.Benchmarks hnsw-dataset) measures on identical data.
//
//   node export-dataset.mjs --n 100000 --dim 384 --queries 500 --k 10 --space cosine --out FILE
//
// Layout, little-endian: "CBDS" magic, u32 version (1), u32 n, u32 dim, u32 queries, u32 k,
// u32 space (0 cosine, 1 l2), then float32 vectors[n*dim], float32 queries[queries*dim],
// int32 ground-truth ids[queries*k] (closest first).
import fs from 'node:fs';
import { loadDataset, groundTruth, parseArgs, DEFAULTS } from './dataset.mjs';

const args = parseArgs(process.argv.slice(2), { n: 20000, dim: 384, queries: 500, k: 10, space: 'cosine', out: '', ...DEFAULTS });
if (!args.out) throw new Error('--out FILE is required');
if (!['cosine', 'l2'].includes(args.space)) throw new Error('--space must be cosine or l2');
const log = (m) => process.stderr.write(m + '\n');
const ds = loadDataset(args, log);
const gt = groundTruth(ds, { gtK: Math.max(100, args.k), log });
const G = gt[args.space];

const header = Buffer.alloc(28);
header.write('CBDS', 0, 'ascii');
[1, args.n, args.dim, args.queries, args.k, args.space === 'cosine' ? 0 : 1].forEach((v, i) => header.writeUInt32LE(v, 4 + 4 * i));
const ids = new Int32Array(args.queries * args.k);
for (let q = 0; q < args.queries; q++) ids.set(G.idx.subarray(q * gt.k, q * gt.k + args.k), q * args.k);
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
fs.writeFileSync(args.out, Buffer.concat([header, bytes(ds.vectors), bytes(ds.queries), bytes(ids)]));
log(`wrote ${args.out} (n=${args.n} dim=${args.dim} queries=${args.queries} k=${args.k} ${args.space}, checksum ${ds.checksum})`);
