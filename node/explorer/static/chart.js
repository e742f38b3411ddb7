// Inline SVG charts (no library): the compliance statuses of each province as one stacked bar.

const SVG = "http://www.w3.org/2000/svg";
const CODES = ["A", "B", "C", "X"];
const ROW = 26; // px per province in the SVG's own units
const LABEL = 150; // width kept for the province's name
const WIDTH = 640;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/**
 * One bar per province ({province, entities, A, B, C, X}): its entities by status, A (compliant) first, with the
 * count of A out of all at the end. `nameOf(code)` gives the label (a string or an element; its text is used).
 */
export function provinceChart(provinces, nameOf) {
  const most = Math.max(1, ...provinces.map((p) => p.entities));
  const span = WIDTH - LABEL - 70;
  const rows = provinces.map((p, i) => {
    const y = i * ROW;
    let x = LABEL;
    const segments = CODES.filter((c) => p[c] > 0).map((c) => {
      const w = (span * p[c]) / most;
      const rect = svg("rect", { x: x.toFixed(1), y: y + 4, width: w.toFixed(1), height: ROW - 8, class: `s${c}` },
        svg("title", {}, `${c}: ${p[c]}`));
      x += w;
      return rect;
    });
    const name = nameOf(p.province);
    const label = typeof name === "string" ? name : name.textContent;
    return svg("g", { class: "province", "data-province": p.province },
      svg("text", { x: 0, y: y + ROW / 2 + 5 }, label), ...segments,
      svg("text", { x: x + 6, y: y + ROW / 2 + 5, class: "count" }, `${p.A}/${p.entities}`));
  });
  return svg("svg", { class: "chart", id: "province-chart", viewBox: `0 0 ${WIDTH} ${Math.max(ROW, provinces.length * ROW)}`,
    role: "img", "aria-label": "A/B/C/X" }, ...rows);
}
