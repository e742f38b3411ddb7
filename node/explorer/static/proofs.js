// Proofs on the page: the Verify button of an entry, the "verify a file" form, checkpoint history checks.
// Every check runs in this browser (verify.js, WebCrypto) against the trust root pinned in the page.

import { h, api, apiText, hashText, fields, term, termText } from "./ui.js";
import * as v from "./verify.js";

/** The trust root the node pinned in the page (a JSON script element), parsed. */
export function pinnedTrust() {
  return v.parseTrust(JSON.parse(document.getElementById("trust").textContent));
}

export const bundleUrl = (txId) => `/v1/proof/inclusion/${txId}?format=tlog-proof`;

/**
 * Verify a bundle's text: checkpoint quorum, inclusion, and (if `txId`) that the entry is that transaction.
 * Returns a summary; throws a ProofError with a code (see verify.REASONS).
 */
export async function verifyText(text, trust, txId = null) {
  const result = await v.verifyBundle(text, null, trust);
  const entry = await v.readEntry(result.leaf);
  // Verify the proven entry is the transaction the page shows
  if (txId && entry.txId !== txId.toLowerCase()) {
    throw new v.ProofError("wrong_entry", `the proven entry is transaction ${entry.txId}, not ${txId}`);
  }
  return { ...result, entry };
}

/** The result line: "valid" with what was proven, or "invalid: <reason>" with the verifier's message. */
export function showResult(box, outcome) {
  box.replaceChildren();
  if (outcome.error) {
    const e = outcome.error;
    let reason = e instanceof v.ProofError ? (v.REASONS[e.code] ?? e.code) : "error";
    if (e.code === "no_quorum") reason += ` (${e.have}/${e.need})`;
    box.className = "result invalid";
    box.dataset.code = e.code ?? "error";
    box.append(h("strong", {}, `invalid: ${reason}`), h("span", { class: "why" }, ` — ${e.message}`));
    return;
  }
  const r = outcome.value;
  const name = (n) => (n.startsWith(`${r.checkpoint.origin}/`) ? n.slice(r.checkpoint.origin.length + 1) : n);
  const extra = [...r.duplicates.map((n) => `duplicate signature of ${name(n)} counted once`),
    ...r.unknown.map((n) => `ignored unknown key ${n}`)];
  box.className = "result valid";
  box.dataset.code = "valid";
  box.append(h("strong", {}, "valid"), h("span", { class: "why" },
    ` — entry ${r.index} of the log of ${r.checkpoint.size} entries (transaction ${r.entry.txId.slice(0, 12)}…, ` +
    `block ${r.entry.height}, receipt ${r.entry.receipt?.code}); checkpoint signed by ${r.signers.map(name).join(", ")} ` +
    `(${r.signers.length} of ${r.setSize}, quorum ${r.quorum})` + (extra.length ? `; ${extra.join("; ")}` : "")));
}

/** Run `check` (a promise factory) and show its outcome in `box`; the result text says "checking…" meanwhile. */
export async function runCheck(box, check) {
  box.className = "result pending";
  box.dataset.code = "";
  box.textContent = termText("checking");
  try {
    showResult(box, { value: await check() });
  } catch (error) {
    showResult(box, { error });
  }
}

/** The proof card of a transaction: checkpoint, audit path, Verify button, .tlog-proof download. */
export function proofCard(txId, trust) {
  const box = h("div", { id: "verify-result", class: "result", role: "status", "aria-live": "polite" });
  const details = h("div", { class: "proof-details" }, h("p", { class: "muted" }, "loading proof…"));
  const button = h("button", { id: "verify-button", type: "button",
    onclick: () => runCheck(box, async () => verifyText(await apiText(bundleUrl(txId)), trust, txId)) }, term("verify"));
  const download = h("a", { id: "proof-download", href: bundleUrl(txId), download: `${txId}.tlog-proof` }, "download .tlog-proof");
  loadProofDetails(txId, details);
  return h("section", { class: "card", id: "proof" }, h("h2", {}, term("proof")),
    h("p", { class: "muted" }, term("checked_here")),
    details, h("div", { class: "actions" }, button, download), box);
}

