// Writes ecmascript-numbers.json: doubles (as IEEE 754 bit patterns) and the text ECMAScript's
// Number.prototype.toString gives for each, which RFC 8785 adopts for canonical JSON numbers.
// The tests check the Swift writer against it, and the parser reading each text back.
//
//   node make-number-fixture.js > ecmascript-numbers.json
//
// A fixed seed keeps the output the same on every run, so a regenerated file shows no diff.
'use strict';

const MASK = (1n << 64n) - 1n;
let state = 0x5EED2024n;

// SplitMix64: small, seedable, and good enough to spread bit patterns.
function next64() {
  state = (state + 0x9E3779B97F4A7C15n) & MASK;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
  return z ^ (z >> 31n);
}
const below = (n) => Number(next64() % BigInt(n));

const view = new DataView(new ArrayBuffer(8));
const fromBits = (bits) => { view.setBigUint64(0, bits); return view.getFloat64(0); };
const toBits = (x) => { view.setFloat64(0, x); return view.getBigUint64(0); };
const nextUp = (x, steps) => fromBits(toBits(x) + BigInt(steps)); // for positive x

const values = [];
const add = (x) => { if (Number.isFinite(x) && !Object.is(x, -0)) values.push(x); };

// Any finite double, uniformly over bit patterns: every exponent, subnormals included.
for (let i = 0; i < 1500; i++) add(fromBits(next64()));

// Integers of every length, past 2^53 where the shortest digits end in zeros.
for (let i = 0; i < 500; i++) {
  const digits = 1 + below(25);
  const sign = below(2) ? -1 : 1;
  add(sign * Number(next64() % 10n ** BigInt(digits)));
}

// Short decimals, as people write amounts and rates, at every scale.
for (let i = 0; i < 500; i++) {
  const significand = next64() % 10n ** BigInt(1 + below(17));
  const exponent = below(80) - 40;
  add(Number((below(2) ? '-' : '') + significand + 'e' + exponent));
}

// Where the layout changes: around 1e-7, 1e-6, 1e21 and every power of ten, a few ulps apart.
for (let power = -30; power <= 30; power++) {
  const base = Number('1e' + power);
  for (const steps of [-2, -1, 0, 1, 2]) add(nextUp(base, steps));
}
for (let i = 0; i < 300; i++) {
  const [low, high] = [[1e-7, 1e-6], [1e-6, 1e-5], [1e20, 1e22], [1, 2]][i % 4];
  add(low + (high - low) * (Number(next64() >> 11n) / 2 ** 53));
}

const lines = values.map((x) => '  ' + JSON.stringify([toBits(x).toString(16).padStart(16, '0'), String(x)]));
process.stdout.write(
  '{\n"generator": "make-number-fixture.js",\n"node": ' + JSON.stringify(process.version) +
  ',\n"cases": [\n' + lines.join(',\n') + '\n]\n}\n'
);
