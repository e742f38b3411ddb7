// The statuses of a year's entities by province: an inline SVG chart (one bar per province, A/B/C/X stacked, the
// counts written on the bars) and beside it the same totals as a table, with shortfall and fines. No library.

import { h, term, table, fmtInt, fmtYuan, provinceName, PROVINCES, STATUS_CODES } from "./ui.js";

const NS = "http://www.w3.org/2000/svg";
const CODES = Object.keys(STATUS_CODES);
const COLORS = { A: "#1f5f4a", B: "#a3322a", C: "#c08a1e", X: "#9aa39f" };
const ROW = 24;
const LABEL = 80;
const WIDTH = 640;
const TOTAL = 60;
const MIN_LABELLED = 20; // narrower segments keep their count in the tooltip only

/** An SVG element: svg("rect", {x: 1}, child, …); strings become text nodes. */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}

function bar(p, y, scale, hrefOf) {
  const [zh, en] = PROVINCES[p.province] ?? [p.province || "—", ""];
  const counts = CODES.map((code) => `${code} ${fmtInt(p[code])}`).join(" · ");
  const link = svg("a", { href: hrefOf(p.province), class: "province-bar", "data-province": p.province },
    svg("title", {}, `${zh} ${en} (${p.province}): ${fmtInt(p.entities)} — ${counts}`),
    svg("text", { x: LABEL - 6, y: y + 16, "text-anchor": "end" }, zh));
  let x = LABEL;
  for (const code of CODES.filter((c) => p[c] > 0)) {
    const width = p[code] * scale;
    link.append(svg("rect", { x, y: y + 4, width, height: ROW - 8, fill: COLORS[code], "data-code": code }));
    if (width >= MIN_LABELLED) {
      link.append(svg("text", { x: x + width / 2, y: y + 16, "text-anchor": "middle", fill: "#fff", class: "n" },
        fmtInt(p[code])));
    }
    x += width;
  }
  link.append(svg("text", { x: x + 6, y: y + 16, class: "total" }, fmtInt(p.entities)));
  return link;
}

function legend(y) {
  return svg("g", { class: "legend" }, ...CODES.map((code, i) => svg("g", {},
    svg("rect", { x: LABEL + i * 130, y: y + 6, width: 12, height: 12, fill: COLORS[code] }),
    svg("text", { x: LABEL + i * 130 + 16, y: y + 16 }, `${code} ${STATUS_CODES[code][0]}`))));
}

/** The chart of `provinces` (the API's per-province totals); a bar links to `hrefOf(code)`. */
export function provinceChart(provinces, hrefOf) {
  const rows = provinces ?? [];
  const scale = (WIDTH - LABEL - TOTAL) / Math.max(1, ...rows.map((p) => p.entities));
  const height = (rows.length + 1) * ROW;
  const chart = svg("svg", { id: "province-chart", viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height,
    role: "img", "aria-label": "status A/B/C/X by province" },
    ...rows.map((p, i) => bar(p, i * ROW, scale, hrefOf)), legend(rows.length * ROW));
  return h("div", { class: "province-chart" }, h("div", { class: "chart-wrap" }, chart), h("details", {}, h("summary", {}, term("province_numbers")),
    table([term("province"), term("entities"), ...CODES.map((c) => c), term("shortfall"), term("fine_yuan")],
      rows.map((p) => [h("a", { href: hrefOf(p.province) }, provinceName(p.province)), fmtInt(p.entities),
        ...CODES.map((c) => fmtInt(p[c])), fmtInt(p.shortfall), fmtYuan(p.fine_fen)]),
      { id: "province-table", class: "numbers" })));
}