async function loadProofDetails(txId, into) {
  try {
    const p = await api(`/v1/proof/inclusion/${txId}`);
    const cp = v.parseCheckpoint(v.parseNote(p.checkpoint).text);
    into.replaceChildren(fields([
      [term("log"), String(p.log_index ?? p.index)],
      [term("size"), String(cp.size)],
      [term("root"), hashText(v.hex(cp.root), null, 24)],
      [term("audit_path"), h("ol", { class: "path" }, (p.audit_path ?? p.proof ?? []).map((x) => h("li", {}, hashText(x, null, 24))))],
      [term("checkpoint"), h("pre", { class: "note" }, p.checkpoint)],
    ]));
  } catch (error) {
    into.replaceChildren(h("p", { class: "notice error" }, `proof unavailable: ${error.message}`));
  }
}

/** The "verify a .tlog-proof file" form: paste or choose a file, optionally the transaction id it should prove. */
export function verifyForm(trust) {
  const text = h("textarea", { id: "bundle-text", rows: 12, spellcheck: "false", placeholder: `${v.PROOF_HEADER}\nextra …\nindex …` });
  let loaded = null; // a chosen file's exact text: a textarea turns CR LF into LF, the verifier must not
  const file = h("input", { id: "bundle-file", type: "file", accept: ".tlog-proof,text/plain",
    onchange: async () => { if (file.files[0]) text.value = loaded = await readUtf8(file.files[0]); } });
  const chosen = () => (loaded !== null && text.value === loaded.replace(/\r\n?/g, "\n") ? loaded : text.value);
  const txId = h("input", { id: "bundle-tx", type: "text", placeholder: termText("bundle_tx_hint"), size: 64 });
  const box = h("div", { id: "verify-file-result", class: "result", role: "status", "aria-live": "polite" });
  const button = h("button", { id: "verify-file", type: "button",
    onclick: () => runCheck(box, () => verifyText(chosen(), trust, txId.value.trim() || null)) }, term("verify"));
  return h("section", { class: "card" }, h("h2", {}, term("verify_file")),
    h("label", {}, term("file"), " ", file), text, txId, h("div", { class: "actions" }, button), box);
}

async function readUtf8(blob) {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(await blob.arrayBuffer()); // keep a BOM: it is no header
  } catch {
    return "(not UTF-8: not a proof bundle)";
  }
}

/**
 * Check a list of checkpoints oldest first: each note against the trust root, then each against the
 * previous valid one with a consistency proof from the node. Returns one outcome per checkpoint.
 */
export async function checkHistory(notes, trust) {
  const out = [];
  let last = null;
  for (const note of notes) {
    const row = { signers: null, error: null, consistency: null };
    try {
      const verified = await v.verifyCheckpoint(note, trust);
      row.signers = verified.signers;
      const head = { size: verified.checkpoint.size, root: verified.checkpoint.root };
      row.consistency = last ? await checkLink(last, head) : { ok: true, text: "first 首个" };
      last = head;
    } catch (error) {
      row.error = error;
    }
    out.push(row);
  }
  return out;
}

async function checkLink(last, head) {
  try {
    let proof = null;
    if (last.size !== head.size && last.size > 0n) {
      const answer = await api(`/v1/proof/consistency?from=${last.size}&to=${head.size}`);
      proof = (answer.proof ?? answer.consistency_proof ?? answer.hashes).map(hexBytes);
    }
    await v.checkConsistency(last, head, proof);
    return { ok: true, text: `consistent with ${last.size} 一致` };
  } catch (error) {
    return { ok: false, text: `inconsistent: ${v.REASONS[error.code] ?? error.code ?? "error"} — ${error.message}` };
  }
}

const hexBytes = (text) => Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16));
