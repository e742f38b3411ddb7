// The home page: chain status, instruments with their supply, the current cycle's completion by province,
// the latest blocks and transactions (kept live by polling /v1/status while the page is shown), the latest checkpoint.

import { h, api, term, termText, kind, fields, table, section, hashText, txLink, blockLink, instrumentLink, fmtInt,
  fmtBp, fmtTime, signerName } from "./ui.js";
import { provinceChart } from "./chart_compliance.js";
import { ageText } from "./proofs.js";

const RECENT_BLOCKS = 8;
const RECENT_TXS = 10;
const POLL_MS = 3000; // how often the shown home page asks whether a block was added
const INSTRUMENTS_SHOWN = 12;
const SUPPLY_PARTS = ["held", "surrendered", "cancelled", "withdrawn"];

let poller = null;

export async function homePage(ctx) {
  const status = await api("/v1/status");
  const [live, instruments, cycle] = await Promise.all([liveSections(ctx, status), instrumentsCard(),
    cycleCard(status)]);
  startPolling(ctx, status.height);
  return [h("h1", {}, term("home_title")), h("div", { id: "home-live", "data-height": status.height }, live),
    instruments, cycle, linksCard(status)];
}

/** The sections that change with every block: status, latest blocks and transactions, the latest checkpoint. */
async function liveSections(ctx, status) {
  const first = Math.max(1, status.height - RECENT_BLOCKS + 1);
  const heights = Array.from({ length: status.height - first + 1 }, (_, i) => status.height - i).filter((n) => n >= 1);
  const [blocks, checkpoint] = await Promise.all([Promise.all(heights.map((n) => api(`/v1/blocks/${n}`))),
    api("/v1/checkpoint").catch(() => null)]);
  const txIds = blocks.flatMap((b) => [...b.tx_ids].reverse()).slice(0, RECENT_TXS);
  const txs = await Promise.all(txIds.map((id) => api(`/v1/tx/${id}`)));
  return [
    section(term("chain"), fields([
      [term("chain_id"), status.chain_id], [term("height"), blockLink(status.height)], [term("time"), fmtTime(status.time)],
      [term("size"), fmtInt(status.log_size)], [term("log_root"), hashText(status.log_root, null, 24)],
      [term("state_root"), hashText(status.state_root, null, 24)], [term("trust"), trustSummary(ctx.trust)]])),
    h("div", { class: "two" },
      section(term("recent_blocks"), table([term("height"), term("time"), term("tx_count")],
        blocks.map((b) => [blockLink(b.height), fmtTime(b.time), fmtInt(b.tx_ids.length)]), { id: "home-blocks" })),
      section(term("recent_txs"), table([term("type"), term("transaction"), term("block")],
        txs.map((tx) => [kind(tx.type), txLink(tx.id), blockLink(tx.height)]), { id: "home-txs" }))),
    checkpointCard(ctx, checkpoint),
  ];
}

const trustSummary = (trust) => {
  const set = trust.sets.at(-1);
  const witnesses = trust.witnesses?.length ? `, ${termText("witnesses")} ${trust.witnessQuorum}/${trust.witnesses.length}` : "";
  return h("span", { id: "home-trust", "data-source": trust.source }, `${trust.origin} · ${set.validators.length} ` +
    `${termText("validators")}, ${termText("quorum")} ${set.quorum}${witnesses} · ${termText("genesis_hash")} `,
  hashText(trust.genesisHash ?? "—", null, 16), " · ",
  h("a", { href: "#/trust" }, termText(trust.source === "file" ? "trust_file_short" : "trust_node_short")), " · ",
  h("a", { href: "/explorer/trust.json" }, "trust.json"));
};

function checkpointCard(ctx, c) {
  if (!c) return section(term("latest_checkpoint"), h("p", { class: "muted" }, term("no_checkpoint")));
  return section(term("latest_checkpoint"), fields([
    [term("height"), blockLink(c.height)], [term("size"), fmtInt(c.size)], [term("root"), hashText(c.root_hex, null, 24)],
    [term("signers"), h("span", { class: c.cosigned ? "good" : "bad" },
      c.signers.flatMap((n, k) => [k ? ", " : "", signerName(ctx.trust, n)]), ` (${c.signers.length}/${c.quorum})`)],
    [term("witnesses"), c.witnesses?.length ? h("span", { id: "home-witnesses" }, c.witnesses.map((w) =>
      `${w.name} (${typeof w.time === "number" ? ageText(Math.floor(Date.now() / 1000) - w.time) : w.time})`).join(", "),
      ` (${c.witnesses.length}/${c.witness_quorum})`)
      : undefined],
    [term("checkpoints"), h("a", { href: "#/checkpoints" }, term("verify_history"))]]));
}

