// Helpers of the list pages (account, block, instrument): paged lists of the API ({<items>, count, next}) as a table
// with "first–last / count" and Prev/Next buttons that follow the API's `next` cursor (and go back through the
// cursors already followed), so nothing is ever cut silently; serial ranges collapsed with a count; yuan; provinces.

import * as ui from "./ui.js";
import { h, api, term, fmtInt, serialLink, errorBox } from "./ui.js";

/** A province's name (ui.provinceName, from the compliance page's ui.js), else its code. */
export const provinceOf = (code) => (ui.provinceName ? ui.provinceName(code) : code);

/** Fen as yuan with separators (ui.fmtYuan, from the compliance page's ui.js, else the same format here). */
export const yuan = (fen) => (ui.fmtYuan ? ui.fmtYuan(fen) : fen === null || fen === undefined ? "—"
  : `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);

/**
 * One page at a time of the list `name` that `path` answers (`size` items a page); `render(list)` makes its table.
 * The box's data-state is "ready" once a page is shown.
 */
export async function pagedList(path, name, size, render, id) {
  const box = h("div", { class: "paged", id });
  const cursors = [null]; // cursors[k] loads page k
  const show = async (k) => {
    box.dataset.state = "loading";
    try {
      await showPage(k);
    } catch (error) {
      box.replaceChildren(errorBox(error));
    }
    box.dataset.state = "ready";
  };
  const showPage = async (k) => {
    const query = new URLSearchParams({ limit: String(size), ...(cursors[k] === null ? {} : { cursor: cursors[k] }) });
    const answer = await api(`${path}?${query}`);
    if (answer.next !== null && cursors.length === k + 1) cursors.push(answer.next);
    const list = answer[name];
    const first = k * size + 1;
    box.replaceChildren(render(list, first), h("nav", { class: "pager" },
      h("button", { type: "button", class: "prev", disabled: k === 0, onclick: () => show(k - 1) }, "← ", term("prev")),
      h("span", { class: "range muted" }, list.length ? `${fmtInt(first)}–${fmtInt(first + list.length - 1)} / ${fmtInt(answer.count)}` : "0"),
      h("button", { type: "button", class: "next", disabled: answer.next === null, onclick: () => show(k + 1) }, term("next"), " →")));
  };
  await show(0);
  return box;
}

const RANGES_SHOWN = 3; // serial ranges shown before "… n more"

/** Serial ranges as "#1–1,000 (1,000 t)" links; beyond the first few, the rest collapsed behind their count. */
export function collapsedRanges(iid, ranges) {
  const links = (list) => list.flatMap(([a, b], i) => [i ? ", " : "",
    serialLink(iid, a, a === b ? `#${fmtInt(a)}` : `#${fmtInt(a)}–${fmtInt(b)}`), ` (${fmtInt(b - a + 1)} t)`]);
  if (ranges.length <= RANGES_SHOWN) return h("span", { class: "ranges" }, links(ranges));
  const rest = ranges.slice(RANGES_SHOWN);
  return h("span", { class: "ranges" }, links(ranges.slice(0, RANGES_SHOWN)),
    h("details", { class: "more-ranges" }, h("summary", {}, `+${fmtInt(rest.length)} `, term("more_ranges")), links(rest)));
}
