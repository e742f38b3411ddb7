// Pages of the chain: transaction, block, log index, checkpoint history, verify a file.

import { h, api, term, kind, fields, table, section, hashText, txLink, blockLink, accountLink, instrumentLink,
  rangeLinks, fmtInt, fmtTime, signerName } from "./ui.js";
import { proofCard, verifyForm, checkHistory, stateForm, memoryCard } from "./proofs.js";
import { trustNotice } from "./trust.js";
import { REASONS } from "./verify.js";
import { pagedList, collapsedRanges, yuan } from "./lists.js";

const BLOCK_TXS_PAGE = 100; // a block's transactions per page (GET /v1/blocks/{h}/txs)
const CHECKPOINTS_PAGE = 100;

export async function txPage(ctx, id) {
  const tx = await api(`/v1/tx/${id}`);
  if (tx.status === "pending") return [section(term("transaction"), fields([[term("id"), hashText(id, null, 64)], [term("status"), "pending"]]))];
  const [block, signers] = await Promise.all([api(`/v1/blocks/${tx.height}`),
    Promise.all((tx.signer_accounts ?? []).map((a) => api(`/v1/accounts/${a}`).catch(() => ({ id: a }))))]);
  const cancelEvent = (tx.receipt.events ?? []).find((e) => e.reason === "cancellation");
  return [
    h("h1", {}, kind(tx.type), " ", h("span", { class: `badge ${tx.status}` }, tx.status)),
    section(term("transaction"), fields([
      [term("id"), hashText(tx.id, null, 64)], [term("block"), blockLink(tx.height)], [term("index_in_block"), String(tx.index)],
      [term("log_index"), fmtInt(tx.log_index)], [term("time"), fmtTime(tx.time)], [term("nonce"), String(tx.payload.nonce)],
      [term("signed_by"), h("ul", { class: "plain", id: "tx-signers" }, signers.map((a) =>
        h("li", {}, accountLink(a.id), a.name ? ` ${a.name}` : "")))],
      [term("certificate"), cancelEvent ? h("a", { href: `#/certificate/${tx.id}` }, term("certificate")) : undefined],
    ])),
    section(term("body"), bodyView(tx.payload.body)),
    section(term("receipt"), fields([[term("receipt_code"), h("code", {}, tx.receipt.code)], [term("message"), tx.receipt.message || "—"]]),
      eventsTable(tx.receipt.events ?? [])),
    proofCard(tx.id, ctx.trust),
    section(term("block"), blockFields(block)),
  ];
}

const ACCOUNT_FIELDS = ["account", "from", "to", "province_account", "holder", "owner", "vvb", "validating_vvb", "verifying_vvb"];
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** A transaction body as labelled fields (term() of each key), values formatted: accounts and instruments as links,
 * tonnes with separators, fen as yuan, times as people read them, serial ranges as links. */
function bodyView(body) {
  return h("div", { id: "tx-body" }, fields(Object.entries(body).map(([k, value]) => [term(k), bodyValue(k, value, body)])));
}

function bodyValue(key, value, body) {
  if (typeof value === "string" && ACCOUNT_FIELDS.includes(key)) return accountLink(value);
  if (typeof value === "string" && key === "instrument") return instrumentLink(value);
  if (key === "ranges" && Array.isArray(value) && typeof body.instrument === "string") return collapsedRanges(body.instrument, value);
  if (Array.isArray(value) && value.every((x) => typeof x === "string" && /^(CEA|CCER)-/.test(x)))
    return value.flatMap((x, i) => [i ? ", " : "", instrumentLink(x)]);
  if (typeof value === "number" && /_fen$/.test(key)) return yuan(value);
  if (typeof value === "number" && (key === "amount" || /_t$/.test(key))) return `${fmtInt(value)} t`;
  if (typeof value === "number") return fmtInt(value);
  if (typeof value === "string" && RFC3339.test(value)) return fmtTime(value);
  return typeof value === "object" && value !== null ? h("code", { class: "json" }, JSON.stringify(value)) : String(value);
}

/** The events of a receipt: what moved, from where to where, and why. */
export function eventsTable(events) {
  if (!events.length) return h("p", { class: "muted" }, "—");
  return table([term("op"), term("instrument"), term("amount"), term("ranges"), term("from"), term("to"), term("reason")],
    events.map((e) => [kind(e.op), e.instrument ? instrumentLink(e.instrument) : "—", fmtInt(e.amount),
      e.instrument ? rangeLinks(e.instrument, e.ranges) : "—", accountLink(e.from), accountLink(e.to),
      e.reason ? kind(e.reason) : "—"]));
}

