// Small DOM and data helpers shared by every page: element builder, terms in one language at a time, formats, API reads.

/** An element: h("a", {href: "#/"}, "text", child, …). Strings become text nodes (never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

// Domain terms in Chinese and English, as the registry's documents name them.
export const TERMS = {
  transaction: ["交易", "Transaction"], block: ["区块", "Block"], account: ["账户", "Account"],
  instrument: ["品种", "Instrument"], serial: ["序号", "Serial"], provenance: ["溯源", "Provenance"],
  holding: ["持有", "Holdings"], checkpoint: ["检查点", "Checkpoint"], checkpoints: ["检查点历史", "Checkpoint history"],
  proof: ["证明", "Proof"], receipt: ["回执", "Receipt"], events: ["事件", "Events"], compliance: ["履约", "Compliance"],
  certificate: ["注销证明", "Cancellation certificate"], beneficiary: ["受益方", "Beneficiary"], reason: ["原因", "Reason"],
  supply: ["总量构成", "Supply"], issued: ["签发", "Issued"], held: ["持有", "Held"], surrendered: ["已清缴", "Surrendered"],
  cancelled: ["已注销", "Cancelled"], withdrawn: ["已收回", "Withdrawn"], available: ["可用", "Available"],
  frozen: ["冻结", "Frozen"], pending_surrender: ["待清缴", "Pending surrender"],
  pending_cancellation: ["待注销", "Pending cancellation"], earmarked: ["强制履约专户", "Earmarked (forced compliance)"], verify: ["验证", "Verify"], search: ["搜索", "Search"],
  verified: ["核查排放量", "Verified emissions"], allocated: ["分配量", "Allocated"], offset: ["抵销 CCER", "Offset"],
  late_surrendered: ["逾期清缴", "Late surrendered"], shortfall: ["缺口", "Shortfall"], fine_fen: ["罚款 (分)", "Fine (fen)"],
  outstanding: ["未清缴", "Outstanding"], status: ["状态", "Status"], on_time: ["按期", "On time"], time: ["时间", "Time"],
  height: ["高度", "Height"], size: ["日志大小", "Log size"], root: ["根哈希", "Root"], signers: ["签名验证者", "Signed by"],
  consistency: ["一致性", "Consistency"], amount: ["数量 (吨)", "Amount (t)"], ranges: ["序号区间", "Serial ranges"],
  CEA: ["配额", "CEA"], CCER: ["核证自愿减排量", "CCER"], holder: ["持有人", "Holder"], trust: ["信任根", "Trust root"],
  cycle: ["履约周期", "Compliance cycle"], deadline: ["截止时间", "Deadline"], eligible: ["可清缴品种", "Eligible"],
  offset_cap: ["抵销上限", "CCER offset cap"], not_set: ["尚未设定", "Not set by the MEE"], summary: ["汇总", "Summary"],
  entities: ["重点排放单位", "Entities"], completion: ["完成率", "Completion"], on_time_completion: ["按期完成率", "On-time completion"],
  at_deadline: ["截止时", "At the deadline"], not_fixed: ["尚未确定", "Not fixed yet"], fine_yuan: ["罚款 (元)", "Fine (yuan)"],
  by_province: ["各省履约状态", "Status by province"], province: ["省份", "Province"], sector: ["行业", "Sector"],
  search_name: ["名称或账户", "Name or account"], filter: ["筛选", "Filter"], download_csv: ["下载 CSV", "Download CSV"],
  download_xlsx: ["下载 Excel", "Download XLSX"], first_page: ["← 首页", "← First page"], next_page: ["下一页 →", "Next page →"],
  power: ["发电", "Power"], steel: ["钢铁", "Steel"], cement: ["水泥", "Cement"], aluminium: ["电解铝", "Aluminium"],
  all: ["全部", "All"], province_numbers: ["各省数据", "Numbers by province"],
  forget_checkpoint: ["忘记已记住的检查点", "Forget the remembered checkpoint"], state_proof: ["状态证明", "State proof"],
  verify_state: ["验证状态证明", "Verify a state proof"], state_key: ["状态键或证明网址", "State key or proof URL"],
  remembered: ["本浏览器记住的检查点", "Checkpoint remembered in this browser"],
  history: ["交易记录", "Transaction history"], signer: ["签名", "Signed"], party: ["涉及", "Named"], role: ["角色", "Role"],
  prev: ["上一页", "Previous"], next: ["下一页", "Next"], more_ranges: ["更多区间", "more ranges"],
  name: ["名称", "Name"], roles: ["角色", "Roles"],
  nonce: ["序列号", "Nonce"], opened_at: ["开户区块", "Opened at block"], genesis: ["创世", "Genesis"], id: ["编号", "Id"],
  fine: ["罚款", "Fine"], deduction: ["扣减配额 (吨)", "Deducted from allocation (t)"], year: ["年度", "Year"],
  compliance_by_year: ["各年度履约", "Compliance by year"], holders: ["持有人", "Holders"], total: ["合计", "Total"],
  from: ["转出", "From"], to: ["转入", "To"], vintage: ["年度", "Vintage"], verified_t: ["核查排放量 (吨)", "Verified emissions (t)"],
  eligible_vintages: ["可清缴品种", "Eligible vintages"], purpose: ["用途", "Purpose"],
  kind: ["类型", "Kind"], pubkeys: ["公钥", "Public keys"], body: ["内容", "Body"], index_in_block: ["块内序号", "Index in block"],
  log_index: ["日志序号", "Log index"], tx_type: ["类型", "Type"], terminal: ["终止", "Terminal"], sub_state: ["子状态", "Sub-state"],
  terminal_surrendered: ["已清缴用于履约，不再流转", "Surrendered for compliance; it never moves again"],
  terminal_cancelled: ["已注销：自愿注销，不再流转", "Cancelled (retired for good): it never moves again"],
  terminal_withdrawn: ["已收回：主管部门收回，不再流转", "Withdrawn by the authority: it never moves again"],
  not_terminal: ["否：可流转", "No: it can still move"], supply_chart: ["总量构成图", "Supply chart"],
  project: ["项目", "Project"], created_at: ["创建区块", "Created at block"], serials_issued: ["已签发序号", "Serials issued"],
  balanced: ["守恒", "Balanced"], hops: ["每一次流转", "Every hop"], event: ["事件", "Event"], range: ["区间", "Range"],
  index: ["序号", "#"], signed_by: ["签名账户", "Signed by"], receipt_code: ["结果", "Code"], message: ["信息", "Message"],
  previous_block: ["上一区块", "Previous"], next_block: ["下一区块", "Next"], tx_count: ["交易数", "Transactions"],
  trace_tonne: ["追溯单吨", "Trace a tonne"], go: ["前往", "Go"], issued_from: ["签发来源", "Issued from"],
  report: ["报告", "Report"], methodology: ["方法学", "Methodology"], monitoring_period: ["监测期", "Monitoring period"],
  validating_vvb: ["审定机构", "Validating VVB"], verifying_vvb: ["核查机构", "Verifying VVB"], commitment: ["承诺", "Commitment"],
  op: ["操作", "Op"], hash: ["哈希", "Hash"], log_root: ["日志根", "Log root"], state_root: ["状态根", "State root"],
  tx_root: ["交易根", "Tx root"], proposer: ["出块者", "Proposer"],
  // the page's frame, search and the home page
  brand_sub: ["碳账本", "Carbon ledger"], search_hint: ["交易编号、区块、账户、名称、序号 CEA-2024#1234、项目",
    "Tx id, block, account, name, serial CEA-2024#1234, project"], projects: ["项目", "Projects"],
  certificates: ["注销证明", "Certificates"], checkpoints_nav: ["检查点", "Checkpoints"], loading: ["加载中…", "Loading…"],
  foot_registry: ["全国碳市场注册登记账本。", "National carbon market registry ledger."],
  foot_proofs: ["证明在您的浏览器中以本页内置的验证者公钥核验；请将", "Proofs are checked in your browser against the validator keys pinned in this page: compare"],
  foot_compare: ["与您信任的版本比对（tanledger trust export），或用 tanledger verify 离线验证。",
    "with the one you trust (tanledger trust export), or verify offline with tanledger verify."],
  trust_unusable: ["本页内置的信任根不可用", "The trust root pinned in this page is unusable"],
  no_webcrypto: ["此浏览器在这里不提供 WebCrypto：请通过 https（或 localhost）访问以验证证明。",
    "This browser gives no WebCrypto here: open the explorer over https (or on localhost) to verify proofs."],
  not_found: ["未找到", "Not found"], error: ["错误", "Error"], none: ["无", "none"],
  search_empty: ["请输入交易编号、区块高度、账户、名称或序号", "Type a transaction id, block height, account, name or serial"],
  no_match: ["本账本中没有与之匹配的记录", "Nothing on this ledger matches"], search_results: ["搜索结果", "Search results"],
  results_n: ["条结果", "results"],
  log: ["日志序号", "Log index"],
  home_title: ["全国碳市场注册登记账本", "National carbon market registry"], chain: ["链状态", "Chain"],
  chain_id: ["链标识", "Chain id"],
  recent_blocks: ["最新区块", "Latest blocks"], recent_txs: ["最新交易", "Latest transactions"],
  type: ["类型", "Type"], validators: ["个验证者", "validators"],
  quorum: ["法定数", "quorum"], latest_checkpoint: ["最新共签检查点", "Latest co-signed checkpoint"],
  no_checkpoint: ["尚无检查点", "No checkpoint yet"], verify_history: ["在浏览器中验证历史", "verify the history in this browser"],
  instruments: ["品种与总量", "Instruments and supply"], instruments_in_all: ["个品种", "instruments in all"],
  cycle_completion: ["本履约周期完成情况", "Current compliance cycle"], no_cycle: ["尚未设定履约周期", "No compliance cycle set yet"],
  full_list: ["完整名单", "the full list"], no_provinces: ["暂无分省数据", "No figures by province from this node"],
  public_records: ["公开信息", "Public records"], verify_file: ["验证证明文件 (.tlog-proof)", "Verify a .tlog-proof file"],
  // the pages' labels, one language at a time (engineer home)
  methodologies: ["方法学", "Methodologies"], vvbs: ["审定与核查机构", "VVBs"],
  owner: ["业主", "Owner"], registered: ["登记", "Registered"],
  decision: ["决定", "Decision"], no_project: ["无项目", "no project"], location: ["地点", "Location"],
  facility: ["设施", "Facility"], external_ref: ["外部编号", "External reference"],
  construction_start: ["开工", "Construction start"], crediting_period: ["计入期", "Crediting period"],
  comments: ["公众意见", "Comments"],
  windows: ["公示期与时限", "Windows and dates"], publicity: ["公示期", "Publicity"], decision_due: ["登记决定时限", "Decision due"],
  registered_time: ["登记时间", "Registered"], cancelled_at: ["注销", "Cancelled"], commitments: ["双承诺", "Commitments"],
  committed_by: ["承诺方", "By"], missing: ["缺失", "missing"], inclusion_proof: ["包含证明", "inclusion proof"],
  documents: ["文件（按哈希）", "Documents (by hash)"], document: ["文件", "Document"],
  reports: ["减排量核算报告", "Reduction reports"], period: ["监测期", "Period"],
  verified_amount: ["核查量", "Verified"], decision_due_short: ["时限", "Decision due"], issuances: ["签发", "Issuances"],
  code: ["编号", "Code"], field: ["领域", "Field"],
  max_crediting: ["最长计入期（年）", "Max crediting years"], version: ["版本", "Version"], fields_accredited: ["领域", "Fields"],
  change_history: ["变更", "History"], vvbs_title: ["审定与核查机构", "Validation and verification bodies"],
  certificate_short: ["证明", "Certificate"], certificate_link: ["证明", "certificate"],
  cancelled_for_good: ["以下配额已永久注销，不再流转。", "These tonnes were cancelled for good and never move again."],
  certificate_no: ["证明编号", "Certificate no."], cancelled_by: ["注销方", "Holder"], late: ["逾期", "late"],
  window_open: ["公示中", "open"], window_closed: ["已结束", "closed"], projects_n: ["个项目", "projects"],
  published_n: ["个已发布", "published"], bodies_n: ["家机构", "bodies"],
  certificate_list: ["注销证明列表", "Cancellation certificates"], certificates_n: ["份证明", "certificates"],
  no_holdings: ["无持有", "no holdings"],
  serial_hint: ["序号", "serial"],
  terminal_yes: ["是：此吨不再流转", "yes: this tonne never moves again"], no: ["否", "no"],
  cycle_not_set: ["尚未设定", "not set by the MEE"], on_time_n: ["按期履约", "On time"],
  deadline_completion: ["截止时完成率", "At the deadline"],
  terminal_account: ["终止账户：此处的配额不再流转", "terminal account: units here never move again"],
  holders_n: ["个持有人", "holders"], every_hop: ["每一次流转", "Every hop"],
  balanced_yes: ["签发 = 持有 + 已清缴 + 已注销 + 已收回 ✓", "issued = held + surrendered + cancelled + withdrawn ✓"],
  balanced_no: ["不守恒 ✗", "not balanced ✗"], pending: ["待上链", "pending"],
  tx_signers: ["签名者", "Signers"], view_certificate: ["查看注销证明", "view certificate"],
  result_code: ["结果", "Code"], no_events: ["无事件", "no events"],
  log_short: ["日志", "Log"], previous: ["← 上一个", "← previous"],
  next_arrow: ["下一个 →", "next →"], later_checkpoints: ["更新的检查点 →", "later checkpoints →"],
  transactions: ["交易", "Transactions"], checking: ["验证中…", "checking…"],
  checked_here: ["在本浏览器中以 WebCrypto（Ed25519、SHA-256）按本页内置的信任根验证。",
    "Checked in this browser with WebCrypto (Ed25519, SHA-256) against the trust root pinned in this page."],
  audit_path: ["审计路径", "Audit path"], bundle_tx_hint: ["交易编号（可选）", "transaction id (optional)"], file: ["文件", "File"],
  checkpoints_checked: ["每个检查点的签名及其与前一检查点的一致性均在本浏览器中按本页内置的信任根验证。",
    "Each checkpoint's signatures, and its consistency with the one before it, are checked in this browser against the trust root pinned in this page."],
  checkpoint_forgotten: ["已忘记；下次验证时重新记住。", "The remembered checkpoint is forgotten: the next verification remembers its own."],
  first_checkpoint: ["首个", "first"], consistent_with: ["一致于", "consistent with"],
  // the trust page (pages_trust.js, trust.js): which trust root the checks use, witnesses, max age
  trust_page: ["信任根", "Trust root"], trust_in_use: ["当前使用的信任根", "Trust root in use"],
  trust_source_node: ["验证使用的是本节点自己提供的信任根（/v1/trust）：说谎的节点也可能伪造其密钥。请载入从其他可靠渠道获得的信任文件。",
    "Checks use this node's own trust root (its /v1/trust): a node that lies could lie about its keys too. Load a trust file obtained elsewhere."],
  trust_source_file: ["验证使用的是您载入的信任文件，而非本节点提供的信任根。", "Checks use the trust file you loaded, not the node's own trust root."],
  trust_file_unusable: ["您载入的信任文件不可用", "The trust file you loaded is unusable"],
  origin: ["日志来源", "Origin"], genesis_hash: ["创世哈希", "Genesis hash"], validator_sets: ["验证者集合", "Validator sets"],
  from_size: ["起始日志大小", "From log size"], witness_policy: ["见证策略", "Witness policy"],
  no_witness_policy: ["无（不要求见证者联署）", "none (no witness cosignature required)"], witnesses: ["见证者", "Witnesses"],
  max_age: ["检查点最长时效", "Max age of a checkpoint"], no_max_age: ["不限", "no limit"],
  max_age_hint: ["见证者最近一次为最新检查点联署的时间距今超过此秒数时，验证判定为过期（留空则不限）。",
    "A proof whose checkpoint the witnesses last vouched for more than this many seconds ago is refused as stale (empty: no limit)."],
  compare_node: ["与本节点比对", "Compared with this node"], check: ["检查项", "Check"], result: ["结果", "Result"],
  node_says: ["节点所述", "The node says"], mismatch: ["不一致", "MISMATCH"], hashed_here: ["在本浏览器中计算的 /v1/genesis 哈希", "its /v1/genesis hashed in this browser"],
  compare_hint: ["与 tanledger trust check 相同：本节点的创世文件在此计算哈希，来源、验证者集合和见证策略与其 /v1/trust 比对。",
    "As tanledger trust check does: the node's genesis document hashed here; origin, validator sets and witness policy compared with its /v1/trust."],
  compare_failed: ["无法与本节点比对", "Cannot compare with this node"],
  load_trust: ["载入信任文件", "Load a trust file"], use_trust_file: ["使用此信任文件", "Use this trust file"],
  use_node_trust: ["改用本节点的信任根", "Use the node's own trust root"], trust_refused: ["信任文件被拒绝", "trust file refused"],
  load_trust_hint: ["从主管部门公告或 tanledger trust export 获得的 trust.json；保存在本浏览器中，直到您改用节点的信任根。",
    "A trust.json from the registry's publication or tanledger trust export; kept in this browser until you switch back to the node's own."],
  save: ["保存", "Save"], trust_node_short: ["本节点自己的信任根：载入您的信任文件", "the node's own: load yours"],
  trust_file_short: ["您载入的信任文件", "your trust file"],
};

// Transaction types and event reasons.
export const KINDS = {
  register_participant: ["登记参与方", "Register participant"], create_instrument: ["创建品种", "Create instrument"],
  transfer: ["转让", "Transfer"], rotate_key: ["更换密钥", "Rotate key"], set_account_status: ["账户状态", "Account status"],
  set_compliance_cycle: ["设定履约周期", "Set compliance cycle"], allocate: ["分配", "Allocation"],
  record_emissions: ["录入核查排放量", "Record emissions"], designate_forced_compliance: ["指定强制履约", "Designate forced compliance"],
  surrender: ["清缴", "Surrender"], forced_surrender: ["强制清缴", "Forced surrender"], release_allocation: ["发放配额", "Release allocation"],
  enforce_shortfall: ["缺口处置", "Enforce shortfall"], cancel: ["注销", "Cancellation"], cancellation: ["注销", "Cancellation"],
  court_order: ["司法指令", "Court order"], carryover_notice: ["结转通知", "Carry-over notice"],
  carryover_apply: ["结转申请", "Carry-over application"], carryover_execute: ["结转执行", "Carry-over"],
  issue: ["签发", "Issuance"], move: ["转移", "Move"], true_up_withdrawal: ["核定收回", "True-up withdrawal"],
  release: ["发放", "Release"], succession: ["承继", "Succession"], carryover_application: ["结转冻结", "Carry-over freeze"],
  opening_balance: ["期初余额 (创世迁入)", "Opening balance (migrated at genesis)"],
  set_market_rules: ["设定市场规则", "Set market rules"], set_calendar: ["设定工作日历", "Set working-day calendar"],
  request_key_recovery: ["申请密钥恢复", "Request key recovery"], veto_key_recovery: ["否决密钥恢复", "Veto key recovery"],
  complete_key_recovery: ["完成密钥恢复", "Complete key recovery"], publish_price: ["发布月均价", "Publish monthly price"],
  record_exemption: ["录入豁免", "Record exemption"], pre_allocation: ["预分配", "Pre-allocation"], true_up: ["核定", "True-up"],
  deduction_restored: ["返还扣减", "Deduction restored"], surrender_refund: ["清缴退还", "Surrender refund"],
};

export const STATUS_CODES = {
  A: ["已足额清缴", "Compliant"], B: ["未足额清缴", "Short"], C: ["未录入核查排放量", "Not entered"], X: ["豁免", "Exempt"],
};

const LANG_KEY = "tanledger.lang";
export const LANGS = ["zh", "en"];

/** The language pages are shown in: "zh" (the default) or "en", as the header's switch last set it. */
export function lang() {
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh"; // storage refused (private mode, file://): Chinese
  }
}

