// Pages of the registry: account, instrument, a tonne's provenance (the compliance list of a year is in
// pages_compliance.js, the CCER registry's pages are in pages_ccer.js).

import { h, api, apiText, term, termText, kind, fields, table, section, txLink, blockLink, accountLink, instrumentLink,
  rangeLinks, fmtInt, fmtBp, fmtTime, hashText, STATUS_CODES, TERMS } from "./ui.js";
import { bundleUrl, runCheck, verifyText, stateProofButton } from "./proofs.js";
import { isPrefixEmpty, verifyStateProof } from "./state_proof.js";
import { ProofError, hex } from "./verify.js";
import { projectLink } from "./pages_ccer.js";
import { pagedList, collapsedRanges, provinceOf, yuan } from "./lists.js";

const HISTORY_PAGE = 20; // an account's transactions per page
const HOLDERS_PAGE = 50; // an instrument's holders per page

const TERMINAL = /^(CANCELLED|WITHDRAWN|SURRENDERED-\d{4})$/;
const SUB_STATES = ["available", "frozen", "earmarked", "pending_surrender", "pending_cancellation"];

/** A time in China Standard Time (UTC+8), as the registry's notices write it. */
export function fmtCst(ms) {
  if (ms === null || ms === undefined) return "—";
  return new Date(ms + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19) + " CST";
}

export async function accountPage(ctx, id) {
  const terminal = TERMINAL.test(id);
  const [record, holdings] = await Promise.all([terminal ? null : api(`/v1/accounts/${id}`), api(`/v1/accounts/${id}/holdings`)]);
  const entity = !terminal && record.roles.includes("entity");
  const [compliance, history] = await Promise.all([entity ? complianceByYear(id) : null,
    pagedList(`/v1/accounts/${id}/txs`, "txs", HISTORY_PAGE, historyTable, "account-txs")]);
  return [
    h("h1", {}, term("account"), ` ${id}`, record?.name ? h("div", { class: "subtitle" }, record.name) : ""),
    section(term("account"), terminal ? fields([[term("account"), id], [term("kind"), term("terminal")]]) : accountFields(record)),
    compliance,
    section(term("holding"), holdings.holdings.length ? table(
      [term("instrument"), term("total"), ...SUB_STATES.map((s) => term(s)), term("proof")],
      holdings.holdings.map((x) => [instrumentLink(x.instrument), fmtInt(x.total), ...SUB_STATES.map((s) => subCell(x, s)),
        x.proof ? stateProofButton(x.proof, ctx.trust) : "—"]),
      { id: "holdings" }) : h("p", { class: "muted" }, "— ", noHoldingButton(id, ctx.trust))),
    section(term("history"), history),
  ];
}

/** A "verify" button proving, in this browser, that the account holds nothing: no state key starts with
 * `holding/<id>/` (an absence proof whose next key above is not one of its holdings). */
function noHoldingButton(id, trust) {
  const box = h("span", { class: "result", role: "status", "aria-live": "polite" });
  const check = async () => {
    const r = await verifyStateProof(await api(`/v1/proof/state/holding/${id}/`), trust);
    // Verify no key between the absent prefix and its right neighbour, nor that neighbour, is a holding of the account
    if (!isPrefixEmpty(r)) throw new ProofError("not_absent", `${r.neighbours[1]} is a holding of ${id}`);
    return r;
  };
  const summary = (r) => `${termText("no_holding_proven")}: holding/${id}/… after block ${r.header.height} ` +
    `(hash ${hex(r.blockHash)}), committed by ${r.signers.length} of ${r.setSize} (quorum ${r.quorum})`;
  return h("span", { class: "state-proof" }, h("button", { type: "button", class: "verify-state", id: "verify-no-holding",
    onclick: () => runCheck(box, check, summary) }, term("verify")), " ", box);
}

const accountFields = (record) => fields([[term("id"), record.id], [term("name"), record.name],
  [term("roles"), record.roles.join(", ")], [term("province"), record.province ? provinceOf(record.province) : undefined],
  [term("sector"), record.sector ?? undefined], [term("status"), record.status],
  [term("opened_at"), record.opened_at ? blockLink(record.opened_at) : term("genesis")], [term("nonce"), String(record.nonce)]]);

/** An entity's status in every year from the one before the genesis to the one after the chain's time that has a
 * record: status, verified emissions, shortfall, fine and the tonnes cut from that year's allocation. */
