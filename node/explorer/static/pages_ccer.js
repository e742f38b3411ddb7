// Pages of the CCER registry: projects (list and record), methodologies, VVBs, cancellation certificates.

import { h, api, term, fields, table, section, txLink, blockLink, accountLink, instrumentLink, rangeLinks,
  fmtInt, fmtTime, hashText } from "./ui.js";
import { proofCard } from "./proofs.js";

const PURPOSES = {
  national_ets_offset: "全国碳市场抵销 National ETS offset", local_ets_offset: "地方碳市场抵销 Local ETS offset",
  large_event_neutrality: "大型活动碳中和 Large-event neutrality", company_offset: "企业碳中和 Company offset",
  public_interest: "公益 Public interest", fraud_remedy: "弄虚作假处置 Fraud remedy",
};
const PROJECT_STATUSES = {
  submitted: "公示中 Submitted", validated: "已审定 Validated", applied: "已申请登记 Applied", registered: "已登记 Registered",
  refused: "不予登记 Refused", cancelled: "已注销 Cancelled",
};

export const projectLink = (id) => (id ? h("a", { href: `#/project/${encodeURIComponent(id)}` }, id) : "—");
const status = (s) => h("span", { class: `pstatus ${s}` }, PROJECT_STATUSES[s] ?? s);
const purpose = (p) => PURPOSES[p] ?? p;
const late = (flag) => (flag ? h("span", { class: "bad late" }, "late 逾期") : "on time 按期");
const windowText = (w) => [fmtTime(w.opens), " → ", fmtTime(w.closes), w.open ? h("strong", {}, " open 公示中") : " closed 已结束"];

/** The projects whose id or name contains `q` (all when empty), with the list's filters as links. */
export async function projectsPage(ctx, q = "") {
  const answer = await api(`/v1/projects?limit=500${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  return [
    h("h1", {}, "Projects 项目", q ? ` “${q}”` : ""),
    h("p", { class: "muted" }, h("a", { href: "#/methodologies" }, "Methodologies 方法学"), " · ",
      h("a", { href: "#/vvbs" }, "VVBs 审定与核查机构"), " · ", h("a", { href: "#/cancellations" }, "Certificates 注销证明")),
    section(`${fmtInt(answer.count)} projects 个项目`, answer.projects.length ? table(
      ["Id", "Name 名称", term("status"), "Methodology 方法学", "Province 省份", "Owner 业主", "Registered 登记", "Decision 决定"],
      answer.projects.map((p) => [projectLink(p.id), p.name, status(p.status), p.methodology, p.province,
        accountLink(p.owner), fmtTime(p.registered), p.registered ? late(p.late) : "—"]), { id: "projects" })
      : h("p", { class: "muted" }, "no project 无项目")),
  ];
}

export async function projectPage(ctx, id) {
  const p = await api(`/v1/projects/${encodeURIComponent(id)}`);
  const w = p.windows;
  return [
    h("h1", {}, "Project 项目 ", p.id, " ", status(p.status)),
    section("Project 项目", fields([["Name 名称", p.name], ["Owner 业主", accountLink(p.owner)],
      ["Methodology 方法学", h("a", { href: "#/methodologies" }, p.methodology)], ["Province 省份", p.province],
      ["Location 地点", p.location], ["Facility 设施", p.facility], ["External reference 外部编号", p.external_ref ?? "—"],
      ["Construction start 开工", p.construction_start], ["Crediting period 计入期", `${p.crediting_start} … ${p.crediting_end}`],
      ["Validating VVB 审定机构", accountLink(p.validating_vvb)], ["Comments 公众意见", fmtInt(p.comments)],
      ["State proof 状态证明", h("a", { href: p.proof }, "state proof")]])),
    section("Windows and dates 公示期与时限", fields([["Publicity 公示期", windowText(w.publicity)],
      ["Decision due 登记决定时限", fmtTime(w.decision_due)],
      ["Decision 决定", p.decision ? [p.decision.outcome, " ", fmtTime(p.decision.time), " · ", late(p.late.registration)] : "—"],
      ["Registered 登记时间", fmtTime(p.registered)],
      ["Cancelled 注销", p.cancellation ? [fmtTime(p.cancellation.time), " · ", p.cancellation.reason] : undefined]])),
    section("Commitments 双承诺", table(["", "By 承诺方", term("transaction"), term("proof")],
      Object.entries(p.commitments).map(([name, c]) => [name, c ? c.by.map((a, i) => [i ? ", " : "", accountLink(a)]) : "missing 缺失",
        c ? txLink(c.tx) : "—", c ? h("a", { href: c.proof }, "inclusion proof") : "—"]), { id: "commitments" })),
    section("Documents 文件 (by hash)", table(["Document 文件", "SHA-256", term("transaction"), term("time")],
      p.documents.map((d) => [d.kind, hashText(d.hash, null, 24), d.tx ? txLink(d.tx) : "—", fmtTime(d.time)]), { id: "documents" })),
    section("Reduction reports 减排量核算报告", p.reports.length ? table(
      ["#", "Period 监测期", "Verifying VVB 核查机构", term("status"), "Window 公示期", "Verified 核查量", "Decision due 时限", "Decision 决定"],
      p.reports.map((r) => [String(r.number), `${r.period_start} … ${r.period_end}`, accountLink(r.verifying_vvb), r.status,
        windowText(r.window), r.verification ? fmtInt(r.verification.amount) : "—", fmtTime(r.application?.decision_due),
        r.decision ? [r.decision.outcome, " · ", late(r.decision.late)] : "—"]), { id: "reports" }) : h("p", { class: "muted" }, "none 无")),
    section("Issuances 签发", p.issuances.length ? table([term("instrument"), "Report 报告", term("amount"), term("ranges")],
      p.issuances.map((i) => [instrumentLink(i.instrument), String(i.report), fmtInt(i.amount), rangeLinks(i.instrument, i.ranges)]),
      { id: "issuances" }) : h("p", { class: "muted" }, "none 无")),
  ];
}

export async function methodologiesPage() {
  const { methodologies } = await api("/v1/methodologies");
  return [h("h1", {}, "Methodologies 方法学"), section(`${methodologies.length} published 已发布`, table(
    ["Code 编号", "Name 名称", "Field 领域", "Max crediting years 最长计入期", "Version 版本", term("status")],
    methodologies.map((m) => [h("a", { href: `#/projects/${encodeURIComponent(m.code)}` }, m.code), m.name, m.field,
      String(m.max_crediting_years), m.version, m.status]), { id: "methodologies" }))];
}

