// The primitives of signed notes, with WebCrypto only: bytes, SHA-256, Ed25519, strict base64, key names and IDs.
//
// Shared by checkpoint.js (validators' signatures, c2sp.org/signed-note) and cosignature.js (witnesses'
// cosignatures, c2sp.org/tlog-cosignature); checkpoint.js re-exports them. crypto.subtle needs a secure
// context: https, or http on localhost.

export const EM_DASH = "\u2014";
export const HASH_BYTES = 32;
export const KEY_ID_BYTES = 4;
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
