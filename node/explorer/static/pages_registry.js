// Pages of the registry: account, instrument, a tonne's provenance (the compliance list of a year is in
// pages_compliance.js, the CCER registry's pages are in pages_ccer.js).

import { h, api, apiText, term, kind, fields, table, section, txLink, blockLink, accountLink, instrumentLink,
  rangeLinks, fmtInt, fmtTime, TERMS } from "./ui.js";
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
    ? fields([["Account 账户", id], ["Kind 类型", "terminal account 终止账户: units here never move again"]])
    : fields([["Id", record.id], ["Name 名称", record.name], ["Roles 角色", record.roles.join(", ")],
      ["Province 省份", record.province ?? undefined], ["Sector 行业", record.sector ?? undefined],
      [term("status"), record.status], ["Opened at block 开户区块", record.opened_at ? blockLink(record.opened_at) : "genesis 创世"],
      ["Nonce", String(record.nonce)]]);
  return [
    h("h1", {}, term("account"), ` ${id}`),
    section(term("account"), about),
    section(term("holding"), holdings.holdings.length ? table(
      [term("instrument"), "Total 合计", ...SUB_STATES.map((s) => term(s))],
      holdings.holdings.map((x) => [instrumentLink(x.instrument), fmtInt(x.total), ...SUB_STATES.map((s) => subCell(x, s))]),
      { id: "holdings" }) : h("p", { class: "muted" }, "no holdings 无持有")),
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
    section(term("instrument"), fields([["Id", inst.id], ["Name 名称", inst.name], ["Kind 类型", term(inst.kind)],
      ["Vintage 年度", String(inst.vintage)], ["Project 项目", inst.project ? projectLink(inst.project) : undefined], ["Created at block 创建区块", blockLink(inst.created_at)],
      ["Serials issued 已签发序号", inst.next_serial > 1 ? `#1–${inst.next_serial - 1}` : "none 无"]])),
    section(term("supply"), supplyBar(parts, s.issued), fields([
      [term("issued"), fmtInt(s.issued)], [term("held"), `${fmtInt(s.held)} (${s.holders} holders 持有人)`],
      ...SUB_STATES.map((sub) => [h("span", { class: "indent" }, term(sub)), fmtInt(s.held_by_sub_state[sub])]),
      [term("surrendered"), fmtInt(s.surrendered)],
      ...Object.entries(s.surrendered_by_year).map(([y, n]) => [h("span", { class: "indent" }, `${y}`), fmtInt(n)]),
      [term("cancelled"), fmtInt(s.cancelled)], [term("withdrawn"), fmtInt(s.withdrawn)],
      ["Balanced 守恒", s.balanced ? h("span", { class: "good" }, "issued = held + surrendered + cancelled + withdrawn ✓")
        : h("span", { class: "bad" }, "not balanced ✗")],
    ])),
    section(term("ranges"), table(["Account 账户", term("amount"), term("ranges")],
      ranges.map(([acct, x]) => [accountLink(acct), fmtInt(x?.total ?? 0), x ? rangeLinks(id, Object.values(x.sub_states).flatMap((v) => v.ranges)) : "—"])),
      serialForm(id)),
  ];
}

function supplyBar(parts, issued) {
  return h("div", { class: "bar", role: "img", "aria-label": parts.map(([k, n]) => `${k} ${n}`).join(", ") },
    parts.filter(([, n]) => n > 0).map(([k, n]) => {
      const seg = h("span", { class: `seg ${k}`, title: `${TERMS[k][1]} ${fmtInt(n)} / ${fmtInt(issued)}` }, TERMS[k][0]);
      seg.style.flexGrow = String(n); // CSSOM, allowed by the page's CSP (inline style attributes are not)
      return seg;
    }));
}

function serialForm(id) {
  const input = h("input", { type: "number", min: 1, placeholder: "serial 序号", id: "serial-input" });
  return h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); location.hash = `#/serial/${id}/${input.value}`; } },
    h("label", {}, "Trace a tonne 追溯单吨 ", input), h("button", { type: "submit" }, "Go"));
}

export async function serialPage(ctx, iid, serial) {
  const p = await api(`/v1/serials/${iid}/${serial}`);
  const hops = p.events.map((e, i) => {
    // an opening balance (height 0) comes from the genesis document, not from a transaction of the log
    if (e.height === 0) return [String(i + 1), fmtTime(e.time), kind(e.reason), "—", accountLink(e.to),
      `#${e.range[0]}–${e.range[1]}`, h("a", { href: e.proof }, "genesis 创世"), "—", "—"];
    const box = h("span", { class: "result small", "data-hop": i });
    const verify = h("button", { type: "button", class: "small", onclick: () => runCheck(box, async () =>
      verifyText(await apiText(bundleUrl(e.tx_id)), ctx.trust, e.tx_id)) }, term("verify"));
    const certificate = e.certificate ? [" ", h("a", { href: `#/certificate/${e.tx_id}` }, "certificate 证明")] : "";
    return [String(i + 1), fmtTime(e.time), [kind(e.op === "issue" ? "issue" : e.reason), certificate], accountLink(e.from), accountLink(e.to),
      `#${e.range[0]}–${e.range[1]}`, txLink(e.tx_id), h("a", { href: bundleUrl(e.tx_id), download: `${e.tx_id}.tlog-proof` }, ".tlog-proof"),
      h("span", {}, verify, " ", box)];
  });
  return [
    h("h1", {}, term("provenance"), ` ${iid} #${serial}`),
    section(term("serial"), fields([[term("instrument"), instrumentLink(iid)], [term("serial"), `#${serial}`],
      [term("holder"), accountLink(p.holder)], ["Sub-state 子状态", p.sub_state ? term(p.sub_state) : "—"],
      ["Terminal 终止", p.terminal ? "yes 是: this tonne never moves again 不再流转" : "no 否"]])),
    ...issueOrigin(p.events),
    section(`Every hop 每一次流转 (${hops.length})`, table(["#", term("time"), "Event 事件", "From 转出", "To 转入", "Range 区间",
      term("transaction"), term("proof"), term("verify")], hops, { id: "hops" })),
  ];
}

/** Where a CCER tonne comes from, as its issue event names it: project, report, methodology, period, VVBs, commitments. */
function issueOrigin(events) {
  const o = events.find((e) => e.provenance)?.provenance;
  if (!o) return [];
  return [h("section", { class: "card", id: "origin" }, h("h2", {}, "Issued from 签发来源"), fields([
    ["Project 项目", projectLink(o.project)], ["Report 报告", o.report === undefined ? undefined : String(o.report)],
    ["Methodology 方法学", o.methodology], ["Monitoring period 监测期", o.period ? o.period.join(" … ") : undefined],
    ["Validating VVB 审定机构", o.validating_vvb ? accountLink(o.validating_vvb) : undefined],
    ["Verifying VVB 核查机构", o.verifying_vvb ? accountLink(o.verifying_vvb) : undefined],
    ...Object.entries(o.commitments ?? {}).map(([name, tx]) => [`Commitment 承诺 ${name}`, txLink(tx)])]))];
}