/** Remember `code` ("zh" or "en") as the language of every page; the caller re-renders. */
export function setLang(code) {
  try {
    localStorage.setItem(LANG_KEY, code === "en" ? "en" : "zh");
  } catch { /* not remembered: this page still switches */ }
  document.documentElement.lang = code === "en" ? "en" : "zh-CN";
}

/** A term as text in the current language (for attributes, placeholders and composed strings). */
export function termText(key, table = TERMS) {
  const pair = table[key];
  return pair ? pair[lang() === "en" ? 1 : 0] : key;
}

/** A label in the current language, the other language in its title. Unknown keys show as themselves. */
export function term(key, table = TERMS) {
  const pair = table[key];
  if (!pair) return h("span", { class: "term" }, key);
  const en = lang() === "en";
  return h("span", { class: "term", lang: en ? "en" : "zh-CN", title: pair[en ? 0 : 1] }, pair[en ? 1 : 0]);
}
export const kind = (key) => term(key, KINDS);

export const fmtInt = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US"));
export const fmtBp = (bp) => (bp === null || bp === undefined ? "—" : `${(bp / 100).toFixed(2)} %`);
export const short = (hexText, n = 12) => (hexText && hexText.length > n + 4 ? `${hexText.slice(0, n)}…` : hexText);
/** An RFC 3339 time of the API as people read it: 2024-01-02 09:00:00 +08:00 (milliseconds kept if any). */
export const fmtTime = (t) => (t ? t.replace("T", " ").replace(/\.000(?=[+\-Z])/, "").replace(/([+-]\d\d:\d\d|Z)$/, " $1") : "—");

