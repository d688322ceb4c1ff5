// Largest absolute difference between two CSV files of numbers with the same header (labels compared exactly).
// Usage: node eng/bench/score-compare.js <a.csv> <b.csv>
'use strict';
const fs = require('fs');
const [a, b] = process.argv.slice(2).map((p) => fs.readFileSync(p, 'utf8').trim().split('\n'));
if (a[0] !== b[0]) { console.log(`headers differ: ${a[0]} | ${b[0]}`); process.exit(1); }
if (a.length !== b.length) { console.log(`row counts differ: ${a.length - 1} vs ${b.length - 1}`); process.exit(1); }
let max = 0, labels = 0;
for (let i = 1; i < a.length; i++) {
  const x = a[i].split(','), y = b[i].split(',');
  for (let j = 0; j < x.length; j++) {
    const u = Number(x[j]), v = Number(y[j]);
    if (Number.isInteger(u) && Number.isInteger(v) && x[j].indexOf('.') < 0 && y[j].indexOf('.') < 0) { if (u !== v) labels++; continue; }
    max = Math.max(max, Math.abs(u - v));
  }
}
console.log(`rows ${a.length - 1}, max |diff| ${max.toExponential(2)}, label mismatches ${labels}`);
process.exit(max <= 1e-5 && labels === 0 ? 0 : 1);