export async function vvbsPage() {
  const { vvbs } = await api("/v1/vvbs");
  return [h("h1", {}, "Validation and verification bodies 审定与核查机构"), section(`${vvbs.length} bodies 家机构`, table(
    ["Account 账户", "Name 名称", "Fields 领域", term("status"), "History 变更"],
    vvbs.map((v) => [accountLink(v.vvb), v.name ?? "—", v.fields.join(", "), v.status,
      v.history.map((x, i) => [i ? "; " : "", `${x.status} ${fmtTime(x.time)}`])]), { id: "vvbs" }))];
}

export async function cancellationsPage() {
  const answer = await api("/v1/cancellations?limit=500");
  return [h("h1", {}, term("certificate"), " list 列表"), section(`${fmtInt(answer.count)} certificates, ${fmtInt(answer.amount)} t`,
    table([term("time"), term("instrument"), "Project 项目", term("amount"), "Purpose 用途", term("beneficiary"), "Certificate 证明"],
      answer.cancellations.map((c) => [fmtTime(c.time), instrumentLink(c.instrument), projectLink(c.project), fmtInt(c.amount),
        purpose(c.purpose), c.beneficiary, h("a", { href: `#/certificate/${c.tx}` }, "certificate 证明")]), { id: "cancellations" }))];
}

export async function certificatePage(ctx, txId) {
  const c = await api(`/v1/cancellations/${txId}`);
  return [
    h("article", { class: "card certificate", id: "certificate" },
      h("h1", {}, term("certificate")),
      h("p", { class: "muted" }, "These tonnes were cancelled for good and never move again. 以下配额已永久注销，不再流转。"),
      fields([["Certificate no. 证明编号", txLink(c.tx)], ["Holder 注销方", accountLink(c.account)],
        [term("instrument"), instrumentLink(c.instrument)], ["Project 项目", c.project ? projectLink(c.project) : undefined],
        [term("amount"), fmtInt(c.amount)], [term("ranges"), rangeLinks(c.instrument, c.ranges)],
        ["Purpose 用途", c.purpose ? purpose(c.purpose) : undefined], [term("beneficiary"), h("strong", {}, c.beneficiary)],
        [term("reason"), c.reason], [term("time"), fmtTime(c.time)], [term("block"), blockLink(c.height)]])),
    proofCard(c.tx, ctx.trust),
  ];
}