/** A monospace hash with its full value in the title; `href` makes it a link. */
export function hashText(value, href = null, n = 16) {
  const text = h("code", { class: "hash", title: value }, short(value, n));
  return href ? h("a", { href }, text) : text;
}

/** A validator's note key name as people say it: `<origin>/v1` → v1 (the full name in the title). */
export function signerName(trust, name) {
  const prefix = `${trust.origin}/`;
  return h("span", { title: name }, name.startsWith(prefix) ? name.slice(prefix.length) : name);
}

export const txLink = (id) => hashText(id, `#/tx/${id}`);
export const blockLink = (height) => h("a", { href: `#/block/${height}` }, `#${height}`);
export const accountLink = (id) => (id ? h("a", { href: `#/account/${encodeURIComponent(id)}` }, id) : "—");
export const instrumentLink = (id) => h("a", { href: `#/instrument/${encodeURIComponent(id)}` }, id);
export const serialLink = (iid, serial, label = `#${serial}`) => h("a", { href: `#/serial/${encodeURIComponent(iid)}/${serial}` }, label);

/** Serial ranges as links to the provenance of each range's first tonne. */
export function rangeLinks(iid, ranges) {
  return (ranges ?? []).flatMap(([a, b], i) => [i ? ", " : "", serialLink(iid, a, a === b ? `#${a}` : `#${a}–${b}`)]);
}

