// The ONNX Runtime counterpart of `mlops score` for eng/bench/score.sh: CSV in, CSV out, single thread.
// Feeds every CSV column, in file order, to the model's single [N,F] float input, in batches of 4096 rows,
// and writes one column per output element (<output> or <output>[j]).
// Usage: node eng/bench/score-ort.js <model.onnx> <data.csv> <out.csv>
'use strict';
const path = require('path');
const fs = require('fs');
const ort = require(path.resolve(__dirname, '..', '..', 'tests', 'oracle', 'node_modules', 'onnxruntime-node'));

async function main() {
  const [modelPath, dataPath, outPath] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const lines = fs.readFileSync(dataPath, 'utf8').split('\n');
  const header = lines[0].split(',');
  const width = header.length;
  const rows = lines.slice(1).filter((l) => l.length > 0);
  const batch = 4096;
  const out = [];
  let names = null;
  for (let start = 0; start < rows.length; start += batch) {
    const n = Math.min(batch, rows.length - start);
    const x = new Float32Array(n * width);
    for (let r = 0; r < n; r++) {
      const fields = rows[start + r].split(',');
      if (fields.length !== width) throw new Error(`line ${start + r + 2}: ${fields.length} fields, header has ${width}`);
      for (let c = 0; c < width; c++) x[r * width + c] = fields[c] === '' ? NaN : parseFloat(fields[c]);
    }
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [n, width]) });
    const outputs = session.outputNames.map((name) => [name, result[name]]);
    if (names === null) {
      names = [];
      for (const [name, t] of outputs) {
        const k = t.dims.length < 2 ? 1 : t.dims[1];
        if (k === 1) names.push(name); else for (let j = 0; j < k; j++) names.push(`${name}[${j}]`);
      }
      out.push(names.join(','));
    }
    for (let r = 0; r < n; r++) {
      const fields = [];
      for (const [, t] of outputs) {
        const k = t.dims.length < 2 ? 1 : t.dims[1];
        for (let j = 0; j < k; j++) fields.push(String(t.data[r * k + j]));
      }
      out.push(fields.join(','));
    }
  }
  const tmp = outPath + '.tmp';
  fs.writeFileSync(tmp, out.join('\n') + '\n');
  fs.renameSync(tmp, outPath);
}
main().catch((e) => { console.error(e.message); process.exit(2); });
