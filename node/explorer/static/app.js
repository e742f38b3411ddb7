// The explorer's entry point: the search box and the hash router (#/tx/<id>, #/block/<h>, …).

import { h, errorBox, lang, setLang, termText } from "./ui.js";
import { resolve, searchPage } from "./search.js";
import { pinnedTrust } from "./proofs.js";
import { homePage } from "./pages_home.js";
import { txPage, blockPage, logPage, checkpointsPage, verifyPage } from "./pages_chain.js";
import { accountPage, instrumentPage, serialPage } from "./pages_registry.js";
import { compliancePage } from "./pages_compliance.js";
import { projectPage, projectsPage, methodologiesPage, vvbsPage, cancellationsPage, certificatePage } from "./pages_ccer.js";
import { trustPage } from "./pages_trust.js";

const ROUTES = [
  [/^$/, homePage],
  [/^tx\/([0-9a-f]{64})$/, txPage],
  [/^block\/(\d+)$/, blockPage],
  [/^log\/(\d+)$/, logPage],
  [/^account\/([0-9A-Z-]+)$/, accountPage],
  [/^instrument\/([0-9A-Z-]+)$/, instrumentPage],
  [/^serial\/([0-9A-Z-]+)\/(\d+)$/, serialPage],
  [/^certificate\/([0-9a-f]{64})$/, certificatePage],
  [/^compliance\/(\d{4})(?:\?.*)?$/, compliancePage],
  [/^project\/([^/]+)$/, projectPage],
  [/^projects(?:\/(.+))?$/, projectsPage],
  [/^methodologies$/, methodologiesPage],
  [/^vvbs$/, vvbsPage],
  [/^cancellations$/, cancellationsPage],
  [/^checkpoints(?:\/(\d+))?$/, checkpointsPage],
  [/^verify$/, verifyPage],
  [/^search\/(.+)$/, searchPage],
  [/^trust$/, trustPage],
];

const main = document.getElementById("main");
const ctx = { trust: null };

/** Render the page the hash names; the body's data-page says which, data-state when it is ready. */
async function route() {
  const path = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
  const found = ROUTES.map(([re, page]) => [re.exec(path), page]).find(([m]) => m);
  document.body.dataset.state = "loading";
  main.setAttribute("aria-busy", "true");
  try {
    if (!found) throw Object.assign(new Error(`no page ${location.hash}`), { status: 404 });
    const [match, page] = found;
    document.body.dataset.page = page.name.replace(/Page$/, "");
    const content = await page(ctx, ...match.slice(1));
    if (path !== decodeURIComponent(location.hash.replace(/^#\/?/, ""))) return; // the user moved on meanwhile
    main.replaceChildren(...content);
  } catch (error) {
    main.replaceChildren(errorBox(error));
  }
  main.removeAttribute("aria-busy");
  document.body.dataset.state = "ready";
  window.scrollTo(0, 0);
}

async function onSearch(event) {
  event.preventDefault();
  const input = document.getElementById("q");
  const message = document.getElementById("search-message");
  message.textContent = "";
  const found = await resolve(input.value).catch((error) => ({ error: error.message }));
  if (found.error) message.textContent = found.error;
  else if (location.hash === found.route) route();
  else location.hash = found.route;
}

const clearMessage = () => { document.getElementById("search-message").textContent = ""; };

/** Put the current language's text in the page's fixed parts: [data-term] text, [data-term-placeholder] hints. */
function renderShell() {
  const code = lang();
  document.documentElement.lang = code === "en" ? "en" : "zh-CN";
  document.title = `TanLedger ${termText("brand_sub")}`;
  for (const el of document.querySelectorAll("[data-term]")) el.textContent = termText(el.dataset.term);
  for (const el of document.querySelectorAll("[data-term-placeholder]")) el.placeholder = termText(el.dataset.termPlaceholder);
  for (const el of document.querySelectorAll("[data-term-label]")) el.setAttribute("aria-label", termText(el.dataset.termLabel));
  for (const button of document.querySelectorAll("#lang button")) button.setAttribute("aria-pressed", String(button.value === code));
}

/** The header's zh / en switch: remember the choice, then show the shell and the page again in that language. */
function onLanguage(event) {
  const button = event.target.closest("button[value]");
  if (!button || button.value === lang()) return;
  setLang(button.value);
  renderShell();
  route();
}

function start() {
  renderShell();
  try {
    ctx.trust = pinnedTrust();
  } catch (error) {
    main.replaceChildren(h("div", { class: "notice error" }, `${termText("trust_unusable")}: ${error.message}`));
    return;
  }
  if (!globalThis.crypto?.subtle) {
    document.getElementById("banner").replaceChildren(h("div", { class: "notice error", "data-term": "no_webcrypto" },
      termText("no_webcrypto")));
  }
  document.getElementById("search").addEventListener("submit", onSearch);
  document.getElementById("q").addEventListener("input", clearMessage);
  document.getElementById("lang").addEventListener("click", onLanguage);
  window.addEventListener("hashchange", clearMessage);
  window.addEventListener("hashchange", route);
  route();
}

start();
