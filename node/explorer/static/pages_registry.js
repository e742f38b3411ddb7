// Pages of the registry: account, instrument, a tonne's provenance, the compliance list of a year
// (the CCER registry's pages are in pages_ccer.js).

import { h, api, apiText, term, kind, fields, table, section, txLink, blockLink, accountLink, instrumentLink,
  rangeLinks, fmtInt, fmtBp, fmtTime, STATUS_CODES, termText } from "./ui.js";
import { bundleUrl, runCheck, verifyText } from "./proofs.js";
import { projectLink } from "./pages_ccer.js";

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
  const about = terminal
    ? fields([[term("account"), id], [term("type"), term("terminal_account")]])
    : fields([[term("id"), record.id], [term("name"), record.name], [term("roles"), record.roles.join(", ")],
      [term("province"), record.province ?? undefined], [term("sector"), record.sector ?? undefined],
      [term("status"), record.status], [term("opened_at"), record.opened_at ? blockLink(record.opened_at) : term("genesis")],
      ["Nonce", String(record.nonce)]]);
  return [
    h("h1", {}, term("account"), ` ${id}`),
    section(term("account"), about),
    section(term("holding"), holdings.holdings.length ? table(
      [term("instrument"), term("total"), ...SUB_STATES.map((s) => term(s))],
      holdings.holdings.map((x) => [instrumentLink(x.instrument), fmtInt(x.total), ...SUB_STATES.map((s) => subCell(x, s))]),
      { id: "holdings" }) : h("p", { class: "muted" }, term("no_holdings"))),
  ];
}

const subCell = (holding, sub) => {
  const s = holding.sub_states[sub];
  return s && s.amount ? h("span", {}, fmtInt(s.amount), h("br"), h("small", {}, rangeLinks(holding.instrument, s.ranges))) : "—";
};

export async function instrumentPage(ctx, id) {
  const inst = await api(`/v1/instruments/${id}`);
  const s = inst.supply;
  const terminal = ["CANCELLED", "WITHDRAWN", ...Object.keys(s.surrendered_by_year).map((y) => `SURRENDERED-${y}`)];
  const ranges = await Promise.all(terminal.map(async (acct) =>
    [acct, (await api(`/v1/accounts/${acct}/holdings`)).holdings.find((x) => x.instrument === id)]));
  const parts = [["held", s.held], ["surrendered", s.surrendered], ["cancelled", s.cancelled], ["withdrawn", s.withdrawn]];
  return [
    h("h1", {}, term(inst.kind === "CCER" ? "CCER" : "CEA"), ` ${id}`),
    section(term("instrument"), fields([[term("id"), inst.id], [term("name"), inst.name], [term("type"), term(inst.kind)],
      [term("vintage"), String(inst.vintage)], [term("project"), inst.project ? projectLink(inst.project) : undefined], [term("created_at"), blockLink(inst.created_at)],
      [term("serials_issued"), inst.next_serial > 1 ? `#1–${inst.next_serial - 1}` : term("none")]])),
    section(term("supply"), supplyBar(parts, s.issued), fields([
      [term("issued"), fmtInt(s.issued)], [term("held"), [fmtInt(s.held), ` (${s.holders} `, term("holders_n"), ")"]],
      ...SUB_STATES.map((sub) => [h("span", { class: "indent" }, term(sub)), fmtInt(s.held_by_sub_state[sub])]),
      [term("surrendered"), fmtInt(s.surrendered)],
      ...Object.entries(s.surrendered_by_year).map(([y, n]) => [h("span", { class: "indent" }, `${y}`), fmtInt(n)]),
      [term("cancelled"), fmtInt(s.cancelled)], [term("withdrawn"), fmtInt(s.withdrawn)],
      [term("balanced"), s.balanced ? h("span", { class: "good" }, term("balanced_yes"))
        : h("span", { class: "bad" }, term("balanced_no"))],
    ])),
    section(term("ranges"), table([term("account"), term("amount"), term("ranges")],
      ranges.map(([acct, x]) => [accountLink(acct), fmtInt(x?.total ?? 0), x ? rangeLinks(id, Object.values(x.sub_states).flatMap((v) => v.ranges)) : "—"])),
      serialForm(id)),
  ];
}

function supplyBar(parts, issued) {
  return h("div", { class: "bar", role: "img", "aria-label": parts.map(([k, n]) => `${k} ${n}`).join(", ") },
    parts.filter(([, n]) => n > 0).map(([k, n]) => {
      const seg = h("span", { class: `seg ${k}`, title: `${termText(k)} ${fmtInt(n)} / ${fmtInt(issued)}` }, termText(k));
      seg.style.flexGrow = String(n); // CSSOM, allowed by the page's CSP (inline style attributes are not)
      return seg;
    }));
}

function serialForm(id) {
  const input = h("input", { type: "number", min: 1, placeholder: termText("serial_hint"), id: "serial-input" });
  return h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); location.hash = `#/serial/${id}/${input.value}`; } },
    h("label", {}, term("trace_tonne"), " ", input), h("button", { type: "submit" }, term("go")));
}

