// HMAC-SHA256 (RFC 2104, FIPS 180-4) in plain TypeScript, for the random-selection draw only.
// Why not node:crypto: every createHmac call crosses into C++ and costs several microseconds,
// most of an assessment's budget. Here the key's inner and outer states are computed once per
// key, so a draw is two compressions in JavaScript. Tests check it bit for bit against node:crypto.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// Scratch space, reused by every call (single-threaded, never re-entered).
const W = new Int32Array(64);
const BLOCK = new Int32Array(16);
const INNER = new Int32Array(8);
const OUTER = new Int32Array(8);
const MESSAGE = new Uint8Array(256);

/** One SHA-256 compression of a 16-word block into `state`. */
function compress(state: Int32Array, block: Int32Array): void {
  for (let t = 0; t < 16; t++) W[t] = block[t];
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15];
    const y = W[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** Continues `state` over `bytes` and the final padding; `prefix` bytes were already hashed. */
function finish(state: Int32Array, bytes: Uint8Array, prefix: number): Int32Array {
  const length = bytes.length;
  const blocks = Math.ceil((length + 9) / 64);
  const bits = (prefix + length) * 8;
  for (let b = 0; b < blocks; b++) {
    for (let w = 0; w < 16; w++) {
      let word = 0;
      for (let k = 0; k < 4; k++) {
        const i = b * 64 + w * 4 + k;
        word = (word << 8) | (i < length ? bytes[i] : i === length ? 0x80 : 0);
      }
      BLOCK[w] = word;
    }
    if (b === blocks - 1) {
      BLOCK[14] = Math.floor(bits / 0x100000000);
      BLOCK[15] = bits | 0;
    }
    compress(state, BLOCK);
  }
  return state;
}

/** UTF-8 bytes of `s`; short ASCII strings are written into reusable scratch space. */
function utf8(s: string, scratch?: Uint8Array): Uint8Array {
  if (!scratch || s.length > scratch.length) scratch = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return Buffer.from(s, 'utf8');
    scratch[i] = c;
  }
  return scratch.subarray(0, s.length);
}

/** The inner and outer states of HMAC after absorbing the key pads. */
interface KeyStates {
  inner: Int32Array;
  outer: Int32Array;
}

function keyStates(key: string): KeyStates {
  let bytes = utf8(key);
  if (bytes.length > 64) {
    const digest = finish(IV.slice(), bytes, 0);
    bytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++) bytes[i] = digest[i >> 2] >>> (24 - 8 * (i & 3));
  }
  const pad = (x: number) => {
    for (let w = 0; w < 16; w++) {
      let word = 0;
      for (let k = 0; k < 4; k++) word = (word << 8) | ((bytes[w * 4 + k] ?? 0) ^ x);
      BLOCK[w] = word;
    }
    const state = IV.slice();
    compress(state, BLOCK);
    return state;
  };
  return { inner: pad(0x36), outer: pad(0x5c) };
}

// A service uses one selection key (two while rotating it).
const states = new Map<string, KeyStates>();

function statesFor(key: string): KeyStates {
  let k = states.get(key);
  if (!k) {
    if (states.size >= 8) states.clear();
    k = keyStates(key);
    states.set(key, k);
  }
  return k;
}

/** Writes the ASCII message into BLOCK with its padding when it fits one block; false otherwise. */
function singleAsciiBlock(message: string): boolean {
  if (message.length > 55) return false;
  BLOCK.fill(0);
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c > 127) return false;
    BLOCK[i >> 2] |= c << (24 - 8 * (i & 3));
  }
  BLOCK[message.length >> 2] |= 0x80 << (24 - 8 * (message.length & 3));
  BLOCK[15] = (64 + message.length) * 8;
  return true;
}

/** Computes HMAC-SHA256(key, message) into OUTER. */
function hmac(key: string, message: string): void {
  const k = statesFor(key);
  INNER.set(k.inner);
  if (singleAsciiBlock(message)) compress(INNER, BLOCK);
  else finish(INNER, utf8(message, MESSAGE), 64);
  for (let w = 0; w < 8; w++) BLOCK[w] = INNER[w];
  BLOCK[8] = 0x80000000;
  for (let w = 9; w < 15; w++) BLOCK[w] = 0;
  BLOCK[15] = (64 + 32) * 8;
  OUTER.set(k.outer);
  compress(OUTER, BLOCK);
}

/** HMAC-SHA256(key, message) as eight big-endian 32-bit words (a fresh array). */
export function hmacSha256Words(key: string, message: string): Int32Array {
  hmac(key, message);
  return OUTER.slice();
}

/** The first 32 bits of HMAC-SHA256(key, message), as an unsigned integer. */
export function hmacSha256First32(key: string, message: string): number {
  hmac(key, message);
  return OUTER[0] >>> 0;
}
