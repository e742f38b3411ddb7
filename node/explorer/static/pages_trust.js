// The trust page (#/trust): the trust root in use (origin, genesis hash, validators, witness policy), how it
// compares with what this node serves (its genesis hashed here, its /v1/trust), a form to load a trust file
// obtained elsewhere, and the max age of a checkpoint. `tanledger trust check` makes the same comparison.

import { h, api, term, termText, fields, table, section } from "./ui.js";
import * as v from "./verify.js";
import { jcs } from "./state_proof.js";
import { nodeTrust } from "./proofs.js";
import { chooseTrust, forgetTrustFile, keepMaxAge, keepTrustFile, maxAge, trustNotice } from "./trust.js";

export async function trustPage(ctx) {
  return [h("h1", {}, term("trust_page")), trustNotice(ctx.trust), inUseCard(ctx.trust), await compareCard(ctx.trust),
    loadCard(ctx), maxAgeCard()];
}

const shortName = (trust, name) => (name.startsWith(`${trust.origin}/`) ? name.slice(trust.origin.length + 1) : name);

function inUseCard(trust) {
  const sets = table([term("from_size"), term("validators"), term("quorum")], trust.sets.map((s) => [String(s.fromSize),
    s.validators.map((x) => h("span", { title: v.hex(x.pubkey) }, shortName(trust, x.name))).flatMap((x, i) => [i ? ", " : "", x]),
    String(s.quorum)]), { id: "trust-sets" });
  return section(term("trust_in_use"), fields([
    [term("origin"), h("code", {}, trust.origin)],
    [term("genesis_hash"), h("code", { id: "trust-genesis", class: "hash" }, trust.genesisHash ?? "—")],
    [term("validator_sets"), sets],
    [term("witness_policy"), h("span", { id: "trust-witnesses" }, describePolicy(trust))],
    [term("max_age"), maxAge() === null ? termText("no_max_age") : `${maxAge()} s`],
  ]));
}

/** The witness policy in words: "2 of witness-1 (ab12…), witness-2 (cd34…), witness-3 (ef56…)" or none. */
export function describePolicy(trust) {
  if (!trust.witnesses?.length) return termText("no_witness_policy");
  return `${trust.witnessQuorum} of ${trust.witnesses.map((w) => `${w.name} (${v.hex(w.pubkey).slice(0, 8)}…)`).join(", ")}`;
}

/** Rows comparing `trust` with the node: the genesis it serves hashed here, its origin, its sets, its witness policy. */
export async function compareWithNode(trust) {
  const [genesis, served] = await Promise.all([api("/v1/genesis"), api("/v1/trust").then(v.parseTrust)]);
  const computed = v.hex(await v.sha256(v.utf8.encode(jcs(genesis))));
  const text = (x) => JSON.stringify(x, (k, y) => (y instanceof Uint8Array ? v.hex(y) : typeof y === "bigint" ? String(y) : y));
  const same = (a, b) => text(a) === text(b);
  const policy = (t) => ({ witnesses: t.witnesses ?? [], quorum: t.witnessQuorum ?? 0 });
  return [
    ["genesis", trust.genesisHash === computed, `${computed} (${termText("hashed_here")})`],
    ["origin", trust.origin === served.origin, served.origin],
    ...trust.sets.map((s, i) => [`validators from ${s.fromSize}`, same(s, served.sets[i] ?? null),
      served.sets[i] ? `${served.sets[i].validators.length} validators, quorum ${served.sets[i].quorum}` : "—"]),
    ["witnesses", same(policy(trust), policy(served)), describePolicy(served)],
  ];
}

async function compareCard(trust) {
  let body;
  try {
    const rows = await compareWithNode(trust);
    body = table([term("check"), term("result"), term("node_says")], rows.map(([name, ok, said]) =>
      [name, h("span", { class: ok ? "good" : "bad", "data-ok": String(ok) }, ok ? "ok" : termText("mismatch")), said]),
    { id: "trust-compare" });
  } catch (error) {
    body = h("p", { class: "notice error" }, `${termText("compare_failed")}: ${error.message}`);
  }
  return section(term("compare_node"), h("p", { class: "muted" }, term("compare_hint")), body);
}

/** Re-render the current page with the trust root now chosen (app.js routes on hashchange). */
function useChosen(ctx) {
  ctx.trust = chooseTrust(nodeTrust());
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

function loadCard(ctx) {
  const text = h("textarea", { id: "trust-text", rows: 8, spellcheck: "false", placeholder: '{"origin": …, "genesis_hash": …, "validator_sets": …}' });
  const file = h("input", { id: "trust-file", type: "file", accept: ".json,application/json",
    onchange: async () => { if (file.files[0]) text.value = await file.files[0].text(); } });
  const box = h("div", { id: "trust-result", class: "result", role: "status", "aria-live": "polite" });
  const use = h("button", { id: "trust-use", type: "button", onclick: () => {
    try {
      keepTrustFile(text.value);
      useChosen(ctx);
    } catch (error) {
      box.className = "result invalid";
      box.dataset.code = error.code ?? "bad_trust";
      box.replaceChildren(h("strong", {}, termText("trust_refused")), h("span", { class: "why" }, ` — ${error.message}`));
    }
  } }, term("use_trust_file"));
  const forget = h("button", { id: "trust-forget", type: "button", onclick: () => { forgetTrustFile(); useChosen(ctx); } },
    term("use_node_trust"));
  return section(term("load_trust"), h("p", { class: "muted" }, term("load_trust_hint")), h("label", {}, term("file"), " ", file),
    text, h("div", { class: "actions" }, use, ctx.trust.source === "file" ? forget : ""), box);
}

function maxAgeCard() {
  const input = h("input", { id: "max-age", type: "text", inputmode: "numeric", size: 8, value: maxAge() ?? "" });
  const box = h("div", { id: "max-age-result", class: "result", role: "status" });
  const save = h("button", { id: "max-age-save", type: "button", onclick: () => {
    try {
      keepMaxAge(input.value);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (error) {
      box.className = "result invalid";
      box.replaceChildren(error.message);
    }
  } }, term("save"));
  return section(term("max_age"), h("p", { class: "muted" }, term("max_age_hint")),
    h("label", {}, term("max_age"), " ", input, " s"), h("div", { class: "actions" }, save), box);
}
