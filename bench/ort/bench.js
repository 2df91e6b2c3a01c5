// ONNX Runtime (CPU) peer for bench/run.py.
//   node bench/ort/bench.js SPEC.json
// SPEC: {"threads": N, "seconds": S, "models": [{"name", "path", "inputs": [{"name",
// "path", "dims"}], "output"}]}: each input is raw little-endian float32;
// the first output of one run is written raw to "output" (run.py checks it
// against PyTorch). Prints {"name": median ms, ...} as JSON on stdout.
// Each model: a session with intraOpNumThreads = "threads" (run.py passes
// the table's thread count), interOpNumThreads 1, graph optimization level
// 'all', sequential execution; two warm-up runs, then the median over
// repeats sized to about "seconds" (default 1), the input tensors reused.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function floats(path) {
  const b = fs.readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

async function timeModel(m, threads, seconds) {
  const session = await ort.InferenceSession.create(m.path, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  const feeds = {};
  for (const i of m.inputs) {
    feeds[i.name] = new ort.Tensor('float32', floats(i.path), i.dims);
  }
  const first = await session.run(feeds);
  const out = first[session.outputNames[0]].data;
  fs.writeFileSync(m.output, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  for (let i = 0; i < 2; i++) await session.run(feeds);  // warm-up
  let t = process.hrtime.bigint();
  await session.run(feeds);
  const once = Number(process.hrtime.bigint() - t) / 1e9;
  const reps = Math.floor(Math.max(5, Math.min(2000, seconds / Math.max(once, 1e-7))));
  const times = [];
  for (let i = 0; i < reps; i++) {
    t = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await session.release();
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const result = {};
  for (const m of spec.models) {
    result[m.name] = await timeModel(m, spec.threads || 1, spec.seconds || 1.0);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
