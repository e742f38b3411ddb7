// Proofs on the page: the Verify button of an entry, the "verify a file" form, checkpoint history checks,
// state proofs, and the link of each verified checkpoint to the one this browser remembered (remember.js).
// Every check runs in this browser (verify.js, WebCrypto) against the trust root in use (trust.js: a trust file
// the user loaded, else the node's own, pinned in the page), with the witness policy and max age it sets.

import { h, api, apiText, hashText, fields, term, termText } from "./ui.js";
import * as v from "./verify.js";
import { checkGenesis, describeLink, forget, linkRemembered, memoryKey, recall } from "./remember.js";
import { hexBytes, verifyStateProof } from "./state_proof.js";
import { chooseTrust, freshness, trustNotice } from "./trust.js";

/** The node's own trust root, pinned in the page it served (a JSON script element), parsed. */
export const nodeTrust = () => v.parseTrust(JSON.parse(document.getElementById("trust").textContent));

/** The trust root the checks use: a trust file the user loaded (trust.js), else the node's own (source "node"). */
export function pinnedTrust() {
  return chooseTrust(nodeTrust());
}

export const bundleUrl = (txId) => `/v1/proof/inclusion/${txId}?format=tlog-proof`;

/**
 * Verify a bundle's text: checkpoint quorum, inclusion, and (if `txId`) that the entry is that transaction.
 * Returns a summary; throws a ProofError with a code (see verify.REASONS).
 */
export async function verifyText(text, trust, txId = null) {
  const result = await v.verifyBundle(text, null, trust, null, null, freshness());
  const entry = await v.readEntry(result.leaf);
  // Verify the proven entry is the transaction the page shows
  if (txId && entry.txId !== txId.toLowerCase()) {
    throw new v.ProofError("wrong_entry", `the proven entry is transaction ${entry.txId}, not ${txId}`);
  }
  return { ...result, entry, link: await linkToMemory(trust, result.checkpoint, result.note) };
}

const consistencyHashes = async (from, to) =>
  (await api(`/v1/proof/consistency?from=${from}&to=${to}`)).proof.map((x) => hexBytes(x, "consistency proof hash"));

/**
 * Link a verified checkpoint {size, root} (signed `note`) to the one this browser remembered for the chain,
 * with a consistency proof from the node, once the node is seen to serve the pinned chain (its genesis hash).
 */
export async function linkToMemory(trust, checkpoint, note) {
  checkGenesis(trust, (await api("/v1/status")).genesis_hash);
  return linkRemembered(trust, { size: checkpoint.size, root: checkpoint.root }, note, consistencyHashes);
}

/** The result line: "valid" with what was proven (`summarize(value)`), or "invalid: <reason>" with the verifier's message. */
export function showResult(box, outcome, summarize = bundleSummary) {
  box.replaceChildren();
  if (outcome.error) {
    showError(box, outcome.error);
    return;
  }
  const r = outcome.value;
  box.className = "result valid";
  box.dataset.code = "valid";
  box.append(h("strong", {}, "valid"), h("span", { class: "why" }, ` — ${summarize(r)}` + (r.link ? `; ${describeLink(r.link)}` : "")));
}

function showError(box, e) {
  let reason = e instanceof v.ProofError ? (v.REASONS[e.code] ?? e.code) : "error";
  if (e.code === "no_quorum") reason += ` (${e.have}/${e.need})`;
  box.className = "result invalid";
  box.dataset.code = e.code ?? "error";
  box.append(h("strong", {}, `invalid: ${reason}`), h("span", { class: "why" }, ` — ${e.message}`));
  if (e.memoryKey) box.append(" ", forgetButton(box, e.memoryKey));
}

/** The way out of a refused link: forget the remembered checkpoint; the next verification remembers its own. */
function forgetButton(box, key) {
  return h("button", { type: "button", class: "forget-checkpoint", onclick: () => {
    forget(key);
    box.className = "result";
    box.dataset.code = "forgotten";
    box.replaceChildren(term("checkpoint_forgotten"));
  } }, term("forget_checkpoint"));
}

