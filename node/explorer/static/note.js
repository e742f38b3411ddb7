// Signed notes (c2sp.org/signed-note) with WebCrypto only: ledger/note.py in JS, and the bytes, SHA-256,
// Ed25519 and strict base64 they need.
//
// A signature line is "— <key name> <base64(key ID || signature)>"; an Ed25519 key's ID is
// SHA-256(name || 0x0A || 0x01 || pubkey)[:4]. Anyone may append a line to a note (a witness its cosignature,
// a third party its own), so a line this verifier cannot parse is kept in `unparsed`: ignored unless it is
// under a key the verifier knows (checkUnparsed). Shared by checkpoint.js (validators) and cosignature.js
// (witnesses); checkpoint.js re-exports it. crypto.subtle needs a secure context: https, or http on localhost.

export const EM_DASH = "\u2014";
export const HASH_BYTES = 32;
export const KEY_ID_BYTES = 4;
export const MAX_NOTE_SIGNATURES = 256;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A proof that does not verify; `code` is the Python error's code (ledger/errors.py). */
export class ProofError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    Object.assign(this, details);
  }
}

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
