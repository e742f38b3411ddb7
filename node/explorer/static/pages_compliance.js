// The compliance list of a year, as officials read the EUTL tables: summary, the statuses by province (an inline
// SVG chart), and the entities filtered, sorted and paged; filters, sort and page live in the hash query
// (#/compliance/2024?province=32&status=B&sort=fine&order=desc), so a link reproduces the view.

import { h, api, term, fields, section, accountLink, instrumentLink, fmtInt, fmtBp, fmtYuan, provinceName,
  termText, lang, PROVINCES, STATUS_CODES } from "./ui.js";
import { fmtCst } from "./pages_registry.js";
import { provinceChart } from "./chart_compliance.js";
import { stateProofButton } from "./proofs.js";

const FILTERS = ["province", "sector", "status", "q"];
const VIEW = [...FILTERS, "sort", "order", "limit"];
const SECTORS = ["power", "steel", "cement", "aluminium"];
const NUMBERS = ["verified", "allocated", "surrendered", "offset", "late_surrendered", "shortfall"];
const SORTABLE = new Set(["account", "status", "verified", "shortfall", "fine", "province", "sector"]);

/** The view the hash query names: filters, sort, order, limit, cursor and `at` (rows before this page). */
export function viewOf(hash) {
  const query = new URLSearchParams(hash.split("?")[1] ?? "");
  return Object.fromEntries([...VIEW, "cursor", "at"].map((k) => [k, query.get(k) || null]));
}

/** The query string of `view` for the API or the hash (empty values left out). */
export function queryOf(view, names = VIEW) {
  const query = new URLSearchParams();
  for (const name of names) if (view[name]) query.set(name, view[name]);
  return query.toString();
}

/** The explorer route of the compliance list of `year` in `view`. */
export function hashOf(year, view) {
  const query = queryOf(view, [...VIEW, "cursor", "at"]);
  return `#/compliance/${year}${query ? "?" : ""}${query}`;
}

export async function compliancePage(ctx, year) {
  const view = viewOf(location.hash);
  const c = await api(`/v1/compliance/${year}?${queryOf(view, [...VIEW, "cursor"])}`);
  return [
    h("h1", {}, term("compliance"), ` ${year}`),
    cycleCard(c),
    summaryCard(c),
    section(term("by_province"), provinceChart(c.provinces, (code) => hashOf(year, { province: code }))),
    section(term("entities"), filterForm(year, view), downloads(year, view), entityTable(year, view, c.statuses, ctx.trust),
      pager(year, view, c)),
  ];
}

function cycleCard(c) {
  return section(term("cycle"), c.cycle ? fields([[term("deadline"), fmtCst(c.cycle.deadline)],
    [term("eligible"), (c.cycle.eligible_vintages ?? []).map((i, n) => [n ? ", " : "", instrumentLink(i)])],
    [term("offset_cap"), fmtBp(c.cycle.offset_cap_bp)]]) : h("p", { class: "muted" }, term("not_set")));
}

function summaryCard(c) {
  const s = c.summary ?? {};
  return section(term("summary"), h("div", { class: "codes" }, Object.keys(STATUS_CODES).map((code) =>
    h("div", { class: `code-tile s${code}` }, h("b", {}, code), h("span", { class: "n" }, fmtInt(s.by_status?.[code] ?? 0)),
      term(code, STATUS_CODES)))),
  fields([[term("entities"), fmtInt(s.entities)], [term("on_time"), fmtInt(s.on_time)],
    [term("completion"), fmtBp(s.completion_bp)], [term("on_time_completion"), fmtBp(s.on_time_bp)],
    [term("shortfall"), fmtInt(s.shortfall)], [term("fine_yuan"), fmtYuan(s.fine_fen)],
    [term("at_deadline"), c.fixed_summary ? fmtBp(c.fixed_summary.completion_bp) : term("not_fixed")]]));
}

function select(name, current, options) {
  return h("select", { name, id: `filter-${name}` }, h("option", { value: "" }, termText("all")),
    options.map(([value, label]) => h("option", { value, selected: value === current }, label)));
}

