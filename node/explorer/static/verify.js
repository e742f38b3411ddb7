// The browser's verifier: a `.tlog-proof` bundle checked against a pinned trust root, with WebCrypto only.
//
// It mirrors, function by function, the Python verifier a member of the public can run offline:
// ledger/verify.py (RFC 9162 §2.1.3.2 and §2.1.4.2) and ledger/bundle.py (c2sp.org/tlog-proof@v1)
// here, ledger/checkpoint.py (signed notes, checkpoints, quorum) in checkpoint.js, which this module
// re-exports: import this one. Same strict parsing, same order of checks, same error codes. Tree sizes
// and indexes are BigInt (a log may pass 2^53 entries; JS bit operators are 32-bit).

import { ProofError, HASH_BYTES, concat, decodeBase64, equal, hex, parseCheckpoint, parseNote, sha256, utf8,
  verifyCheckpoint } from "./checkpoint.js";

export * from "./checkpoint.js";

export const PROOF_HEADER = "c2sp.org/tlog-proof@v1";
export const MAX_PROOF_HASHES = 64; // one hash per level of a 2^64-leaf tree
const INDEX_LINE = /^index (0|[1-9][0-9]*)$/;
const TX_SIGN_PREFIX = "tanledger/tx/v1\n";

export const leafHash = (data) => sha256(concat([0], data)); // RFC 9162 leaf: H(0x00 || d)
const nodeHash = (left, right) => sha256(concat([1], left, right)); // interior node: H(0x01 || l || r)

// ---- RFC 9162 proofs (ledger/verify.py) --------------------------------------------------------

const bitLength = (n) => (n === 0n ? 0 : n.toString(2).length);
const popCount = (n) => [...n.toString(2)].filter((c) => c === "1").length;

function checkHash(name, value) {
  if (value.length !== HASH_BYTES) throw new ProofError("malformed_proof", `${name} is ${value.length} bytes, a SHA-256 hash is ${HASH_BYTES}`);
}
const checkProofHashes = (proof) => proof.forEach((p, i) => checkHash(`proof[${i}]`, p));
const proofLength = (expected, got) => new ProofError("proof_length", `proof has ${got} hashes, the sizes call for ${expected}`, { expected, got });
const rootMismatch = (expected, calculated) =>
  new ProofError("root_mismatch", `root mismatch: expected ${hex(expected)}, calculated ${hex(calculated)}`, { expected, calculated });

/** (inner, border): levels where the path meets a sibling below the tree's right edge, and on it. */
function inclusionLength(index, size) {
  const inner = bitLength(index ^ (size - 1n));
  return [inner, popCount(index >> BigInt(inner))];
}

/** Throw a ProofError unless `proof` shows leaf `index` of the tree of `size` leaves with `root` is `leaf`. */
export async function verifyInclusion(leaf, index, size, proof, root) {
  index = BigInt(index); size = BigInt(size);
  // Verify the leaf lies in the tree (RFC 9162 §2.1.3.2 step 1)
  if (!(0n <= index && index < size)) throw new ProofError("invalid_inclusion_proof", `leaf index ${index} is outside a tree of size ${size}`);
  // Verify every hash is a SHA-256 hash
  checkHash("leaf hash", leaf);
  checkHash("root", root);
  checkProofHashes(proof);
  // Verify the proof has one hash per level of the leaf's path
  const [inner, border] = inclusionLength(index, size);
  if (proof.length !== inner + border) throw proofLength(inner + border, proof.length);
  const calculated = await rfcInclusionRoot(leaf, index, size, proof);
  // Verify the path leads to the root
  if (!equal(calculated, root)) throw rootMismatch(root, calculated);
}

async function rfcInclusionRoot(leaf, index, size, proof) {
  let fn = index, sn = size - 1n, r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw proofLength(proof.length - 1, proof.length);
    if (fn & 1n || fn === sn) {
      r = await nodeHash(p, r);
      while (fn && !(fn & 1n)) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) throw proofLength(proof.length + 1, proof.length);
  return r;
}

/** The number of hashes in the consistency proof between trees of sizes 0 < size1 < size2. */
export function consistencyLength(size1, size2) {
  const shift = bitLength(size1 & -size1) - 1; // trailing zero bits of size1
  const [inner, border] = inclusionLength(size1 - 1n, size2);
  const seed = size1 === 1n << BigInt(shift) ? 0 : 1; // a size1 of 2^k is its own first subtree, the root1 given
  return seed + inner - shift + border;
}

