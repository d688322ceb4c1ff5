// ONNX Runtime (onnxruntime-node, intraOpNumThreads=1) on the evaluator speed-goal models:
// best and median of N runs of 100,000 rows in one batch. Models and input come from
// tests/MlOps.Benchmarks (BenchmarkModels.EnsureWritten) in artifacts/bench/evaluation/.
// Usage: node eng/bench/score-ort-bench.js [repeats]
'use strict';
const path = require('path');
const fs = require('fs');
const root = path.resolve(__dirname, '..', '..');
const ort = require(path.join(root, 'tests', 'oracle', 'node_modules', 'onnxruntime-node'));
const folder = path.join(root, 'artifacts', 'bench', 'evaluation');
const rows = 100000, features = 20;
const repeats = Number(process.argv[2] || 15);

async function main() {
  const bytes = fs.readFileSync(path.join(folder, 'X.f32'));
  const x = new Float32Array(bytes.buffer, bytes.byteOffset, rows * features);
  for (const name of ['logistic', 'forest', 'boosted', 'mlp']) {
    const session = await ort.InferenceSession.create(path.join(folder, name + '.onnx'),
      { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
    const feeds = { X: new ort.Tensor('float32', x, [rows, features]) };
    for (let i = 0; i < 3; i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < repeats; i++) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const best = times[0], median = times[Math.floor(times.length / 2)];
    console.log(`ort     ${name.padEnd(9)} best ${best.toFixed(2).padStart(8)} ms  median ${median.toFixed(2).padStart(8)} ms  ${Math.round(rows / (best / 1000)).toLocaleString('en-US').padStart(14)} rows/s`);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