function blockFields(block) {
  const hd = block.header;
  return fields([
    [term("height"), blockLink(block.height)], [term("hash"), hashText(block.hash, null, 64)], [term("time"), fmtTime(block.time)],
    [term("previous_block"), hd.height > 1 ? hashText(hd.prev_hash, `#/block/${hd.height - 1}`, 24) : hashText(hd.prev_hash, null, 24)],
    [term("size"), fmtInt(hd.log_size)], [term("log_root"), hashText(hd.log_root, null, 24)],
    [term("state_root"), hashText(hd.state_root, null, 24)], [term("tx_root"), hashText(hd.tx_root, null, 24)],
    [term("proposer"), hashText(hd.proposer, null, 24)],
  ]);
}

export async function blockPage(ctx, height) {
  const [block, status] = await Promise.all([api(`/v1/blocks/${height}`), api("/v1/status")]);
  const txs = await pagedList(`/v1/blocks/${height}/txs`, "txs", BLOCK_TXS_PAGE, blockTxsTable, "block-txs");
  return [
    h("h1", {}, term("block"), ` #${block.height}`),
    section(term("block"), blockFields(block)),
    section([term("transaction"), ` (${fmtInt(block.tx_ids.length)})`], txs),
    h("nav", { class: "pager" }, block.height > 1 ? h("a", { href: `#/block/${block.height - 1}` }, "← ", term("previous_block")) : "",
      block.height < status.height ? h("a", { href: `#/block/${block.height + 1}` }, term("next_block"), " →") : ""),
  ];
}

function blockTxsTable(txs) {
  return table([term("index"), term("log_index"), term("id"), term("tx_type"), term("signed_by"), term("status")],
    txs.map((tx) => [String(tx.index), fmtInt(tx.log_index), txLink(tx.tx_id), kind(tx.type),
      tx.signers.flatMap((a, i) => [i ? ", " : "", accountLink(a)]), h("span", { class: `badge ${tx.status}` }, tx.status)]),
    { id: "block-txs-table" });
}

/** A log index: the node says which transaction is that entry; show it. */
export async function logPage(ctx, index) {
  const entry = await api(`/v1/log/${index}`);
  location.replace(`#/tx/${entry.tx_id}`);
  return [];
}

/** One page of the checkpoint history (by increasing size from `from`), each checked in the browser. */
export async function checkpointsPage(ctx, from = "0") {
  const answer = await api(`/v1/checkpoints?from=${from}&limit=${CHECKPOINTS_PAGE}`);
  const list = answer.checkpoints;
  const checks = await checkHistory(list.map((c) => c.note), ctx.trust);
  const rows = list.map((c, i) => {
    const check = checks[i];
    return [blockLink(c.height), fmtInt(c.size), hashText(c.root_hex, null, 16),
      check.error ? h("span", { class: "bad" }, `invalid: ${REASONS[check.error.code] ?? check.error.code} — ${check.error.message}`)
        : h("span", { class: "good" }, check.signers.flatMap((n, k) => [k ? ", " : "", signerName(ctx.trust, n)]),
          ` ✓ (${check.signers.length}/${c.quorum})`,
          check.witnesses ? h("span", { class: check.unwitnessed ? "witnesses bad" : "witnesses" }, `; ${check.witnesses}`) : ""),
      i === 0 && from !== "0" ? h("span", { class: "muted" }, "see previous page") :
        h("span", { class: check.consistency?.ok ? "good" : "bad" }, check.consistency?.text ?? "—")];
  }).reverse();
  return [
    h("h1", {}, term("checkpoints")),
    h("p", { class: "muted" }, term("checkpoints_checked")), trustNotice(ctx.trust),
    section([term("checkpoints_nav"), ` (${list.length}${answer.next !== null ? "+" : ""})`],
      table([term("height"), term("size"), term("root"), term("signers"), term("consistency")], rows, { id: "checkpoint-table" }),
      answer.next !== null ? h("nav", { class: "pager" }, h("span"), h("a", { href: `#/checkpoints/${answer.next}` }, term("later_checkpoints"))) : ""),
  ];
}

export async function verifyPage(ctx) {
  return [h("h1", {}, term("verify")), verifyForm(ctx.trust), stateForm(ctx.trust), await memoryCard(ctx.trust)];
}
