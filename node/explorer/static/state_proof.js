// State proofs (`GET /v1/proof/state/{key}`) checked in the browser: ledger/state_proof.py in JS.
//
// Three steps, in the Python verifier's order and with its error codes: the block header is signed
// by a quorum of the trusted validators (each signs "tanledger/header/v1\n" ‖ header hash), the entry
// JCS([key, value]) is included in the header's state_root (RFC 9162), a tree of the header's
// state_size entries, and the checkpoint sent with it, if any, is co-signed and names the header's log
// size and root. An absence proof ("present": false) shows instead the key's neighbours in the sorted
// tree, left (the last entry below) and right (the first above), at adjacent indices. The block hash is SHA-256 of
// "tanledger/block/v1\n" ‖ JCS(header) with its hashes in lowercase hex (ledger/block.py).

import { ProofError, concat, equal, hex, isValidSignature, leafHash, setFor, sha256, utf8, verifyCheckpoint,
  verifyInclusion } from "./verify.js";

const BLOCK_HASH_PREFIX = "tanledger/block/v1\n";
const HEADER_SIGN_PREFIX = "tanledger/header/v1\n";
const HEADER_FIELDS = ["height", "time", "prev_hash", "tx_root", "log_size", "log_root", "state_root", "state_size", "proposer",
  "validators_hash", "last_commit_hash"];
const HASH_FIELDS = new Set(["prev_hash", "tx_root", "log_root", "state_root", "proposer", "validators_hash", "last_commit_hash"]);

const malformed = (why) => new ProofError("malformed_proof", `state proof is malformed: ${why}`);
const mismatch = (message) => new ProofError("header_mismatch", message);

/** RFC 8785 (JCS) text of a JSON value of the ledger's domain: integers, strings, ASCII keys (sorted). */
export function jcs(value) {
  if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${jcs(value[k])}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw malformed(`number ${value} is not an integer of at most 2^53-1`);
  return JSON.stringify(value);
}

