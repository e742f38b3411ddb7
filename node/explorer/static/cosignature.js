// Witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1) checked with WebCrypto: ledger/cosignature.py in JS.
//
// A witness that checked a checkpoint extends the history it saw adds a note line
// "— <name> base64(key ID ‖ u64 big-endian timestamp ‖ Ed25519 signature)", signing
// "cosignature/v1\ntime <timestamp>\n" ‖ the checkpoint body; key ID = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ pubkey)[:4].
// The trust file's witness policy asks for `witness_quorum` of its witnesses; the k-th newest timestamp
// (k = max(quorum, 1)) dates the checkpoint, and a verifier's max age refuses one dated too long ago.

import { ProofError, checkKeyName, checkUnparsed, concat, hex, isValidSignature, sha256, utf8 } from "./note.js";

export const COSIGNATURE_TYPE = 0x04;
const TIMESTAMP_BYTES = 8;
const MAX_TIMESTAMP = 2n ** 63n - 1n;
const SIGNATURE_BYTES = 64;

/** The key ID of a witness's cosignature key: SHA-256(name || 0x0A || 0x04 || pubkey)[:4]. */
export async function cosignerKeyId(name, pubkey) {
  return (await sha256(concat(utf8.encode(name), [0x0a, COSIGNATURE_TYPE], pubkey))).slice(0, 4);
}

/** What a witness signs: "cosignature/v1\ntime <timestamp>\n" then the checkpoint body (UTF-8). */
export const cosignedMessage = (body, timestamp) => utf8.encode(`cosignature/v1\ntime ${timestamp}\n${body}`);

/**
 * The witness policy of a trust file's JSON value: {witnesses: [{name, pubkey}], witnessQuorum}; none when absent.
 * Throws bad_trust unless names are key names, keys 32 bytes, both distinct, and 0 <= witness_quorum <= witnesses.
 */
export function parseWitnessPolicy(value, pubkeyOf) {
  const listed = "witnesses" in value ? value.witnesses : [];
  const quorum = "witness_quorum" in value ? value.witness_quorum : 0;
  if (!Array.isArray(listed)) throw new ProofError("bad_trust", "malformed trust file: witnesses is not a list");
  // Verify a witness list comes with its policy
  if (listed.length && !("witness_quorum" in value)) {
    throw new ProofError("bad_trust", "the trust file lists witnesses but no witness_quorum (how many must cosign)");
  }
  const witnesses = listed.map((w) => ({ name: witnessName(w?.name), pubkey: pubkeyOf(w?.pubkey) }));
  const n = witnesses.length;
  if (new Set(witnesses.map((w) => w.name)).size !== n || new Set(witnesses.map((w) => hex(w.pubkey))).size !== n) {
    throw new ProofError("bad_trust", "a witness name or key appears twice in the trust file");
  }
  if (!Number.isSafeInteger(quorum) || quorum < 0 || quorum > n) {
    throw new ProofError("bad_trust", `witness_quorum ${JSON.stringify(quorum)} is not between 0 and the ${n} witnesses`);
  }
  return { witnesses, witnessQuorum: quorum };
}

function witnessName(name) {
  try {
    checkKeyName(name);
  } catch {
    throw new ProofError("bad_trust", `witness name ${JSON.stringify(name)} is empty, not text, or has a space or '+'`);
  }
  return name;
}

/**
 * [{name, time}] of each witness whose cosignature on `note` verifies, the newest time if it cosigned more than
 * once, in the order of `witnesses`. Throws bad_signature on a line under a known witness key (name and key ID),
 * malformed or not, that does not verify.
 */
export async function witnessTimes(note, witnesses) {
  const known = new Map();
  for (const w of witnesses) known.set(`${w.name} ${hex(await cosignerKeyId(w.name, w.pubkey))}`, w);
  checkUnparsed(note, new Set(known.keys()));
  const times = new Map();
  for (const s of note.signatures) {
    const witness = known.get(`${s.name} ${hex(s.keyId)}`);
    if (!witness) continue;
    // Verify a line from a known witness key is a valid cosignature: timestamp, then signature
    const time = s.signature.length === TIMESTAMP_BYTES + SIGNATURE_BYTES ? readTimestamp(s.signature) : null;
    if (time === null || time > MAX_TIMESTAMP || !(await isValidSignature(witness.pubkey, cosignedMessage(note.text, time),
      s.signature.slice(TIMESTAMP_BYTES)))) {
      throw new ProofError("bad_signature", `cosignature of witness ${s.name} does not verify`);
    }
    times.set(s.name, Math.max(Number(time), times.get(s.name) ?? 0));
  }
  return witnesses.filter((w) => times.has(w.name)).map((w) => ({ name: w.name, time: times.get(w.name) }));
}

const readTimestamp = (bytes) => new DataView(bytes.buffer, bytes.byteOffset, TIMESTAMP_BYTES).getBigUint64(0);

/** The time at least `max(quorum, 1)` witnesses vouched for a checkpoint at or after: the k-th newest; null if fewer. */
export function witnessedTime(witnesses, quorum) {
  const k = Math.max(quorum, 1);
  const newest = witnesses.map((w) => w.time).sort((a, b) => b - a);
  return newest.length >= k ? newest[k - 1] : null;
}

/** Throw stale_checkpoint when a max age is given and the checkpoint is undated or dated more than maxAge before now. */
export function checkFreshness(time, { now = null, maxAge = null } = {}) {
  if (maxAge === null || maxAge === undefined) return;
  // Verify witnesses vouched for the checkpoint recently enough
  if (time === null) {
    throw new ProofError("stale_checkpoint", "the checkpoint has no witness cosignature, so nothing tells its age; a " +
      "maximum age needs a trust file with witnesses and a checkpoint they cosigned");
  }
  if (now - time > maxAge) {
    throw new ProofError("stale_checkpoint", `the checkpoint was last vouched for by its witnesses ${now - time} s ago, ` +
      `more than the maximum age of ${maxAge} s: the node may be serving an old view; ask another node or wait for ` +
      "fresh cosignatures",
    { age: now - time, maxAge });
  }
}