/** A two-column table of label → value rows; rows whose value is undefined are left out. */
export function fields(rows) {
  return h("dl", { class: "fields" }, rows.filter(([, v]) => v !== undefined)
    .map(([label, value]) => [h("dt", {}, label), h("dd", {}, value ?? "—")]));
}

/** A table: headers (nodes or strings) and rows of cells. */
export function table(headers, rows, attrs = {}) {
  return h("div", { class: "table-wrap" }, h("table", attrs,
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c)))))));
}

export const section = (title, ...body) => h("section", { class: "card" }, h("h2", {}, title), ...body);

/** An error answer of the API: its `{code, message}` kept for the page to show. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET a JSON resource of this node's API; throw ApiError with the API's code on an error answer. */
export async function api(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.code ?? "http_error", body?.message ?? response.statusText);
  return body;
}

/** GET a text resource (a .tlog-proof bundle). */
export async function apiText(path) {
  const response = await fetch(path);
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).message; } catch { /* plain text */ }
    throw new ApiError(response.status, "http_error", message);
  }
  return text;
}

/** The message box shown in place of a page whose data could not be read. */
export const errorBox = (error) => h("div", { class: "notice error" }, term(error.status === 404 ? "not_found" : "error"), ": ",
  error.message);

// The 31 provincial-level regions (GB/T 2260 codes, cli/provinces.py): code → [中文, English].
export const PROVINCES = {
  "11": ["北京", "Beijing"], "12": ["天津", "Tianjin"], "13": ["河北", "Hebei"], "14": ["山西", "Shanxi"],
  "15": ["内蒙古", "Inner Mongolia"], "21": ["辽宁", "Liaoning"], "22": ["吉林", "Jilin"], "23": ["黑龙江", "Heilongjiang"],
  "31": ["上海", "Shanghai"], "32": ["江苏", "Jiangsu"], "33": ["浙江", "Zhejiang"], "34": ["安徽", "Anhui"],
  "35": ["福建", "Fujian"], "36": ["江西", "Jiangxi"], "37": ["山东", "Shandong"], "41": ["河南", "Henan"],
  "42": ["湖北", "Hubei"], "43": ["湖南", "Hunan"], "44": ["广东", "Guangdong"], "45": ["广西", "Guangxi"],
  "46": ["海南", "Hainan"], "50": ["重庆", "Chongqing"], "51": ["四川", "Sichuan"], "52": ["贵州", "Guizhou"],
  "53": ["云南", "Yunnan"], "54": ["西藏", "Tibet"], "61": ["陕西", "Shaanxi"], "62": ["甘肃", "Gansu"],
  "63": ["青海", "Qinghai"], "64": ["宁夏", "Ningxia"], "65": ["新疆", "Xinjiang"],
};

/** A province code as its Chinese name with the English name and code in the title; unknown codes show as themselves. */
export function provinceName(code) {
  const pair = PROVINCES[code];
  if (!pair) return h("span", { class: "province" }, code ?? "—");
  return h("span", { class: "province", title: `${pair[1]} (${code})` }, pair[0]);
}

/** An amount in fen as yuan with thousands separators and two decimals: 123456 → ¥1,234.56. */
export const fmtYuan = (fen) => (fen === null || fen === undefined ? "—"
  : `${fen < 0 ? "-" : ""}¥${(Math.abs(Number(fen)) / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