/** Bytes of a hex string (either case); throw malformed_proof naming `what` otherwise. */
export function hexBytes(text, what) {
  if (typeof text !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw malformed(`${what} is not hex: ${JSON.stringify(text)}`);
  return Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** A block header as the ledger reads it: its eleven fields, hashes as lowercase hex (BlockHeader.from_json, to_json). */
export function parseHeader(value) {
  if (!value || typeof value !== "object") throw malformed("the header is not an object");
  return Object.fromEntries(HEADER_FIELDS.map((name) => {
    if (!(name in value)) throw malformed(`the header has no ${name}`);
    return [name, HASH_FIELDS.has(name) ? hex(hexBytes(value[name], `header ${name}`)) : value[name]];
  }));
}

/** The block hash of a parsed header: SHA-256("tanledger/block/v1\n" ‖ JCS(header)). */
export const headerHash = (header) => sha256(utf8.encode(BLOCK_HASH_PREFIX + jcs(header)));

/**
 * The names of the trusted validators whose commit signatures over the header hash verify, in set order.
 * Throws header_mismatch (a commit of another block), bad_signature (a trusted key's bad signature), no_quorum.
 */
export async function checkCommit(commit, header, blockHash, validators) {
  const pairs = commitSignatures(commit);
  // Verify the commit signs this header
  if (commit.block_hash !== hex(blockHash) || commit.height !== header.height) {
    throw mismatch(`the commit names block ${commit.block_hash} at ${commit.height}, the header hashes to ${hex(blockHash)} at ${header.height}`);
  }
  const byKey = new Map(validators.validators.map((v) => [hex(v.pubkey), v]));
  const message = concat(utf8.encode(HEADER_SIGN_PREFIX), blockHash);
  const signed = new Set();
  for (const [pubkey, signature] of pairs) {
    const validator = byKey.get(pubkey);
    if (!validator) continue;
    // Verify a trusted validator's signature
    if (!(await isValidSignature(validator.pubkey, message, signature))) {
      throw new ProofError("bad_signature", `commit signature of validator ${validator.name} does not verify`);
    }
    signed.add(validator.name);
  }
  // Verify a quorum of the trusted validators signed the block
  if (signed.size < validators.quorum) {
    throw new ProofError("no_quorum", `checkpoint signed by ${signed.size} trusted validators, quorum needs ${validators.quorum}`,
      { have: signed.size, need: validators.quorum });
  }
  return validators.validators.map((v) => v.name).filter((n) => signed.has(n));
}

/** The (validator key hex, signature bytes) pairs of a commit; throw malformed_proof if it is not one. */
function commitSignatures(commit) {
  try {
    if (!("block_hash" in commit)) throw new Error("no block_hash");
    return [...commit.signatures].map((s) => [hex(hexBytes(s.validator, "validator")), hexBytes(s.signature, "signature")]);
  } catch (error) {
    throw new ProofError("malformed_proof", `block commit is malformed: ${error.message}`);
  }
}

function readProof(doc) {
  if (!doc || typeof doc !== "object") throw malformed("not a JSON object");
  for (const name of ["header", "key", "tree_size", "commit"]) {
    if (!(name in doc)) throw malformed(`no ${name}`);
  }
  const present = "present" in doc ? doc.present : true;
  if (typeof doc.key !== "string" || typeof present !== "boolean") {
    throw malformed(`key ${JSON.stringify(doc.key)} is not a string or present ${JSON.stringify(present)} not a bool`);
  }
  const header = parseHeader(doc.header);
  if (!Number.isSafeInteger(header.state_size) || header.state_size < 0) throw malformed(`header state_size ${header.state_size} is not an integer >= 0`);
  return { header, present };
}

/** A {key, value, index, audit_path} object (an entry, or an absent key's neighbour); throw malformed_proof naming `what`. */
function readLeaf(value, what) {
  if (!value || typeof value !== "object") throw malformed(`${what}: not an object`);
  for (const name of ["key", "value", "index", "audit_path"]) {
    if (!(name in value)) throw malformed(`${what}: no ${name}`);
  }
  if (typeof value.key !== "string" || !Number.isSafeInteger(value.index)) {
    throw malformed(`${what}: key ${JSON.stringify(value.key)} or index ${JSON.stringify(value.index)}`);
  }
  if (!Array.isArray(value.audit_path)) throw malformed(`${what}: audit_path is not a list`);
  return { key: value.key, value: value.value, index: value.index,
    path: value.audit_path.map((h, i) => hexBytes(h, `${what} audit_path[${i}]`)) };
}

/** The `left` or `right` neighbour of an absence proof, null if it says there is none. */
function readNeighbour(doc, side) {
  if (!(side in doc)) throw malformed(`an absence proof has no "${side}" (null if none)`);
  return doc[side] === null ? null : readLeaf(doc[side], `the ${side} neighbour`);
}

/** True if a verified proof shows no state key starts with its key (`holding/<account>/`: no holding at all). */
export const isPrefixEmpty = (r) => !r.present && (r.neighbours[1] === null || !r.neighbours[1].startsWith(r.key));

/** The TERMS key that names a proven absence in the registry's words: no holding, no obligation, or absent. */
export function absenceTerm(key) {
  if (key.startsWith("holding/")) return "no_holding_proven";
  return key.startsWith("obligation/") ? "no_obligation_proven" : "absent_proven";
}

/** Python's order of strings (by code point; JS's `<` compares UTF-16 units): the state tree's leaf order. */
export function keyBefore(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    if (x[i] !== y[i]) return x[i] < y[i];
  }
  return x.length < y.length;
}

/** Throw unless `leaf` is entry `leaf.index` of the header's state tree (of `state_size` entries). */
async function checkLeaf(leaf, header) {
  const hash = await leafHash(utf8.encode(jcs([leaf.key, leaf.value])));
  await verifyInclusion(hash, leaf.index, header.state_size, leaf.path, hexBytes(header.state_root, "state_root"));
}

/** Throw unless `left` and `right` are adjacent entries of the header's sorted state tree around `key` (null: none). */
async function checkAbsent(key, left, right, header) {
  const size = header.state_size;
  // Verify an empty state is the empty tree
  if (left === null && right === null) {
    if (size !== 0) throw new ProofError("not_adjacent", `an absence proof in a state of ${size} entries needs a neighbour; it has none`);
    const root = hexBytes(header.state_root, "state_root");
    const empty = await sha256(new Uint8Array(0));
    if (!equal(root, empty)) throw new ProofError("root_mismatch", `root mismatch: expected ${hex(empty)}, calculated ${hex(root)}`);
    return;
  }
  // Verify the neighbours are adjacent: the last entry below and the first above
  const leftIndex = left ? left.index : -1;
  const rightIndex = right ? right.index : size;
  if (rightIndex !== leftIndex + 1) {
    throw new ProofError("not_adjacent", `the neighbours are entries ${left ? left.index : "none"} and ${right ? right.index : "none"} ` +
      `of ${size}: not adjacent (the left one must be the last entry below the key, the right one the first above it)`);
  }
  // Verify the key sorts strictly between them
  if (left && !keyBefore(left.key, key)) throw new ProofError("key_not_between", `the left neighbour's key ${JSON.stringify(left.key)} is not below ${JSON.stringify(key)}`);
  if (right && !keyBefore(key, right.key)) throw new ProofError("key_not_between", `the right neighbour's key ${JSON.stringify(right.key)} is not above ${JSON.stringify(key)}`);
  // Verify each neighbour is in the state the header commits to
  for (const leaf of [left, right]) {
    if (leaf) await checkLeaf(leaf, header);
  }
}

/**
 * Verify a state proof's JSON (of a present key, or of an absent one: `present` false) against `trust`; returns
 * {key, present, value (undefined if absent), neighbours (an absent key's: the keys just below and above, or null),
 * header, blockHash, signers, quorum, setSize, checkpoint}.
 */
export async function verifyStateProof(doc, trust) {
  const { header, present } = readProof(doc);
  // Verify the proof is of the block its header describes
  if (doc.height !== header.height) throw mismatch(`proof is for height ${doc.height}, its header for ${header.height}`);
  if (!Number.isSafeInteger(header.log_size) || header.log_size < 0) throw malformed(`header log_size ${header.log_size} is not an integer >= 0`);
  const validators = setFor(trust, BigInt(header.log_size));
  if (!validators) throw new ProofError("no_validator_set", `no trusted validator set covers log size ${header.log_size}`);
  const blockHash = await headerHash(header);
  const signers = await checkCommit(doc.commit, header, blockHash, validators);
  // Verify the proof's tree is the one the header commits to, of `state_size` entries
  if (doc.tree_size !== header.state_size) {
    throw new ProofError("state_size_mismatch", `proof is of a state of ${JSON.stringify(doc.tree_size)} entries, the header commits to ${header.state_size}`);
  }
  let neighbours = [null, null];
  if (present) {
    // Verify the entry is in the state the header commits to
    await checkLeaf(readLeaf(doc, "the entry"), header);
  } else {
    const [left, right] = [readNeighbour(doc, "left"), readNeighbour(doc, "right")];
    await checkAbsent(doc.key, left, right, header);
    neighbours = [left ? left.key : null, right ? right.key : null];
  }
  // Verify a checkpoint comes with it when the trust has a witness policy: only a checkpoint carries cosignatures
  const witnessQuorum = trust.witnessQuorum ?? 0;
  if (!doc.checkpoint && witnessQuorum) {
    throw new ProofError("no_witness_quorum", `the proof comes with no checkpoint, so with none of the ${witnessQuorum} ` +
      "witness cosignatures the trust file's policy needs", { have: 0, need: witnessQuorum });
  }
  const checkpoint = doc.checkpoint ? await verifyCheckpoint(doc.checkpoint, trust) : null;
  // Verify the checkpoint sent with it is of the header's log
  if (checkpoint && checkpoint.checkpoint.size !== BigInt(header.log_size)) {
    throw mismatch(`checkpoint of size ${checkpoint.checkpoint.size}, the header's log has ${header.log_size}`);
  }
  const logRoot = hexBytes(header.log_root, "log_root");
  if (checkpoint && !equal(checkpoint.checkpoint.root, logRoot)) {
    throw new ProofError("root_mismatch", `root mismatch: expected ${hex(logRoot)}, calculated ${hex(checkpoint.checkpoint.root)}`);
  }
  return { key: doc.key, present, value: present ? doc.value : undefined, neighbours, header, blockHash, signers,
    quorum: validators.quorum, setSize: validators.validators.length, checkpoint };
}
