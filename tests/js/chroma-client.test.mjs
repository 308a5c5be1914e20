// End-to-end test of Chroma.Aspire with Chroma's official JavaScript client (chromadb 3.5.0).
// No embedding function is used: embeddings are passed explicitly and collections are created
// with embeddingFunction: null, so nothing is downloaded. The client sends embeddings as base64
// because pre-flight announces supports_base64_encoding.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ChromaClient, ChromaNotFoundError, ChromaUniqueError, ChromaClientError } from "chromadb";
import { startServer } from "./server.mjs";

let server;
let client;
let nameCounter = 0;
const uniqueName = (prefix) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${nameCounter++}`;

before(async () => {
  server = await startServer();
  client = new ChromaClient({ host: server.host, port: server.port, ssl: false });
});

after(async () => {
  await server?.stop();
});

const RECORDS = {
  ids: ["a", "b", "c", "d", "e"],
  embeddings: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [2, 2, 2]],
  documents: ["apple pie", "banana split", "cherry tart", "durian", "Apple Crumble"],
  metadatas: [
    { color: "red", n: 1, f: 1.5, ok: true },
    { color: "yellow", n: 2, f: 2.5, ok: false },
    { color: "red", n: 3, f: 3.5 },
    { color: "brown", n: 4, f: 4.5 },
    { color: "green", n: 10, f: 0.5, ok: true },
  ],
};

async function seeded(extra = {}) {
  const collection = await client.createCollection({ name: uniqueName("seeded"), embeddingFunction: null, ...extra });
  await collection.add(RECORDS);
  return collection;
}

describe("system", () => {
  test("heartbeat, version and pre-flight", async () => {
    const heartbeat = await client.heartbeat();
    assert.equal(typeof heartbeat, "number");
    assert.ok(heartbeat > 0);
    assert.equal(typeof (await client.version()), "string");
    assert.equal(await client.supportsBase64Encoding(), true);
  });
});

describe("collections", () => {
  test("create, get, list, count, modify, delete", async () => {
    const name = uniqueName("coll");
    const created = await client.createCollection({ name, metadata: { owner: "js", version: 1 }, embeddingFunction: null });
    assert.equal(created.name, name);
    assert.deepEqual(created.metadata, { owner: "js", version: 1 });

    const fetched = await client.getCollection({ name });
    assert.equal(fetched.id, created.id);

    const listed = await client.listCollections({ limit: 100000 });
    assert.ok(listed.some((c) => c.name === name), "listCollections contains the new collection");
    assert.ok((await client.countCollections()) >= 1);

    const renamed = uniqueName("renamed");
    await created.modify({ name: renamed, metadata: { owner: "js2" } });
    const afterModify = await client.getCollection({ name: renamed });
    assert.equal(afterModify.id, created.id);
    assert.deepEqual(afterModify.metadata, { owner: "js2" });
    await assert.rejects(client.getCollection({ name }), ChromaNotFoundError);

    await client.deleteCollection({ name: renamed });
    await assert.rejects(client.getCollection({ name: renamed }), ChromaNotFoundError);
    await assert.rejects(created.count(), ChromaNotFoundError);
  });

  test("duplicate create is a unique error, getOrCreate returns the existing one", async () => {
    const name = uniqueName("goc");
    const first = await client.createCollection({ name, embeddingFunction: null });
    await assert.rejects(client.createCollection({ name, embeddingFunction: null }), ChromaUniqueError);
    const again = await client.getOrCreateCollection({ name, metadata: { ignored: true }, embeddingFunction: null });
    assert.equal(again.id, first.id);
    assert.equal(again.metadata ?? null, null);
    const fresh = await client.getOrCreateCollection({ name: uniqueName("goc_new"), embeddingFunction: null });
    assert.notEqual(fresh.id, first.id);
    assert.equal(await fresh.count(), 0);
  });

  test("configuration space is honoured", async () => {
    const collection = await client.createCollection({
      name: uniqueName("cosine"),
      configuration: { hnsw: { space: "cosine" } },
      embeddingFunction: null,
    });
    assert.equal(collection.configuration.hnsw.space, "cosine");
    await collection.add({ ids: ["p", "r"], embeddings: [[1, 2, 3], [3, 3, 3]] });
    const result = await collection.query({ queryEmbeddings: [[1, 1, 1]], nResults: 2, include: ["distances"] });
    assert.deepEqual(result.ids, [["r", "p"]]);
    assert.ok(Math.abs(result.distances[0][0]) < 1e-5);
    assert.ok(Math.abs(result.distances[0][1] - 0.07418) < 1e-4);
  });
});

describe("records", () => {
  test("add (base64), count, get with include/limit/offset", async () => {
    const collection = await seeded();
    assert.equal(await collection.count(), 5);

    const all = await collection.get({ include: ["documents", "metadatas", "embeddings"] });
    assert.deepEqual(all.ids, ["a", "b", "c", "d", "e"]);
    assert.deepEqual(all.documents, RECORDS.documents);
    assert.deepEqual(all.metadatas, RECORDS.metadatas);
    assert.deepEqual(all.embeddings, RECORDS.embeddings);

    const page = await collection.get({ limit: 2, offset: 1 });
    assert.deepEqual(page.ids, ["b", "c"]);
    const byIds = await collection.get({ ids: ["e", "a", "missing"] });
    assert.deepEqual(byIds.ids, ["a", "e"]);
    const peek = await collection.peek({ limit: 3 });
    assert.equal(peek.ids.length, 3);
  });

  test("query with several embeddings, where and whereDocument", async () => {
    const collection = await seeded();
    const result = await collection.query({
      queryEmbeddings: [[1, 0, 0], [0, 0, 1]],
      nResults: 2,
      include: ["distances", "documents", "metadatas"],
    });
    assert.equal(result.ids.length, 2);
    assert.deepEqual(result.ids[0], ["a", "d"]);
    assert.deepEqual(result.distances[0].map((d) => Math.round(d * 1e4) / 1e4), [0, 1]);
    assert.equal(result.ids[1][0], "c");
    assert.equal(result.documents[0][0], "apple pie");
    assert.equal(result.metadatas[0][1].color, "brown");

    const filtered = await collection.query({
      queryEmbeddings: [[0, 0, 1]],
      nResults: 5,
      where: { color: "red" },
      include: ["distances"],
    });
    assert.deepEqual(filtered.ids, [["c", "a"]]);

    const byDocument = await collection.query({
      queryEmbeddings: [[0, 0, 1]],
      nResults: 5,
      whereDocument: { $contains: "an" },
      include: [],
    });
    assert.deepEqual(byDocument.ids, [["b", "d"]]);

    const combined = await collection.get({
      where: { $and: [{ n: { $gte: 2 } }, { color: { $in: ["red", "yellow", "green"] } }] },
      whereDocument: { $not_contains: "Crumble" },
    });
    assert.deepEqual(combined.ids, ["b", "c"]);

    const regex = await collection.get({ whereDocument: { $regex: "(?i)^apple" } });
    assert.deepEqual(regex.ids, ["a", "e"]);

    const rows = result.rows();
    assert.equal(rows[0][0].id, "a");
  });

  test("update merges metadata, upsert inserts and updates", async () => {
    const collection = await seeded();
    // Documents without embeddings would make the client look for an embedding function,
    // so metadata-only and embedding-only updates are what a client without one can send.
    await collection.update({ ids: ["a"], metadatas: [{ color: "crimson", extra: "x" }] });
    let got = await collection.get({ ids: ["a"], include: ["documents", "metadatas", "embeddings"] });
    assert.deepEqual(got.metadatas[0], { color: "crimson", n: 1, f: 1.5, ok: true, extra: "x" });
    assert.equal(got.documents[0], "apple pie");
    assert.deepEqual(got.embeddings[0], [1, 0, 0]);

    await collection.update({ ids: ["a"], embeddings: [[1, 0, 0]], documents: ["apple tart"] });

    await collection.update({ ids: ["a"], embeddings: [[0.5, 0.25, 0.125]] });
    got = await collection.get({ ids: ["a"], include: ["embeddings", "documents"] });
    assert.deepEqual(got.embeddings[0], [0.5, 0.25, 0.125]);
    assert.equal(got.documents[0], "apple tart");

    await collection.upsert({
      ids: ["b", "z"],
      embeddings: [[0, 3, 0], [9, 9, 9]],
      metadatas: [{ color: "gold" }, { color: "new" }],
      documents: ["banana v2", "zucchini"],
    });
    assert.equal(await collection.count(), 6);
    got = await collection.get({ ids: ["b", "z"], include: ["documents", "metadatas", "embeddings"] });
    assert.deepEqual(got.ids, ["b", "z"]);
    assert.deepEqual(got.documents, ["banana v2", "zucchini"]);
    assert.equal(got.metadatas[0].color, "gold");
    assert.equal(got.metadatas[0].n, 2);
    assert.deepEqual(got.embeddings[1], [9, 9, 9]);
  });

  test("delete by ids, where and whereDocument", async () => {
    const collection = await seeded();
    await collection.delete({ ids: ["d"] });
    await collection.delete({ where: { color: "yellow" } });
    await collection.delete({ whereDocument: { $contains: "Crumble" } });
    assert.deepEqual((await collection.get()).ids, ["a", "c"]);
    assert.equal(await collection.count(), 2);
  });

  test("server-side validation surfaces as client errors", async () => {
    const collection = await seeded();
    await assert.rejects(collection.add({ ids: ["bad"], embeddings: [[1, 2]] }), ChromaClientError);
    await assert.rejects(
      collection.query({ queryEmbeddings: [[1, 2]], nResults: 1 }),
      (e) => e instanceof ChromaClientError || /dimension/i.test(String(e?.message)),
    );
    assert.equal(await collection.count(), 5);
  });

  test("a large batch of 384-dimensional embeddings round-trips exactly", async () => {
    const collection = await client.createCollection({ name: uniqueName("big"), embeddingFunction: null });
    const dim = 384;
    const ids = [];
    const embeddings = [];
    for (let i = 0; i < 500; i++) {
      ids.push(`v${i}`);
      const v = new Array(dim);
      for (let d = 0; d < dim; d++) v[d] = Math.fround(Math.sin(i * 31 + d));
      embeddings.push(v);
    }
    await collection.add({ ids, embeddings });
    assert.equal(await collection.count(), 500);
    const got = await collection.get({ ids: ["v123"], include: ["embeddings"] });
    assert.deepEqual(got.embeddings[0].map(Math.fround), embeddings[123]);
    const result = await collection.query({ queryEmbeddings: [embeddings[321]], nResults: 1, include: ["distances"] });
    assert.deepEqual(result.ids, [["v321"]]);
    assert.ok(Math.abs(result.distances[0][0]) < 1e-4);
  });
});