/** Throw a ProofError unless `proof` shows the tree of `size2` with `root2` extends that of `size1` with `root1`. */
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  size1 = BigInt(size1); size2 = BigInt(size2);
  // Verify the sizes can be consistent: the newer tree is not smaller
  if (size2 < size1) throw new ProofError("invalid_consistency_proof", `size2 ${size2} is smaller than size1 ${size1}`);
  // Verify the older tree is not empty: every tree extends the empty one, so the check proves nothing
  if (size1 <= 0n) throw new ProofError("invalid_consistency_proof", `size1 is ${size1}: consistency from the empty tree proves nothing`);
  if (size1 === size2) {
    // Verify two trees of one size have no proof between them and one root
    if (proof.length !== 0) throw proofLength(0, proof.length);
    if (!equal(root1, root2)) throw rootMismatch(root1, root2);
    return;
  }
  // Verify every hash is a SHA-256 hash
  checkHash("root1", root1);
  checkHash("root2", root2);
  checkProofHashes(proof);
  // Verify the proof has exactly the hashes the two sizes call for
  const expected = consistencyLength(size1, size2);
  if (proof.length !== expected) throw proofLength(expected, proof.length);
  const [fr, sr] = await rfcConsistencyRoots(size1, size2, proof, root1);
  // Verify the proof leads to both roots
  if (!equal(fr, root1)) throw rootMismatch(root1, fr);
  if (!equal(sr, root2)) throw rootMismatch(root2, sr);
}

async function rfcConsistencyRoots(size1, size2, proof, root1) {
  if (!proof.length) throw proofLength(1, 0);
  const path = (size1 & (size1 - 1n)) === 0n ? [root1, ...proof] : [...proof]; // size1 an exact power of 2
  let fn = size1 - 1n, sn = size2 - 1n;
  while (fn & 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) throw proofLength(proof.length - 1, proof.length);
    if (fn & 1n || fn === sn) {
      fr = await nodeHash(c, fr); sr = await nodeHash(c, sr);
      while (fn && !(fn & 1n)) { fn >>= 1n; sn >>= 1n; }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) throw proofLength(proof.length + 1, proof.length);
  return [fr, sr];
}

// ---- the tlog-proof bundle (ledger/bundle.py) --------------------------------------------------

/** Parse a bundle strictly; throw bad_bundle (or bad_note for its checkpoint) on any deviation. */
export function parseBundle(text) {
  // Verify the proof lines end at a blank line, before the checkpoint
  const cut = text.indexOf("\n\n");
  const head = cut < 0 ? text : text.slice(0, cut);
  const note = cut < 0 ? "" : text.slice(cut + 2);
  const lines = head.split("\n");
  if (cut < 0 || lines[0] !== PROOF_HEADER) {
    throw new ProofError("bad_bundle", `proof bundle must start with '${PROOF_HEADER}' and have a blank line before the checkpoint`);
  }
  const extra = lines.length > 1 && lines[1].startsWith("extra ") ? parseExtra(lines[1]) : null;
  const rest = extra !== null ? lines.slice(2) : lines.slice(1);
  // Verify the index line
  const match = rest.length ? INDEX_LINE.exec(rest[0]) : null;
  if (!match) throw new ProofError("bad_bundle", "proof bundle needs a line 'index <decimal, no leading zero>'");
  const proof = rest.slice(1).map(parseHash);
  if (proof.length > MAX_PROOF_HASHES) throw new ProofError("bad_bundle", `audit path has ${proof.length} hashes, at most ${MAX_PROOF_HASHES}`);
  // Verify the checkpoint is a well-formed signed checkpoint note
  parseCheckpoint(parseNote(note).text);
  return { index: BigInt(match[1]), proof, checkpoint: note, extra };
}

function parseExtra(line) {
  const raw = decodeBase64(line.slice("extra ".length), "extra data", "bad_bundle");
  if (!raw.length) throw new ProofError("bad_bundle", "the extra line is present but empty");
  return raw;
}

function parseHash(line, i) {
  const raw = decodeBase64(line, `audit path hash ${i}`, "bad_bundle");
  if (raw.length !== HASH_BYTES) throw new ProofError("bad_bundle", `audit path hash ${i} is ${raw.length} bytes, a SHA-256 hash is 32`);
  return raw;
}