async function complianceByYear(id) {
  const [genesis, status] = await Promise.all([api("/v1/genesis"), api("/v1/status")]);
  const years = range(Number(genesis.genesis_time.slice(0, 4)) - 1, Number(status.time.slice(0, 4)) + 1);
  const recorded = (await Promise.all(years.map((y) => api(`/v1/compliance/${y}/${id}`)))).filter((s) => s.proof);
  if (!recorded.length) return null;
  const records = await Promise.all(recorded.map((s) => api(s.proof)));
  return section(term("compliance_by_year"), table([term("year"), term("status"), term("verified"), term("shortfall"),
    term("fine"), term("deduction")], recorded.map((s, i) => [h("a", { href: `#/compliance/${s.year}` }, String(s.year)),
    h("span", { class: `status s${s.status}` }, s.status, " ", term(s.status, STATUS_CODES)), fmtInt(s.verified),
    fmtInt(s.shortfall), yuan(s.fine_fen), fmtInt(records[i].value?.deduction ?? 0)]), { id: "account-compliance", class: "numbers" }));
}

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function historyTable(txs) {
  return table([term("time"), term("tx_type"), term("role"), term("block"), term("log_index"), term("transaction"), term("status")],
    txs.map((t) => t.height === 0
      ? [fmtTime(t.time), term("genesis"), term(t.role), "—", "—", hashText(t.tx_id, "/v1/genesis"), t.status]
      : [fmtTime(t.time), kind(t.type), term(t.role), blockLink(t.height), fmtInt(t.log_index), txLink(t.tx_id),
        h("span", { class: `badge ${t.status}` }, t.status)]), { id: "account-txs-table" });
}

const subCell = (holding, sub) => {
  const s = holding.sub_states[sub];
  return s && s.amount ? h("span", {}, fmtInt(s.amount), h("br"), h("small", {}, rangeLinks(holding.instrument, s.ranges))) : "—";
};

export async function instrumentPage(ctx, id) {
  const inst = await api(`/v1/instruments/${id}`);
  const s = inst.supply;
  const holders = await pagedList(`/v1/instruments/${id}/holders`, "holders", HOLDERS_PAGE, (list) => holdersTable(id, list),
    "instrument-holders");
  const parts = [["held", s.held], ["surrendered", s.surrendered], ["cancelled", s.cancelled], ["withdrawn", s.withdrawn]];
  return [
    h("h1", {}, term(inst.kind === "CCER" ? "CCER" : "CEA"), ` ${id}`),
    section(term("instrument"), fields([[term("id"), inst.id], [term("name"), inst.name], [term("kind"), term(inst.kind)],
      [term("vintage"), String(inst.vintage)], [term("project"), inst.project ? projectLink(inst.project) : undefined],
      [term("created_at"), blockLink(inst.created_at)],
      [term("serials_issued"), inst.next_serial > 1 ? `#1–${fmtInt(inst.next_serial - 1)}` : "—"],
      [term("state_proof"), inst.proof ? stateProofButton(inst.proof, ctx.trust) : undefined]])),
    section(term("supply"), supplyChart(parts, s.issued), fields([
      [term("issued"), fmtInt(s.issued)], [term("held"), [fmtInt(s.held), " · ", term("holders"), ` ${fmtInt(s.holders)}`]],
      ...SUB_STATES.map((sub) => [h("span", { class: "indent" }, term(sub)), fmtInt(s.held_by_sub_state[sub])]),
      [term("surrendered"), fmtInt(s.surrendered)],
      ...Object.entries(s.surrendered_by_year).map(([y, n]) => [h("span", { class: "indent" }, `${y}`), fmtInt(n)]),
      [term("cancelled"), fmtInt(s.cancelled)], [term("withdrawn"), fmtInt(s.withdrawn)],
      [term("balanced"), s.balanced ? h("span", { class: "good" }, term("balanced_yes"))
        : h("span", { class: "bad" }, term("balanced_no"))],
    ])),
    section(term("holders"), holders, serialForm(id)),
  ];
}

function holdersTable(id, list) {
  return table([term("account"), term("name"), term("amount"), term("ranges")], list.map((x) => [accountLink(x.account),
    x.name ?? "—", fmtInt(x.amount), collapsedRanges(id, Object.values(x.sub_states).flatMap((v) => v.ranges)
      .sort((a, b) => a[0] - b[0]))]), { id: "holders-table" });
}

const BAR_H = 22; // px per bar of the supply chart
const CHART_W = 600;

