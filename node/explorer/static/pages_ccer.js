// Pages of the CCER registry: projects (list and record), methodologies, VVBs, cancellation certificates.

import { h, api, term, fields, table, section, txLink, blockLink, accountLink, instrumentLink, rangeLinks,
  fmtInt, fmtTime, hashText } from "./ui.js";
import { proofCard } from "./proofs.js";

const PURPOSES = {
  national_ets_offset: ["全国碳市场抵销", "National ETS offset"], local_ets_offset: ["地方碳市场抵销", "Local ETS offset"],
  large_event_neutrality: ["大型活动碳中和", "Large-event neutrality"], company_offset: ["企业碳中和", "Company offset"],
  public_interest: ["公益", "Public interest"], fraud_remedy: ["弄虚作假处置", "Fraud remedy"],
};
const PROJECT_STATUSES = {
  submitted: ["公示中", "Submitted"], validated: ["已审定", "Validated"], applied: ["已申请登记", "Applied"],
  registered: ["已登记", "Registered"], refused: ["不予登记", "Refused"], cancelled: ["已注销", "Cancelled"],
};

export const projectLink = (id) => (id ? h("a", { href: `#/project/${encodeURIComponent(id)}` }, id) : "—");
const status = (s) => h("span", { class: `pstatus ${s}` }, term(s, PROJECT_STATUSES));
const purpose = (p) => term(p, PURPOSES);
const late = (flag) => (flag ? h("span", { class: "bad late" }, term("late")) : term("on_time"));
const windowText = (w) => [fmtTime(w.opens), " → ", fmtTime(w.closes), " ", w.open ? h("strong", {}, term("window_open")) : term("window_closed")];

/** The projects whose id or name contains `q` (all when empty), with the list's filters as links. */
export async function projectsPage(ctx, q = "") {
  const answer = await api(`/v1/projects?limit=500${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  return [
    h("h1", {}, term("projects"), q ? ` “${q}”` : ""),
    h("p", { class: "muted" }, h("a", { href: "#/methodologies" }, term("methodologies")), " · ",
      h("a", { href: "#/vvbs" }, term("vvbs")), " · ", h("a", { href: "#/cancellations" }, term("certificates"))),
    section([fmtInt(answer.count), " ", term("projects_n")], answer.projects.length ? table(
      ["Id", term("name"), term("status"), term("methodology"), term("province"), term("owner"), term("registered"), term("decision")],
      answer.projects.map((p) => [projectLink(p.id), p.name, status(p.status), p.methodology, p.province,
        accountLink(p.owner), fmtTime(p.registered), p.registered ? late(p.late) : "—"]), { id: "projects" })
      : h("p", { class: "muted" }, term("no_project"))),
  ];
}

export async function projectPage(ctx, id) {
  const p = await api(`/v1/projects/${encodeURIComponent(id)}`);
  const w = p.windows;
  return [
    h("h1", {}, term("project"), " ", p.id, " ", status(p.status)),
    section(term("project"), fields([[term("name"), p.name], [term("owner"), accountLink(p.owner)],
      [term("methodology"), h("a", { href: "#/methodologies" }, p.methodology)], [term("province"), p.province],
      [term("location"), p.location], [term("facility"), p.facility], [term("external_ref"), p.external_ref ?? "—"],
      [term("construction_start"), p.construction_start], [term("crediting_period"), `${p.crediting_start} … ${p.crediting_end}`],
      [term("validating_vvb"), accountLink(p.validating_vvb)], [term("comments"), fmtInt(p.comments)],
      [term("state_proof"), h("a", { href: p.proof }, term("state_proof"))]])),
    section(term("windows"), fields([[term("publicity"), windowText(w.publicity)],
      [term("decision_due"), fmtTime(w.decision_due)],
      [term("decision"), p.decision ? [p.decision.outcome, " ", fmtTime(p.decision.time), " · ", late(p.late.registration)] : "—"],
      [term("registered_time"), fmtTime(p.registered)],
      [term("cancelled_at"), p.cancellation ? [fmtTime(p.cancellation.time), " · ", p.cancellation.reason] : undefined]])),
    section(term("commitments"), table(["", term("committed_by"), term("transaction"), term("proof")],
      Object.entries(p.commitments).map(([name, c]) => [name, c ? c.by.map((a, i) => [i ? ", " : "", accountLink(a)]) : term("missing"),
        c ? txLink(c.tx) : "—", c ? h("a", { href: c.proof }, term("inclusion_proof")) : "—"]), { id: "commitments" })),
    section(term("documents"), table([term("document"), "SHA-256", term("transaction"), term("time")],
      p.documents.map((d) => [d.kind, hashText(d.hash, null, 24), d.tx ? txLink(d.tx) : "—", fmtTime(d.time)]), { id: "documents" })),
    section(term("reports"), p.reports.length ? table(
      ["#", term("period"), term("verifying_vvb"), term("status"), term("publicity"), term("verified_amount"), term("decision_due_short"), term("decision")],
      p.reports.map((r) => [String(r.number), `${r.period_start} … ${r.period_end}`, accountLink(r.verifying_vvb), r.status,
        windowText(r.window), r.verification ? fmtInt(r.verification.amount) : "—", fmtTime(r.application?.decision_due),
        r.decision ? [r.decision.outcome, " · ", late(r.decision.late)] : "—"]), { id: "reports" }) : h("p", { class: "muted" }, term("none"))),
    section(term("issuances"), p.issuances.length ? table([term("instrument"), term("report"), term("amount"), term("ranges")],
      p.issuances.map((i) => [instrumentLink(i.instrument), String(i.report), fmtInt(i.amount), rangeLinks(i.instrument, i.ranges)]),
      { id: "issuances" }) : h("p", { class: "muted" }, term("none"))),
  ];
}

export async function methodologiesPage() {
  const { methodologies } = await api("/v1/methodologies");
  return [h("h1", {}, term("methodologies")), section([String(methodologies.length), " ", term("published_n")], table(
    [term("code"), term("name"), term("field"), term("max_crediting"), term("version"), term("status")],
    methodologies.map((m) => [h("a", { href: `#/projects/${encodeURIComponent(m.code)}` }, m.code), m.name, m.field,
      String(m.max_crediting_years), m.version, m.status]), { id: "methodologies" }))];
}

