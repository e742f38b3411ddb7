// The last checkpoint this browser verified, per chain, and the check that the next one is of the same history.
//
// Kept in localStorage, which the browser scopes to the page's origin (scheme, host, port); within it the
// key names the log origin and the genesis hash of the pinned trust root, so two devnets with one chain id
// served at one address never collide (`tanledger verify` keys its state file alike: cli/verify_files.py).
// The record is the signed note itself, re-verified whenever it is read. A checkpoint of another size is
// accepted only with a consistency proof (RFC 9162) between the two, fetched from the node and checked
// here; the record only moves forward, as the CLI's does.

import { ProofError, checkConsistency, hex, verifyCheckpoint, withoutWitnesses } from "./verify.js";

const PREFIX = "tanledger/last-checkpoint/v1";

/** The localStorage key of the chain `trust` names: prefix, log origin, genesis hash ("-" if the trust has none). */
export const memoryKey = (trust) => `${PREFIX} ${trust.origin} ${trust.genesisHash ?? "-"}`;

/** Forget the checkpoint remembered under `key` (a memoryKey). */
export const forget = (key) => localStorage.removeItem(key);

/** Remember the signed checkpoint `note` as the last one verified for the chain `trust` names. */
export const remember = (trust, note) => localStorage.setItem(memoryKey(trust), JSON.stringify({ note }));

/** A ProofError about the remembered checkpoint: it carries the key to forget and the head remembered. */
function memoryError(trust, last, code, message) {
  return Object.assign(new ProofError(code, message), { memoryKey: memoryKey(trust), remembered: last });
}

/** The remembered checkpoint of the chain `trust` names as {size, root, note}, re-verified; null if none. */
export async function recall(trust) {
  const stored = localStorage.getItem(memoryKey(trust));
  if (stored === null) return null;
  try {
    const { note } = JSON.parse(stored);
    // its validators' signatures only: the witness policy held when it was remembered, its witnesses may differ
    const verified = await verifyCheckpoint(note, withoutWitnesses(trust));
    return { size: verified.checkpoint.size, root: verified.checkpoint.root, note };
  } catch (error) {
    throw memoryError(trust, null, "bad_remembered",
      `the checkpoint this browser remembered for ${trust.origin} does not verify against the pinned trust root: ${error.message}`);
  }
}

/** Throw wrong_genesis unless the node serves the chain of the pinned trust root (its genesis hash, hex). */
export function checkGenesis(trust, nodeGenesis) {
  // Verify the node still serves the chain this page pinned (a devnet restarted at one address is another chain)
  if (trust.genesisHash && nodeGenesis && nodeGenesis !== trust.genesisHash && trust.source === "file") {
    throw new ProofError("wrong_genesis", `the node serves the chain of genesis ${nodeGenesis}, the trust file you ` +
      `loaded names genesis ${trust.genesisHash}: this node serves another chain; use a node of your chain, or compare ` +
      "the two on the trust page");
  }
  if (trust.genesisHash && nodeGenesis && nodeGenesis !== trust.genesisHash) {
    throw new ProofError("wrong_genesis", `the node now serves the chain of genesis ${nodeGenesis}, this page pinned ` +
      `the trust root of genesis ${trust.genesisHash}: reload the page to check that chain`);
  }
}

/**
 * Link a verified checkpoint {size, root} (its signed `note`) to the one remembered for its chain, with the
 * consistency proof `fetchProof(size1, size2)` gives (the hashes, bytes); remember it if newer. Returns
 * {kind: "first" | "same" | "extended" | "older", from, to}; throws a ProofError carrying `memoryKey` on a
 * rollback (a smaller checkpoint the node cannot prove a prefix of the remembered one) or an inconsistency.
 */
export async function linkRemembered(trust, head, note, fetchProof) {
  const last = await recall(trust);
  if (!last) {
    remember(trust, note);
    return { kind: "first", from: null, to: head.size };
  }
  const proof = await proofBetween(trust, last, head, fetchProof);
  try {
    await checkConsistency(last, head, proof);
  } catch (error) {
    throw memoryError(trust, last, error.code, `the checkpoint of size ${head.size} (root ${hex(head.root)}) is not ` +
      `consistent with the one this browser verified before, of size ${last.size} (root ${hex(last.root)}): ${error.message}`);
  }
  if (head.size > last.size) remember(trust, note);
  const kind = head.size > last.size ? "extended" : head.size === last.size ? "same" : "older";
  return { kind, from: last.size, to: head.size };
}

async function proofBetween(trust, last, head, fetchProof) {
  const [low, high] = last.size <= head.size ? [last.size, head.size] : [head.size, last.size];
  if (low === high || low === 0n) return null;
  try {
    return await fetchProof(low, high);
  } catch (error) {
    if (head.size > last.size) throw error;
    // Verify a smaller checkpoint is a prefix of the remembered one: a node that lost entries cannot prove it
    throw memoryError(trust, last, "rollback", `rollback: the node's checkpoint has ${head.size} entries (root ` +
      `${hex(head.root)}), fewer than the ${last.size} (root ${hex(last.root)}) this browser verified before, ` +
      `and the node gives no consistency proof between them: ${error.message}`);
  }
}

/** One line on what linking to the remembered checkpoint showed (the page appends it to a valid result). */
export function describeLink(link) {
  if (link.kind === "first") return `checkpoint of size ${link.to} remembered in this browser for the next visit`;
  if (link.kind === "same") return `same checkpoint as the one remembered in this browser (size ${link.to})`;
  if (link.kind === "older") return `older than the checkpoint remembered in this browser (size ${link.from}), and consistent with it`;
  return `consistent with the checkpoint remembered in this browser (size ${link.from} → ${link.to}, consistency proof checked); size ${link.to} now remembered`;
}
