// Checkpoints checked against a trust root, with WebCrypto only: ledger/checkpoint.py in JS.
//
// A checkpoint (c2sp.org/tlog-checkpoint) is origin, tree size and base64 root, in a signed note
// (note.js) whose lines "— <key name> <base64(key ID || Ed25519 signature)>" the validators add.
// Valid with signatures from a quorum of the trusted set and, if the trust names witnesses, with
// cosignatures of `witness_quorum` of them (cosignature.js), whose times date it: lines of unknown
// keys are ignored, a bad or malformed line under a known key rejects the note, one key counts once.
// Same strict parsing, order of checks and error codes as the Python module.

import { ProofError, HASH_BYTES, checkKeyName, checkUnparsed, decodeBase64, hex, isValidSignature, keyId, parseNote,
  utf8 } from "./note.js";
import { checkFreshness, parseWitnessPolicy, witnessTimes, witnessedTime } from "./cosignature.js";

export * from "./note.js";
export * from "./cosignature.js";

const MAX_TREE_SIZE = 2n ** 64n - 1n;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

// ---- trust root ---------------------------------------------------------------------------------

/**
 * Parse a trust file's JSON value (Trust.to_json); throw bad_trust if malformed or its quorum is weak.
 * `genesisHash` is the lowercase hex of its genesis_hash, or null in a trust file written before it was added.
 */
export function parseTrust(value) {
  const bad = (why) => new ProofError("bad_trust", `malformed trust file: ${why}`);
  if (!value || typeof value !== "object" || !Array.isArray(value.validator_sets)) throw bad("no validator_sets");
  const origin = trustName(value.origin);
  const genesis = value.genesis_hash ?? null;
  if (genesis !== null && !(typeof genesis === "string" && /^[0-9a-fA-F]{64}$/.test(genesis))) {
    throw new ProofError("bad_trust", "genesis_hash is not 32 bytes (64 hex digits)");
  }
  const sets = value.validator_sets.map((s) => {
    if (!Number.isSafeInteger(s?.from_size) || s.from_size < 0) throw bad(`from_size ${s?.from_size} is not an integer >= 0`);
    if (!Array.isArray(s.validators)) throw bad("validators is not a list");
    const validators = s.validators.map((v) => ({ name: trustName(v?.name), pubkey: pubkeyOf(v?.pubkey) }));
    const n = validators.length;
    if (new Set(validators.map((v) => v.name)).size !== n || new Set(validators.map((v) => hex(v.pubkey))).size !== n) {
      throw new ProofError("bad_trust", "a validator name or key appears twice in one set");
    }
    if (!Number.isSafeInteger(s.quorum) || !(2 * n < 3 * s.quorum && 3 * s.quorum <= 3 * n)) {
      throw new ProofError("bad_trust", `quorum ${s.quorum} is not more than two thirds of ${n} validators`);
    }
    return { fromSize: BigInt(s.from_size), quorum: s.quorum, validators };
  });
  const starts = sets.map((s) => s.fromSize);
  if (!starts.length || starts.some((x, i) => i > 0 && x <= starts[i - 1])) {
    throw new ProofError("bad_trust", `validator sets must be one or more, by strictly increasing from_size, got ${starts}`);
  }
  return { origin, sets, genesisHash: genesis === null ? null : genesis.toLowerCase(),
    ...parseWitnessPolicy(value, (text) => pubkeyOf(text, "witness")) };
}

function trustName(name) {
  try {
    checkKeyName(name);
  } catch {
    throw new ProofError("bad_trust", `origin or validator name ${JSON.stringify(name)} is empty, not text, or has a space or '+'`);
  }
  return name;
}

function pubkeyOf(text, what = "validator") {
  if (typeof text !== "string" || !/^[0-9a-fA-F]{64}$/.test(text)) throw new ProofError("bad_trust", `a ${what} public key is not 32 bytes`);
  return Uint8Array.from(text.match(/../g), (b) => parseInt(b, 16));
}

/** The same validator sets with no witness policy (Trust.without_witnesses): a checkpoint's validators alone. */
export const withoutWitnesses = (trust) => ({ ...trust, witnesses: [], witnessQuorum: 0 });

/** The validator set valid at tree `size`: the one with the largest fromSize <= size, or null. */
export function setFor(trust, size) {
  return trust.sets.filter((s) => s.fromSize <= size).at(-1) ?? null;
}

// ---- checkpoints and signed notes (ledger/checkpoint.py) ---------------------------------------

