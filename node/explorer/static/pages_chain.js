// Pages of the chain: transaction, block, log index, checkpoint history, verify a file.

import { h, api, term, kind, fields, table, section, hashText, txLink, blockLink, accountLink, instrumentLink,
  rangeLinks, fmtInt, fmtTime, signerName } from "./ui.js";
import { proofCard, verifyForm, checkHistory } from "./proofs.js";
import { REASONS } from "./verify.js";

const MAX_BLOCK_TX_LOOKUPS = 100; // a block page fetches each transaction's type, up to this many
const CHECKPOINTS_PAGE = 100;

export async function txPage(ctx, id) {
  const tx = await api(`/v1/tx/${id}`);
  if (tx.status === "pending") return [section(term("transaction"), fields([["Id", hashText(id, null, 64)], [term("status"), "pending 待上链"]]))];
  const block = await api(`/v1/blocks/${tx.height}`);
  const cancelEvent = (tx.receipt.events ?? []).find((e) => e.reason === "cancellation");
  return [
    h("h1", {}, kind(tx.type), " ", h("span", { class: `badge ${tx.status}` }, tx.status)),
    section(term("transaction"), fields([
      ["Id 编号", hashText(tx.id, null, 64)], [term("block"), blockLink(tx.height)], ["Index in block 块内序号", String(tx.index)],
      ["Log index 日志序号", String(tx.log_index)], [term("time"), fmtTime(tx.time)], ["Nonce", String(tx.payload.nonce)],
      ["Signers 签名者", h("ul", { class: "plain" }, tx.payload.signers.map((s) => h("li", {}, hashText(s, null, 24))))],
      [term("certificate"), cancelEvent ? h("a", { href: `#/certificate/${tx.id}` }, "view certificate 查看注销证明") : undefined],
    ])),
    section("Body 内容", bodyView(tx.payload.body)),
    section(term("receipt"), fields([["Code 结果", h("code", {}, tx.receipt.code)], ["Message 信息", tx.receipt.message || "—"]]),
      eventsTable(tx.receipt.events ?? [])),
    proofCard(tx.id, ctx.trust),
    section(term("block"), blockFields(block)),
  ];
}

/** A transaction body as label → value; account and instrument fields become links. */
function bodyView(body) {
  const link = (key, value) => {
    if (typeof value === "string" && ["account", "from", "to", "id", "province_account", "holder"].includes(key) && !/^CEA-/.test(value)) return accountLink(value);
    if (typeof value === "string" && /^instrument$|^instruments?$/.test(key)) return instrumentLink(value);
    return typeof value === "object" ? h("code", { class: "json" }, JSON.stringify(value)) : String(value);
  };
  return fields(Object.entries(body).map(([k, value]) => [k, link(k, value)]));
}

/** The events of a receipt: what moved, from where to where, and why. */
export function eventsTable(events) {
  if (!events.length) return h("p", { class: "muted" }, "no events 无事件");
  return table(["Op 操作", term("instrument"), term("amount"), term("ranges"), "From 转出", "To 转入", term("reason")],
    events.map((e) => [kind(e.op), e.instrument ? instrumentLink(e.instrument) : "—", fmtInt(e.amount),
      e.instrument ? rangeLinks(e.instrument, e.ranges) : "—", accountLink(e.from), accountLink(e.to),
      e.reason ? kind(e.reason) : "—"]));
}

function blockFields(block) {
  const hd = block.header;
  return fields([
    [term("height"), blockLink(block.height)], ["Hash 哈希", hashText(block.hash, null, 64)], [term("time"), fmtTime(block.time)],
    ["Previous 上一区块", hd.height > 1 ? hashText(hd.prev_hash, `#/block/${hd.height - 1}`, 24) : hashText(hd.prev_hash, null, 24)],
    [term("size"), fmtInt(hd.log_size)], ["Log root 日志根", hashText(hd.log_root, null, 24)],
    ["State root 状态根", hashText(hd.state_root, null, 24)], ["Tx root 交易根", hashText(hd.tx_root, null, 24)],
    ["Proposer 出块者", hashText(hd.proposer, null, 24)],
  ]);
}

export async function blockPage(ctx, height) {
  const [block, status] = await Promise.all([api(`/v1/blocks/${height}`), api("/v1/status")]);
  const ids = block.tx_ids.slice(0, MAX_BLOCK_TX_LOOKUPS);
  const txs = await Promise.all(ids.map((id) => api(`/v1/tx/${id}`)));
  const start = block.header.log_size - block.tx_ids.length;
  return [
    h("h1", {}, term("block"), ` #${block.height}`),
    section(term("block"), blockFields(block)),
    section(`Transactions 交易 (${block.tx_ids.length})`, table(["#", "Log 日志", "Id 编号", "Type 类型", term("status")],
      txs.map((tx, i) => [String(i), String(start + i), txLink(tx.id), kind(tx.type), h("span", { class: `badge ${tx.status}` }, tx.status)]))),
    h("nav", { class: "pager" }, block.height > 1 ? h("a", { href: `#/block/${block.height - 1}` }, "← previous 上一个") : "",
      block.height < status.height ? h("a", { href: `#/block/${block.height + 1}` }, "next 下一个 →") : ""),
  ];
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
          ` ✓ (${check.signers.length}/${c.quorum})`),
      i === 0 && from !== "0" ? h("span", { class: "muted" }, "see previous page") :
        h("span", { class: check.consistency?.ok ? "good" : "bad" }, check.consistency?.text ?? "—")];
  }).reverse();
  return [
    h("h1", {}, term("checkpoints")),
    h("p", { class: "muted" }, "Each checkpoint's signatures, and its consistency with the one before it, are checked in this browser ",
      "against the trust root pinned in this page. 每个检查点的签名及其与前一检查点的一致性均在浏览器中验证。"),
    section(`Checkpoints 检查点 (${list.length}${answer.next !== null ? "+" : ""})`,
      table([term("height"), term("size"), term("root"), term("signers"), term("consistency")], rows, { id: "checkpoint-table" }),
      answer.next !== null ? h("nav", { class: "pager" }, h("span"), h("a", { href: `#/checkpoints/${answer.next}` }, "later checkpoints 更新 →")) : ""),
  ];
}

export async function verifyPage(ctx) {
  return [h("h1", {}, term("verify")), verifyForm(ctx.trust)];
}