const nameIn = (origin) => (n) => (n.startsWith(`${origin}/`) ? n.slice(origin.length + 1) : n);

/** How long ago a witness vouched, as people say it ("3 s ago", "5 min ago"); a time ahead of this clock says so. */
export function ageText(seconds) {
  const n = Math.abs(seconds);
  const text = n < 120 ? `${n} s` : n < 7200 ? `${Math.floor(n / 60)} min` : n < 172800 ? `${Math.floor(n / 3600)} h`
    : `${Math.floor(n / 86400)} d`;
  return seconds < 0 ? `${text} ahead of this clock` : `${text} ago`;
}

/** "witnessed by w1 (3 s ago), w2 (4 s ago): 2 of 3, policy 2" for a verified checkpoint; "" without witnesses. */
export function describeWitnesses(r, now = Math.floor(Date.now() / 1000)) {
  if (!r?.witnessCount && !r?.witnesses?.length) return "";
  const names = r.witnesses.map((w) => `${w.name} (${ageText(now - w.time)})`).join(", ");
  return `${r.witnesses.length ? `witnessed by ${names}` : "no witness cosignature"}: ${r.witnesses.length} of ` +
    `${r.witnessCount}, policy ${r.witnessQuorum}`;
}

const withWitnesses = (text, r) => (describeWitnesses(r) ? `${text}; ${describeWitnesses(r)}` : text);

/** What a verified bundle proves: the entry, its transaction, and who signed the checkpoint. */
function bundleSummary(r) {
  const name = nameIn(r.checkpoint.origin);
  const extra = [...r.duplicates.map((n) => `duplicate signature of ${name(n)} counted once`),
    ...r.unknown.map((n) => `ignored unknown key ${n}`)];
  return withWitnesses(`entry ${r.index} of the log of ${r.checkpoint.size} entries (transaction ${r.entry.txId.slice(0, 12)}…, ` +
    `block ${r.entry.height}, receipt ${r.entry.receipt?.code}); checkpoint signed by ${r.signers.map(name).join(", ")} ` +
    `(${r.signers.length} of ${r.setSize}, quorum ${r.quorum})` + (extra.length ? `; ${extra.join("; ")}` : ""), r);
}

/** What a verified state proof shows: the key's value after a block its validators committed. */
function stateSummary(r) {
  const name = nameIn(r.checkpoint?.checkpoint.origin ?? "");
  return withWitnesses(`${r.key} = ${JSON.stringify(r.value)} after block ${r.header.height} (hash ${v.hex(r.blockHash)}), ` +
    `committed by ${r.signers.map(name).join(", ")} (${r.signers.length} of ${r.setSize}, quorum ${r.quorum})`, r.checkpoint);
}

/** Verify a state proof, then the freshness of its checkpoint (dated by its witnesses) if a max age is kept. */
async function verifyFreshState(doc, trust) {
  const r = await verifyStateProof(doc, trust);
  v.checkFreshness(r.checkpoint?.time ?? null, freshness());
  return r;
}