/** Every few seconds while the home page is shown: if the chain moved, re-render the live sections in place. */
function startPolling(ctx, height) {
  stopPolling();
  let shown = height, busy = false;
  poller = setInterval(async () => {
    const box = document.getElementById("home-live");
    if (!box || document.body.dataset.page !== "home") return stopPolling();
    if (busy) return;
    busy = true;
    try {
      const status = await api("/v1/status");
      if (status.height !== shown) {
        const live = await liveSections(ctx, status);
        shown = status.height;
        box.replaceChildren(...live);
        box.dataset.height = status.height;
      }
    } catch { /* the node is away for a moment: try again at the next tick */ }
    busy = false;
  }, POLL_MS);
}

function stopPolling() {
  if (poller !== null) clearInterval(poller);
  poller = null;
}

window.addEventListener("hashchange", () => { if (location.hash.replace(/^#\/?/, "") !== "") stopPolling(); });

async function instrumentsCard() {
  const answer = await api(`/v1/instruments?limit=${INSTRUMENTS_SHOWN}`);
  const rows = answer.instruments.map((i) => [instrumentLink(i.id), fmtInt(i.supply.issued), fmtInt(i.supply.held),
    fmtInt(i.supply.surrendered), fmtInt(i.supply.cancelled), supplyBar(i.supply)]);
  return section(term("instruments"), answer.instruments.length
    ? table([term("instrument"), term("issued"), term("held"), term("surrendered"), term("cancelled"), term("supply")],
      rows, { id: "home-instruments", class: "numbers" })
    : h("p", { class: "muted" }, term("none")),
  answer.count > answer.instruments.length ? h("p", { class: "muted" }, `${fmtInt(answer.count)} ${termText("instruments_in_all")}`) : "");
}

/** A thin bar of where the issued tonnes are: held, surrendered, cancelled, withdrawn. */
function supplyBar(supply) {
  const total = Math.max(1, supply.issued);
  return h("div", { class: "minibar", role: "img", "aria-label": SUPPLY_PARTS.map((p) => `${termText(p)} ${supply[p]}`).join(", ") },
    SUPPLY_PARTS.filter((p) => supply[p] > 0).map((p) => {
      const seg = h("span", { class: `seg ${p}`, title: `${termText(p)} ${fmtInt(supply[p])}` });
      seg.style.width = `${(100 * supply[p] / total).toFixed(2)}%`; // CSSOM, which the page's CSP allows
      return seg;
    }));
}

/** The current compliance cycle: the year of the last block, else the year before if that one has no cycle. */
async function cycleCard(status) {
  const year = Number(status.time.slice(0, 4));
  let answer = await api(`/v1/compliance/${year}?limit=1`).catch(() => null);
  if (!answer?.cycle) answer = await api(`/v1/compliance/${year - 1}?limit=1`).catch(() => answer);
  if (!answer?.cycle) return section(term("cycle_completion"), h("p", { class: "muted" }, term("no_cycle")));
  const s = answer.summary;
  return section([term("cycle_completion"), ` ${answer.year}`],
    fields([[term("entities"), fmtInt(s.entities)], [term("completion"), fmtBp(s.completion_bp)],
      [term("on_time_completion"), fmtBp(s.on_time_bp)],
      [term("compliance"), h("a", { href: `#/compliance/${answer.year}` }, term("full_list"))]]),
    answer.provinces ? [h("h3", {}, term("by_province")),
      provinceChart(answer.provinces, (code) => `#/compliance/${answer.year}?province=${code}`)]
      : h("p", { class: "muted" }, term("no_provinces")));
}

function linksCard(status) {
  const year = Number(status.time.slice(0, 4));
  return section(term("public_records"), h("ul", { class: "links" },
    h("li", {}, h("a", { href: "#/projects" }, term("projects"))),
    h("li", {}, h("a", { href: "#/cancellations" }, term("certificates"))),
    h("li", {}, h("a", { href: "#/checkpoints" }, term("checkpoints"))),
    h("li", {}, h("a", { href: `#/compliance/${year}` }, term("compliance"), ` ${year}`), " · ",
      h("a", { href: `#/compliance/${year - 1}` }, `${year - 1}`)),
    h("li", {}, h("a", { href: "#/verify" }, term("verify_file")))));
}