export async function vvbsPage() {
  const { vvbs } = await api("/v1/vvbs");
  return [h("h1", {}, term("vvbs_title")), section([String(vvbs.length), " ", term("bodies_n")], table(
    [term("account"), term("name"), term("fields_accredited"), term("status"), term("change_history")],
    vvbs.map((v) => [accountLink(v.vvb), v.name ?? "—", v.fields.join(", "), v.status,
      v.history.map((x, i) => [i ? "; " : "", `${x.status} ${fmtTime(x.time)}`])]), { id: "vvbs" }))];
}

export async function cancellationsPage() {
  const answer = await api("/v1/cancellations?limit=500");
  return [h("h1", {}, term("certificate_list")),
    section([fmtInt(answer.count), " ", term("certificates_n"), `, ${fmtInt(answer.amount)} t`],
    table([term("time"), term("instrument"), term("project"), term("amount"), term("purpose"), term("beneficiary"), term("certificate_short")],
      answer.cancellations.map((c) => [fmtTime(c.time), instrumentLink(c.instrument), projectLink(c.project), fmtInt(c.amount),
        purpose(c.purpose), c.beneficiary, h("a", { href: `#/certificate/${c.tx}` }, term("certificate_link"))]), { id: "cancellations" }))];
}

export async function certificatePage(ctx, txId) {
  const c = await api(`/v1/cancellations/${txId}`);
  return [
    h("article", { class: "card certificate", id: "certificate" },
      h("h1", {}, term("certificate")),
      h("p", { class: "muted" }, term("cancelled_for_good")),
      fields([[term("certificate_no"), txLink(c.tx)], [term("cancelled_by"), accountLink(c.account)],
        [term("instrument"), instrumentLink(c.instrument)], [term("project"), c.project ? projectLink(c.project) : undefined],
        [term("amount"), fmtInt(c.amount)], [term("ranges"), rangeLinks(c.instrument, c.ranges)],
        [term("purpose"), c.purpose ? purpose(c.purpose) : undefined], [term("beneficiary"), h("strong", {}, c.beneficiary)],
        [term("reason"), c.reason], [term("time"), fmtTime(c.time)], [term("block"), blockLink(c.height)]])),
    proofCard(c.tx, ctx.trust),
  ];
}