export async function serialPage(ctx, iid, serial) {
  const p = await api(`/v1/serials/${iid}/${serial}`);
  const hops = p.events.map((e, i) => {
    // an opening balance (height 0) comes from the genesis document, not from a transaction of the log
    if (e.height === 0) return [String(i + 1), fmtTime(e.time), kind(e.reason), "—", accountLink(e.to),
      `#${e.range[0]}–${e.range[1]}`, h("a", { href: e.proof }, term("genesis")), "—", "—"];
    const box = h("span", { class: "result small", "data-hop": i });
    const verify = h("button", { type: "button", class: "small", onclick: () => runCheck(box, async () =>
      verifyText(await apiText(bundleUrl(e.tx_id)), ctx.trust, e.tx_id)) }, term("verify"));
    const certificate = e.certificate ? [" ", h("a", { href: `#/certificate/${e.tx_id}` }, term("certificate_link"))] : "";
    return [String(i + 1), fmtTime(e.time), [kind(e.op === "issue" ? "issue" : e.reason), certificate], accountLink(e.from), accountLink(e.to),
      `#${e.range[0]}–${e.range[1]}`, txLink(e.tx_id), h("a", { href: bundleUrl(e.tx_id), download: `${e.tx_id}.tlog-proof` }, ".tlog-proof"),
      h("span", {}, verify, " ", box)];
  });
  return [
    h("h1", {}, term("provenance"), ` ${iid} #${serial}`),
    section(term("serial"), fields([[term("instrument"), instrumentLink(iid)], [term("serial"), `#${serial}`],
      [term("holder"), accountLink(p.holder)], [term("sub_state"), p.sub_state ? term(p.sub_state) : "—"],
      [term("terminal"), p.terminal ? term("terminal_yes") : term("no")]])),
    ...issueOrigin(p.events),
    section([term("every_hop"), ` (${hops.length})`], table(["#", term("time"), term("event"), term("from"), term("to"), term("range"),
      term("transaction"), term("proof"), term("verify")], hops, { id: "hops" })),
  ];
}

/** Where a CCER tonne comes from, as its issue event names it: project, report, methodology, period, VVBs, commitments. */
function issueOrigin(events) {
  const o = events.find((e) => e.provenance)?.provenance;
  if (!o) return [];
  return [h("section", { class: "card", id: "origin" }, h("h2", {}, term("issued_from")), fields([
    [term("project"), projectLink(o.project)], [term("report"), o.report === undefined ? undefined : String(o.report)],
    [term("methodology"), o.methodology], [term("period"), o.period ? o.period.join(" … ") : undefined],
    [term("validating_vvb"), o.validating_vvb ? accountLink(o.validating_vvb) : undefined],
    [term("verifying_vvb"), o.verifying_vvb ? accountLink(o.verifying_vvb) : undefined],
    ...Object.entries(o.commitments ?? {}).map(([name, tx]) => [[term("commitment"), ` ${name}`], txLink(tx)])]))];
}

export async function compliancePage(ctx, year) {
  const c = await api(`/v1/compliance/${year}`);
  const s = c.summary ?? {};
  const numbers = ["verified", "allocated", "surrendered", "offset", "late_surrendered", "outstanding", "shortfall", "fine_fen"];
  return [
    h("h1", {}, term("compliance"), ` ${year}`),
    section(term("cycle"), c.cycle ? fields([[term("deadline"), fmtCst(c.cycle.deadline)],
      [term("eligible"), (c.cycle.eligible_vintages ?? []).map((i, n) => [n ? ", " : "", instrumentLink(i)])],
      [term("offset_cap"), fmtBp(c.cycle.offset_cap_bp)]]) : h("p", { class: "muted" }, term("cycle_not_set"))),
    section(term("summary"), h("div", { class: "codes" }, Object.entries(STATUS_CODES).map(([code]) =>
      h("div", { class: `code-tile s${code}` }, h("b", {}, code), h("span", { class: "n" }, fmtInt(s.by_status?.[code] ?? 0)),
        term(code, STATUS_CODES)))),
    fields([[term("entities"), fmtInt(s.entities)], [term("on_time_n"), fmtInt(s.on_time)],
      [term("completion"), fmtBp(s.completion_bp)], [term("on_time_completion"), fmtBp(s.on_time_bp)],
      [term("deadline_completion"), c.fixed_summary ? fmtBp(c.fixed_summary.completion_bp) : term("not_fixed")]])),
    section(term("entities"), table([term("account"), term("status"), ...numbers.map((n) => term(n)), term("on_time"), term("proof")],
      (c.statuses ?? []).map((x) => [[accountLink(x.account), x.name ? h("div", { class: "muted" }, x.name) : ""],
        [h("span", { class: `status s${x.status}`, title: STATUS_CODES[x.status]?.[1] }, x.status, " ", STATUS_CODES[x.status]?.[0] ?? ""),
          x.changed_since_deadline ? h("div", { class: "muted" }, term("at_deadline"), `: ${x.fixed?.status ?? "—"}`) : ""],
        ...numbers.map((n) => fmtInt(x[n])), x.on_time ? "✓" : "—",
        h("a", { href: x.proof ?? `/v1/proof/state/obligation/${year}/${x.account}` }, "state proof")]),
      { id: "compliance-table", class: "numbers" })),
  ];
}
