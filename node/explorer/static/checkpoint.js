// Signed notes and checkpoints checked against a trust root, with WebCrypto only: ledger/checkpoint.py in JS.
//
// A checkpoint (c2sp.org/tlog-checkpoint) is origin, tree size and base64 root, in a signed note
// (c2sp.org/signed-note) whose lines "— <key name> <base64(key ID || Ed25519 signature)>" the
// validators add; key ID = SHA-256(name || 0x0A || 0x01 || pubkey)[:4]. Valid with signatures from a
// quorum of the trusted set: lines of unknown keys are ignored, a bad signature from a known key
// rejects the note, one key counts once. Same strict parsing, order of checks and error codes as the
// Python module. crypto.subtle needs a secure context: https, or http on localhost.

export const EM_DASH = "\u2014";
export const MAX_NOTE_SIGNATURES = 256;
export const HASH_BYTES = 32;
const MAX_TREE_SIZE = 2n ** 64n - 1n;
const KEY_ID_BYTES = 4;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A proof that does not verify; `code` is the Python error's code (ledger/errors.py). */
export class ProofError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    Object.assign(this, details);
  }
}

// ---- bytes, hashes, signatures ----------------------------------------------------------------

export const utf8 = new TextEncoder();
export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const toBase64 = (bytes) => {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};
export const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
export const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** Whether `signature` is a valid Ed25519 signature of `message` by the 32-byte `pubkey` (false on any malformed input). */
export async function isValidSignature(pubkey, message, signature) {
  if (pubkey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey("raw", pubkey, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
  } catch {
    return false; // not a point on the curve
  }
}

/** Strict standard base64 that re-encodes to the same text (ledger.checkpoint.decode_base64). */
export function decodeBase64(text, what, code = "bad_note") {
  let raw = null;
  if (BASE64.test(text)) raw = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (raw === null) throw new ProofError(code, `${what} is not standard base64: ${JSON.stringify(text)}`);
  if (toBase64(raw) !== text) throw new ProofError(code, `${what} is not canonical base64: ${JSON.stringify(text)}`);
  return raw;
}

// Python's str.isspace(): JS \s minus U+FEFF, plus U+0085 (and U+001C–U+001F, below 0x20 anyway).
const isSpace = (c) => (/\s/u.test(c) && c !== "\uFEFF") || c === "\u0085";

/** Throw bad_note unless `name` is non-empty with no Unicode space, plus sign or control character. */
export function checkKeyName(name) {
  if (typeof name !== "string" || !name || [...name].some((c) => isSpace(c) || c === "+" || c.codePointAt(0) < 0x20)) {
    throw new ProofError("bad_note", `key name or origin ${JSON.stringify(name)} is empty or has a space, '+' or control character`);
  }
}

/** The signed-note key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || pubkey)[:4]. */
export async function keyId(name, pubkey) {
  return (await sha256(concat(utf8.encode(name), [0x0a, 0x01], pubkey))).slice(0, KEY_ID_BYTES);
}

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
  return { origin, sets, genesisHash: genesis === null ? null : genesis.toLowerCase() };
}

function trustName(name) {
  try {
    checkKeyName(name);
  } catch {
    throw new ProofError("bad_trust", `origin or validator name ${JSON.stringify(name)} is empty, not text, or has a space or '+'`);
  }
  return name;
}

function pubkeyOf(text) {
  if (typeof text !== "string" || !/^[0-9a-fA-F]{64}$/.test(text)) throw new ProofError("bad_trust", "a validator public key is not 32 bytes");
  return Uint8Array.from(text.match(/../g), (b) => parseInt(b, 16));
}

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
 * Parse a signed note: text, a blank line, 1..256 signature lines. Signatures are not checked here; a line
 * that is not `— <name> <base64>` goes to `unparsed` (anyone may append lines; see checkUnparsed).
 */
export function parseNote(note) {
  // Verify the note is well-formed Unicode with no control character but newline
  if (note.isWellFormed && !note.isWellFormed()) throw new ProofError("bad_note", "signed note is not valid UTF-8");
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) {
    throw new ProofError("bad_note", "signed note contains a control character other than newline");
  }
  // Verify the text is separated from the signatures by its last blank line
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) {
    throw new ProofError("bad_note", "signed note needs text, a blank line and signature lines, each ending in a newline");
  }
  const tail = note.slice(split + 2);
  const lines = tail ? tail.slice(0, -1).split("\n") : [];
  // Verify there is at least one signature and not too many
  if (lines.length < 1 || lines.length > MAX_NOTE_SIGNATURES) {
    throw new ProofError("bad_note", `signed note has ${lines.length} signature lines, must have 1 to ${MAX_NOTE_SIGNATURES}`);
  }
  const signatures = [], unparsed = [];
  for (const line of lines) {
    try { signatures.push(parseSignatureLine(line)); } catch (e) { if (e instanceof ProofError) unparsed.push(line); else throw e; }
  }
  return { text: note.slice(0, split + 1), signatures, unparsed };
}

/**
 * Throw bad_signature if an unparsed line of `note` is under a known key: its name is the key's and what it
 * carries starts with the key's ID (`known`: a Set of "<name> <key ID hex>"). Other unparsed lines are ignored.
 */
export function checkUnparsed(note, known) {
  for (const line of note.unparsed || []) {
    const parts = line.split(" ");
    if (parts.length < 3 || parts[0] !== EM_DASH) continue;
    let raw;
    try { raw = Uint8Array.from(atob(parts[2] + "=".repeat((4 - parts[2].length % 4) % 4)), (c) => c.charCodeAt(0)); } catch { continue; }
    // Verify no line under a known key escapes verification by being malformed
    if (raw.length >= KEY_ID_BYTES && known.has(`${parts[1]} ${hex(raw.slice(0, KEY_ID_BYTES))}`)) {
      throw new ProofError("bad_signature", `malformed signature line under the trusted key ${parts[1]}: ${JSON.stringify(line)}`);
    }
  }
}

function parseSignatureLine(line) {
  // Verify the line is em dash, space, key name, space, base64
  const parts = line.split(" ");
  if (parts.length !== 3 || parts[0] !== EM_DASH) {
    throw new ProofError("bad_note", `malformed signature line ${JSON.stringify(line)}: expected '${EM_DASH} <name> <base64>'`);
  }
  const [, name, encoded] = parts;
  checkKeyName(name);
  const raw = decodeBase64(encoded, `signature of ${name}`);
  // Verify there are a key ID and a signature
  if (raw.length <= KEY_ID_BYTES) throw new ProofError("bad_note", `signature of ${name} is ${raw.length} bytes, too short for key ID and signature`);
  return { name, keyId: raw.slice(0, KEY_ID_BYTES), signature: raw.slice(KEY_ID_BYTES) };
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

/** Parse and verify a co-signed checkpoint against `trust`; throw a ProofError if it is not valid. */
export async function verifyCheckpoint(noteText, trust) {
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
  return { checkpoint, ...counted, quorum: validators.quorum, setSize: validators.validators.length };
}