/** Parse a checkpoint body strictly: origin, decimal size, base64 root, extension lines. */
export function parseCheckpoint(body) {
  const lines = body.split("\n");
  // Verify the body is newline-terminated lines, at least three, none empty
  if (lines.at(-1) !== "" || lines.length < 4 || lines.slice(0, -1).includes("")) {
    throw new ProofError("bad_note", "checkpoint body must be three or more non-empty lines, each ending in a newline");
  }
  const [origin, sizeText, rootText, ...extensions] = lines.slice(0, -1);
  // Verify the size is a decimal with no leading zero
  if (!DECIMAL.test(sizeText) || BigInt(sizeText) > MAX_TREE_SIZE) {
    throw new ProofError("bad_note", `checkpoint tree size ${JSON.stringify(sizeText)} is not a decimal without leading zeroes`);
  }
  // Verify the root is a base64 SHA-256 hash
  const root = decodeBase64(rootText, "checkpoint root");
  if (root.length !== HASH_BYTES) throw new ProofError("bad_note", `checkpoint root is ${root.length} bytes, a SHA-256 hash is 32`);
  return { origin, size: BigInt(sizeText), root, extensions };
}

/**
 * The validators whose signatures on `note` verify, each once, in validator order; plus the lines
 * that were ignored (`unknown`: no such name and key ID; `duplicates`: a validator's second line).
 * Throws bad_signature on a line that matches a validator and does not verify.
 */
export async function countSigners(note, validators) {
  const known = new Map();
  for (const v of validators.validators) known.set(`${v.name} ${hex(await keyId(v.name, v.pubkey))}`, v);
  checkUnparsed(note, new Set(known.keys()));
  const message = utf8.encode(note.text);
  const signed = new Set();
  const unknown = [], duplicates = [];
  for (const s of note.signatures) {
    const validator = known.get(`${s.name} ${hex(s.keyId)}`);
    if (!validator) { unknown.push(s.name); continue; }
    // Verify a line from a known key is a valid signature
    if (!(await isValidSignature(validator.pubkey, message, s.signature))) {
      throw new ProofError("bad_signature", `signature of validator ${s.name} does not verify`);
    }
    if (signed.has(s.name)) duplicates.push(s.name);
    signed.add(s.name);
  }
  return { signers: validators.validators.map((v) => v.name).filter((n) => signed.has(n)), unknown, duplicates };
}

/**
 * Parse and verify a co-signed checkpoint against `trust` (validators' quorum, then the witness policy, then
 * `freshness` {now, maxAge} if a max age is given); throw a ProofError if it is not valid.
 */
export async function verifyCheckpoint(noteText, trust, freshness = {}) {
  const note = parseNote(noteText);
  const checkpoint = parseCheckpoint(note.text);
  // Verify the checkpoint is of the trusted log
  if (checkpoint.origin !== trust.origin) {
    throw new ProofError("unknown_origin", `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the trusted ${JSON.stringify(trust.origin)}`);
  }
  const validators = setFor(trust, checkpoint.size);
  if (!validators) throw new ProofError("no_validator_set", `no trusted validator set covers tree size ${checkpoint.size}`);
  const counted = await countSigners(note, validators);
  // Verify more than two thirds of the validators signed
  if (counted.signers.length < validators.quorum) {
    const ignored = [...counted.unknown.map((n) => `a line from unknown key ${n}`),
      ...counted.duplicates.map((n) => `a duplicate line from ${n} counted once`)];
    throw new ProofError("no_quorum", `checkpoint signed by ${counted.signers.length} trusted validators, quorum needs ${validators.quorum}` +
      (ignored.length ? ` (ignored ${ignored.join(", ")})` : ""), { have: counted.signers.length, need: validators.quorum, ...counted });
  }
  const witnessed = await checkWitnesses(note, trust, freshness);
  const unknown = counted.unknown.filter((n) => !(trust.witnesses ?? []).some((w) => w.name === n));
  return { checkpoint, ...counted, unknown, quorum: validators.quorum, setSize: validators.validators.length, ...witnessed };
}

/** The witness cosignatures, their quorum and freshness: {witnesses: [{name, time}], time, witnessQuorum, witnessCount}. */
async function checkWitnesses(note, trust, freshness) {
  const policy = trust.witnesses ?? [];
  const quorum = trust.witnessQuorum ?? 0;
  const witnesses = await witnessTimes(note, policy);
  // Verify the witness policy: enough witnesses vouched that this checkpoint extends what they saw before
  if (witnesses.length < quorum) {
    throw new ProofError("no_witness_quorum", `checkpoint cosigned by ${witnesses.length} of the ${policy.length} trusted ` +
      `witnesses, the trust file's policy needs ${quorum}: the node may not have gathered them yet (try again shortly) ` +
      "or may be showing you a view the witnesses refused", { have: witnesses.length, need: quorum });
  }
  const time = witnessedTime(witnesses, quorum);
  checkFreshness(time, freshness);
  return { witnesses, time, witnessQuorum: quorum, witnessCount: policy.length };
}