function filterForm(year, view) {
  const provinces = Object.entries(PROVINCES).map(([code, [zh, en]]) => [code, `${code} ${lang() === "en" ? en : zh}`]);
  const onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    location.hash = hashOf(year, { ...Object.fromEntries(FILTERS.map((k) => [k, data.get(k)?.trim()])),
      sort: view.sort, order: view.order, limit: view.limit });
  };
  return h("form", { class: "filters", id: "compliance-filters", onsubmit },
    h("label", {}, term("province"), select("province", view.province, provinces)),
    h("label", {}, term("sector"), select("sector", view.sector, SECTORS.map((s) => [s, termText(s)]))),
    h("label", {}, term("status"), select("status", view.status,
      Object.keys(STATUS_CODES).map((code) => [code, `${code} ${termText(code, STATUS_CODES)}`]))),
    h("label", {}, term("search_name"), h("input", { type: "search", name: "q", value: view.q ?? "" })),
    h("button", { type: "submit" }, term("filter")));
}

function downloads(year, view) {
  const query = queryOf(view, [...FILTERS, "sort", "order"]);
  const link = (format, key) => h("a", { href: `/v1/compliance/${year}?${query}${query ? "&" : ""}format=${format}`,
    id: `download-${format}`, download: `compliance-${year}.${format}` }, term(key));
  return h("p", { class: "downloads" }, link("csv", "download_csv"), " · ", link("xlsx", "download_xlsx"));
}

function sortHeader(year, view, key, label) {
  if (!SORTABLE.has(key)) return label;
  const active = (view.sort ?? "account") === key;
  const order = active && view.order !== "desc" ? "desc" : "asc";
  const arrow = active ? (view.order === "desc" ? " ▼" : " ▲") : "";
  return h("a", { href: hashOf(year, { ...view, sort: key, order, cursor: null, at: null }), class: "sort",
    "data-sort": key }, label, arrow);
}

function entityTable(year, view, statuses, trust) {
  const columns = [["account", term("account")], ["status", term("status")], ...NUMBERS.map((n) => [n, term(n)]),
    ["fine", term("fine_yuan")], ["province", term("province")], ["sector", term("sector")], ["proof", term("proof")]];
  const rows = (statuses ?? []).map((x) => [[accountLink(x.account), x.name ? h("div", { class: "muted" }, x.name) : ""],
    [h("span", { class: `status s${x.status}`, title: STATUS_CODES[x.status]?.[1] }, x.status, " ", STATUS_CODES[x.status] ? termText(x.status, STATUS_CODES) : ""),
      x.changed_since_deadline ? h("div", { class: "muted" }, term("at_deadline"), `: ${x.fixed?.status ?? "—"}`) : ""],
    ...NUMBERS.map((n) => fmtInt(x[n])), fmtYuan(x.fine_fen), provinceName(x.province), x.sector ? term(x.sector) : "—",
    x.proof ? stateProofButton(x.proof, trust) : "—"]);
  return h("div", { class: "table-wrap" }, h("table", { id: "compliance-table", class: "numbers" },
    h("thead", {}, h("tr", {}, columns.map(([key, label]) => h("th", {}, sortHeader(year, view, key, label))))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((cell) => h("td", {}, cell)))))));
}

function pager(year, view, c) {
  const at = Number(view.at ?? 0);
  const shown = (c.statuses ?? []).length;
  const first = view.cursor ? h("a", { href: hashOf(year, { ...view, cursor: null, at: null }), id: "first-page" },
    term("first_page")) : h("span");
  const next = c.next ? h("a", { href: hashOf(year, { ...view, cursor: c.next, at: String(at + shown) }), id: "next-page" },
    term("next_page")) : h("span");
  const range = shown ? `${fmtInt(at + 1)}–${fmtInt(at + shown)} / ${fmtInt(c.count)}` : `0 / ${fmtInt(c.count)}`;
  return h("div", { class: "pager", id: "compliance-pager" }, first, h("span", { id: "compliance-range" }, range), next);
}
