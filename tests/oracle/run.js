// ONNX Runtime as a test oracle for the managed evaluator.
// Usage: node run.js <request.json> <response.json>
// request: [{ "model": "<path>", "fetches": [optional output names], "inputs": { "<name>": { "type": "float32|float64|int64|int32|bool|string", "dims": [..], "data": "<base64 little-endian>" | [strings] } } }]
// response: [{ "outputs": { "<name>": { "type": .., "dims": [..], "data": "<base64>" | [strings] } | { "maps": [ {key: value}, ... ] } } } | { "error": "<message>" }]
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

const typed = {
  float32: Float32Array, float64: Float64Array, int64: BigInt64Array, int32: Int32Array, bool: Uint8Array,
};

function decode(input) {
  if (input.type === 'string') return new ort.Tensor('string', input.data, input.dims);
  const bytes = Buffer.from(input.data, 'base64');
  const Ctor = typed[input.type];
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const view = new Ctor(copy.buffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
  return new ort.Tensor(input.type, input.type === 'bool' ? Uint8Array.from(view) : view, input.dims);
}

function encode(value) {
  if (value instanceof ort.Tensor || (value && value.type && value.dims && value.data !== undefined)) {
    if (value.type === 'string') return { type: 'string', dims: value.dims, data: Array.from(value.data) };
    const data = value.data;
    return { type: value.type, dims: value.dims, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) {
    // sequence of maps (ZipMap): keys become strings in JSON
    return { maps: value.map((m) => { const o = {}; for (const [k, v] of (m instanceof Map ? m.entries() : Object.entries(m))) o[String(k)] = v; return o; }) };
  }
  throw new Error('unsupported output kind');
}

async function main() {
  const [requestPath, responsePath] = process.argv.slice(2);
  const requests = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
  const results = [];
  const sessions = new Map();
  for (const request of requests) {
    try {
      let session = sessions.get(request.model);
      if (!session) {
        session = await ort.InferenceSession.create(request.model, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
        sessions.set(request.model, session);
      }
      const feeds = {};
      for (const [name, input] of Object.entries(request.inputs)) feeds[name] = decode(input);
      const outputs = request.fetches ? await session.run(feeds, request.fetches) : await session.run(feeds);
      const encoded = {};
      for (const [name, value] of Object.entries(outputs)) encoded[name] = encode(value);
      results.push({ outputs: encoded });
    } catch (e) {
      results.push({ error: String(e && e.message ? e.message : e) });
    }
  }
  fs.writeFileSync(responsePath, JSON.stringify(results));
}

main().catch((e) => { console.error(e); process.exit(1); });