/**
 * Verify a bundle against `trust`; throw a ProofError naming the first thing that fails.
 * `leafBytes` are the logged entry (null: the bundle's `extra`). `last` is the {size, root} of the
 * last checkpoint this verifier trusted; when given, `consistencyProof` must link the two sizes. `freshness`
 * {now, maxAge} (POSIX seconds) refuses a checkpoint its witnesses last vouched for more than maxAge ago.
 */
export async function verifyBundle(text, leafBytes, trust, last = null, consistencyProof = null, freshness = {}) {
  const bundle = parseBundle(text);
  const verified = await verifyCheckpoint(bundle.checkpoint, trust, freshness);
  const { size, root } = verified.checkpoint;
  if (last) await checkConsistency(last, { size, root }, consistencyProof);
  const leaf = leafBytes ?? bundle.extra;
  // Verify there is an entry to prove
  if (!leaf) throw new ProofError("bad_bundle", "no leaf bytes given and the bundle has no extra line carrying them");
  const hashed = await leafHash(leaf);
  await verifyInclusion(hashed, bundle.index, size, bundle.proof, root);
  return { ...verified, index: bundle.index, leafHash: hashed, leaf, note: bundle.checkpoint };
}

/** Throw unless two verified tree heads {size, root} can be one history (split_view, consistency_proof_missing, …). */
export async function checkConsistency(last, next, proof) {
  const [a, b] = BigInt(last.size) <= BigInt(next.size) ? [last, next] : [next, last];
  const size1 = BigInt(a.size), size2 = BigInt(b.size);
  // Verify two heads of one size have one root
  if (size1 === size2) {
    if (!equal(last.root, next.root)) {
      throw new ProofError("split_view", `split view: two checkpoints of size ${size1} with roots ${hex(last.root)} and ${hex(next.root)}`);
    }
    return;
  }
  // Verify an empty tree has the empty root: every tree extends it
  if (size1 === 0n) {
    const empty = await sha256(new Uint8Array());
    if (!equal(a.root, empty)) throw rootMismatch(empty, a.root);
    return;
  }
  // Verify a proof links heads of different sizes
  if (!proof) {
    throw new ProofError("consistency_proof_missing", `checkpoint of size ${next.size} differs from the last verified size ${last.size}: ` +
      `a consistency proof from ${size1} to ${size2} is required`);
  }
  await verifyConsistency(size1, size2, proof, a.root, b.root);
}

// ---- the logged entry (ledger/block.py log_leaf) -----------------------------------------------

/**
 * What a log leaf records: JCS of {height, index, tx (base64 of the signed wire bytes), receipt}; with
 * the transaction's id recomputed from those bytes: SHA-256("tanledger/tx/v1\n" || JCS(payload)).
 * The wire bytes are JCS of {payload, signatures}, so JCS(payload) is the text between `{"payload":`
 * and the last `,"signatures":[`.
 */
export async function readEntry(leafBytes) {
  let entry, wire;
  try {
    entry = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(leafBytes));
    wire = new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64(entry.tx, "tx", "bad_entry"));
  } catch (error) {
    throw new ProofError("bad_entry", `the logged entry is not a TanLedger log leaf: ${error.message}`);
  }
  const start = '{"payload":', end = wire.lastIndexOf(',"signatures":[');
  if (!wire.startsWith(start) || end < start.length) throw new ProofError("bad_entry", "the logged transaction is not {payload, signatures}");
  const id = hex(await sha256(utf8.encode(TX_SIGN_PREFIX + wire.slice(start.length, end))));
  return { height: entry.height, index: entry.index, receipt: entry.receipt, txId: id, tx: JSON.parse(wire) };
}

/** A short, human reason for a ProofError code (the page shows it after "invalid: "). */
export const REASONS = {
  bad_bundle: "malformed bundle", bad_note: "malformed checkpoint note", bad_trust: "malformed trust root",
  unknown_origin: "unknown origin", no_validator_set: "no validator set for this size", bad_signature: "bad signature",
  no_quorum: "no quorum", root_mismatch: "root mismatch", proof_length: "wrong proof length",
  malformed_proof: "malformed proof", invalid_inclusion_proof: "index outside the tree",
  invalid_consistency_proof: "impossible consistency sizes", split_view: "split view",
  consistency_proof_missing: "consistency proof missing", bad_entry: "not a log entry", wrong_entry: "wrong entry",
  rollback: "rollback", wrong_genesis: "wrong genesis", bad_remembered: "remembered checkpoint unusable",
  header_mismatch: "header mismatch", no_witness_quorum: "not enough witnesses", stale_checkpoint: "stale checkpoint",
};