/** Run `check` (a promise factory) and show its outcome in `box`; the result text says "checking…" meanwhile. */
export async function runCheck(box, check, summarize = bundleSummary) {
  box.className = "result pending";
  box.dataset.code = "";
  box.textContent = termText("checking");
  try {
    showResult(box, { value: await check() }, summarize);
  } catch (error) {
    showResult(box, { error }, summarize);
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
    h("p", { class: "muted" }, term("checked_here")), trustNotice(trust),
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
  return h("section", { class: "card" }, h("h2", {}, term("verify_file")), trustNotice(trust),
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
    const row = { signers: null, witnesses: "", unwitnessed: false, error: null, consistency: null };
    try {
      const verified = await verifyInHistory(note, trust, row);
      row.signers = verified.signers;
      row.witnesses ||= describeWitnesses(verified);
      const head = { size: verified.checkpoint.size, root: verified.checkpoint.root };
      row.consistency = last ? await checkLink(last, head) : { ok: true, text: termText("first_checkpoint") };
      last = head;
    } catch (error) {
      row.error = error;
    }
    out.push(row);
  }
  return out;
}

/**
 * A history checkpoint verified against `trust`; one its witnesses never cosigned (they vouch for the newest
 * checkpoints, not every one) is still checked against the validators and linked, with `row.unwitnessed` set.
 */
async function verifyInHistory(note, trust, row) {
  try {
    return await v.verifyCheckpoint(note, trust);
  } catch (error) {
    if (error.code !== "no_witness_quorum") throw error;
    row.unwitnessed = true;
    row.witnesses = `${v.REASONS[error.code]}: ${error.have} of ${trust.witnesses.length}, policy ${error.need}`;
    return v.verifyCheckpoint(note, v.withoutWitnesses(trust));
  }
}

async function checkLink(last, head) {
  try {
    const linked = last.size !== head.size && last.size > 0n;
    await v.checkConsistency(last, head, linked ? await consistencyHashes(last.size, head.size) : null);
    return { ok: true, text: `${termText("consistent_with")} ${last.size}` };
  } catch (error) {
    return { ok: false, text: `inconsistent: ${v.REASONS[error.code] ?? error.code ?? "error"} — ${error.message}` };
  }
}

/** What this browser remembers for the pinned chain: the checkpoint's size and root (hex), and a way to forget it. */
export async function memoryCard(trust) {
  const box = h("div", { id: "remembered", class: "result", role: "status" });
  try {
    const last = await recall(trust);
    box.dataset.code = last ? "remembered" : "none";
    box.append(last ? `size ${last.size}, root ${v.hex(last.root)} ` : "none yet: the next verification remembers its checkpoint");
    if (last) box.append(forgetButton(box, memoryKey(trust)));
  } catch (error) {
    showError(box, error);
  }
  return h("section", { class: "card" }, h("h2", {}, term("remembered")), box);
}

// ---- state proofs (state_proof.js) ----------------------------------------------------------

/** The proof URL of a state key, or the URL itself when given one (`/v1/proof/state/…`). */
export const stateProofUrl = (keyOrUrl) =>
  (keyOrUrl.startsWith("/v1/proof/state/") ? keyOrUrl : `/v1/proof/state/${encodeURI(keyOrUrl)}`);

/**
 * A "verify" button for a record whose API answer gives a state proof URL (`proof`): it fetches the
 * proof and checks it in this browser, the result beside it. For account, compliance and instrument pages.
 */
export function stateProofButton(url, trust) {
  const box = h("span", { class: "result", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "verify-state",
    onclick: () => runCheck(box, async () => verifyFreshState(await api(url), trust), stateSummary) }, term("verify"));
  return h("span", { class: "state-proof" }, button, " ", box);
}

/** The "verify a state proof" form: a state key or proof URL to fetch, or a proof's JSON pasted. */
export function stateForm(trust) {
  const key = h("input", { id: "state-key", type: "text", size: 64, placeholder: "participant/<id> · /v1/proof/state/…" });
  const text = h("textarea", { id: "state-json", rows: 6, spellcheck: "false", placeholder: "{\"key\": …, \"header\": …} (optional)" });
  const box = h("div", { id: "verify-state-result", class: "result", role: "status", "aria-live": "polite" });
  const proof = async () => (text.value.trim() ? parseJson(text.value) : api(stateProofUrl(key.value.trim())));
  const button = h("button", { id: "verify-state", type: "button",
    onclick: () => runCheck(box, async () => verifyFreshState(await proof(), trust), stateSummary) }, term("verify"));
  return h("section", { class: "card" }, h("h2", {}, term("verify_state")),
    h("label", {}, term("state_key"), " ", key), text, h("div", { class: "actions" }, button), box);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new v.ProofError("malformed_proof", `the state proof is not JSON: ${error.message}`);
  }
}
