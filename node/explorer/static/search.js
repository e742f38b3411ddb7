// The search box: what a query names, as the hash route of its page.
//
// Forms that decide by themselves go straight to their page:
//   64 hex characters          a transaction           #/tx/<id>
//   block 1234, log 17         a block, a log index    #/block/1234, #/log/17
//   compliance 2024, 履约 2024  the compliance list     #/compliance/2024
//   project P-1, checkpoints   a project, the history  #/project/P-1, #/checkpoints
//   CANCELLED, SURRENDERED-2024 a terminal account     #/account/<id>
// Anything else is asked of the node (GET /v1/search): names (Chinese or Latin) of participants, projects and
// beneficiaries, id prefixes, serials (CEA-2024#1234), bare numbers (a height and a log index), tx id prefixes.
// One result (or one exact id) goes to its page; several go to the results page #/search/<text>; none says so.

import { h, api, term, termText, table, section } from "./ui.js";

const TX_ID = /^[0-9a-f]{64}$/i;
const HEIGHT = /^(?:block|height|区块)\s*[:#]?\s*(\d{1,16})$/i;
const LOG_INDEX = /^(?:log|leaf|日志)\s*[:#]?\s*(\d{1,16})$/i;
const COMPLIANCE = /^(?:compliance|履约|清缴)\s*(\d{4})$/i;
const PROJECT = /^(?:project|项目)\s*[:#]?\s*(\S+)$/i;
const TERMINAL = /^(CANCELLED|WITHDRAWN|SURRENDERED-\d{4})$/i;
const RESULTS_SHOWN = 100;

/** The route a query names by its form alone ({route}), {error} for an empty one, or null: ask the node. */
export function classify(query) {
  const q = query.trim();
  let m;
  if (!q) return { error: termText("search_empty") };
  if (TX_ID.test(q)) return { route: `#/tx/${q.toLowerCase()}` };
  if ((m = LOG_INDEX.exec(q))) return { route: `#/log/${BigInt(m[1])}` };
  if ((m = HEIGHT.exec(q))) return { route: `#/block/${BigInt(m[1])}` };
  if ((m = COMPLIANCE.exec(q))) return { route: `#/compliance/${m[1]}` };
  if ((m = PROJECT.exec(q))) return { route: `#/project/${encodeURIComponent(m[1].toUpperCase())}` };
  if (/^checkpoints?$/i.test(q)) return { route: "#/checkpoints" };
  if (TERMINAL.test(q)) return { route: `#/account/${q.toUpperCase()}` };
  return null;
}

/** The route of a query: by its form, else by what the node finds; an {error} if nothing matches. */
export async function resolve(query) {
  const found = classify(query);
  if (found) return found;
  const q = query.trim();
  const answer = await api(`/v1/search?limit=2&q=${encodeURIComponent(q)}`);
  const exact = answer.results.filter((r) => r.exact);
  if (answer.count === 1 || exact.length === 1) return { route: (exact[0] ?? answer.results[0]).route };
  if (answer.count > 1) return { route: `#/search/${encodeURIComponent(q)}` };
  return { error: `${termText("no_match")}: “${q}”` };
}

/** The results page of a search text: every record it names, with its kind and the link to its page. */
export async function searchPage(ctx, q) {
  const answer = await api(`/v1/search?limit=${RESULTS_SHOWN}&q=${encodeURIComponent(q)}`);
  const rows = answer.results.map((r) => [term(r.kind), h("a", { href: r.route }, r.label),
    h("code", { class: "hash", title: r.id }, r.id.length > 24 ? `${r.id.slice(0, 16)}…` : r.id)]);
  return [
    h("h1", {}, term("search_results"), ` “${answer.q}”`),
    section([`${answer.count} `, term("results_n")], rows.length
      ? table([term("kind"), term("name"), term("id")], rows, { id: "search-results" })
      : h("p", { class: "muted" }, term("no_match"))),
  ];
}