/** The supply as horizontal SVG bars, one per part, each with its tonnes and share of the issued total. */
function supplyChart(parts, issued) {
  const svg = (tag, attrs, ...children) => {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    el.append(...children);
    return el;
  };
  const label = 130, room = CHART_W - label - 150;
  const rows = parts.map(([key, n], i) => {
    const y = i * (BAR_H + 8), w = issued ? Math.max(n ? 2 : 0, Math.round((n / issued) * room)) : 0;
    const share = issued ? ` (${((n / issued) * 100).toFixed(1)} %)` : "";
    return svg("g", { class: `bar-row ${key}`, "data-part": key, "data-tonnes": n },
      svg("text", { x: 0, y: y + BAR_H - 6, class: "bar-label" }, term(key).textContent),
      svg("rect", { x: label, y, width: w, height: BAR_H, rx: 3, class: `bar-fill ${key}` }),
      svg("text", { x: label + w + 6, y: y + BAR_H - 6, class: "bar-value" }, `${fmtInt(n)} t${share}`));
  });
  return svg("svg", { class: "supply-chart", viewBox: `0 0 ${CHART_W} ${parts.length * (BAR_H + 8)}`, role: "img",
    "aria-label": parts.map(([k, n]) => `${term(k).textContent} ${n}`).join(", ") }, ...rows);
}

function serialForm(id) {
  const input = h("input", { type: "number", min: 1, placeholder: term("serial").textContent, id: "serial-input" });
  return h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); location.hash = `#/serial/${id}/${input.value}`; } },
    h("label", {}, term("trace_tonne"), " ", input), h("button", { type: "submit" }, term("go")));
}

export async function serialPage(ctx, iid, serial) {
  const p = await api(`/v1/serials/${iid}/${serial}`);
  const hops = p.events.map((e, i) => {
    // an opening balance (height 0) comes from the genesis document, not from a transaction of the log
    if (e.height === 0) return [String(i + 1), fmtTime(e.time), kind(e.reason), "—", accountLink(e.to),
      rangeText(e.range), h("a", { href: e.proof }, term("genesis")), "—", "—"];
    const box = h("span", { class: "result small", "data-hop": i });
    const verify = h("button", { type: "button", class: "small", onclick: () => runCheck(box, async () =>
      verifyText(await apiText(bundleUrl(e.tx_id)), ctx.trust, e.tx_id)) }, term("verify"));
    const certificate = e.certificate ? [" ", h("a", { href: `#/certificate/${e.tx_id}` }, term("certificate"))] : "";
    return [String(i + 1), fmtTime(e.time), [kind(e.op === "issue" ? "issue" : e.reason), certificate], accountLink(e.from), accountLink(e.to),
      rangeText(e.range), txLink(e.tx_id), h("a", { href: bundleUrl(e.tx_id), download: `${e.tx_id}.tlog-proof` }, ".tlog-proof"),
      h("span", {}, verify, " ", box)];
  });
  return [
    h("h1", {}, term("provenance"), ` ${iid} #${fmtInt(serial)}`),
    h("section", { class: "card serial-card" }, h("h2", {}, term("serial")), fields([[term("instrument"), instrumentLink(iid)],
      [term("serial"), `#${fmtInt(serial)}`], [term("holder"), accountLink(p.holder)],
      [term("sub_state"), p.sub_state ? term(p.sub_state) : "—"], [term("terminal"), terminalState(p)]])),
    ...issueOrigin(p.events),
    section([term("hops"), ` (${hops.length})`], table(["#", term("time"), term("event"), term("from"), term("to"), term("range"),
      term("transaction"), term("proof"), term("verify")], hops, { id: "hops" })),
  ];
}

const rangeText = ([a, b]) => (a === b ? `#${fmtInt(a)}` : `#${fmtInt(a)}–${fmtInt(b)}`);

/** Whether the tonne can still move, in words: surrendered for which year, cancelled or withdrawn for good. */
function terminalState(p) {
  if (!p.terminal) return h("span", { id: "terminal-state" }, term("not_terminal"));
  const year = /^SURRENDERED-(\d{4})$/.exec(p.holder)?.[1];
  const words = year ? [term("terminal_surrendered"), ` · ${year}`]
    : term(p.holder === "CANCELLED" ? "terminal_cancelled" : "terminal_withdrawn");
  return h("span", { id: "terminal-state", class: "terminal" }, words);
}

/** Where a CCER tonne comes from, as its issue event names it: project, report, methodology, period, VVBs, commitments. */
function issueOrigin(events) {
  const o = events.find((e) => e.provenance)?.provenance;
  if (!o) return [];
  return [h("section", { class: "card", id: "origin" }, h("h2", {}, term("issued_from")), fields([
    [term("project"), projectLink(o.project)], [term("report"), o.report === undefined ? undefined : String(o.report)],
    [term("methodology"), o.methodology], [term("monitoring_period"), o.period ? o.period.join(" … ") : undefined],
    [term("validating_vvb"), o.validating_vvb ? accountLink(o.validating_vvb) : undefined],
    [term("verifying_vvb"), o.verifying_vvb ? accountLink(o.verifying_vvb) : undefined],
    ...Object.entries(o.commitments ?? {}).map(([name, tx]) => [[term("commitment"), ` ${name}`], txLink(tx)])]))];
}
