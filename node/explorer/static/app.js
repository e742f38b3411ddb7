// The explorer's entry point: the search box and the hash router (#/tx/<id>, #/block/<h>, …).

import { h, errorBox } from "./ui.js";
import { resolve } from "./search.js";
import { pinnedTrust } from "./proofs.js";
import { homePage, txPage, blockPage, logPage, checkpointsPage, verifyPage } from "./pages_chain.js";
import { accountPage, instrumentPage, serialPage } from "./pages_registry.js";
import { compliancePage } from "./pages_compliance.js";
import { projectPage, projectsPage, methodologiesPage, vvbsPage, cancellationsPage, certificatePage } from "./pages_ccer.js";

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
  const found = await resolve(input.value);
  if (found.error) message.textContent = found.error;
  else if (location.hash === found.route) route();
  else location.hash = found.route;
}

function start() {
  try {
    ctx.trust = pinnedTrust();
  } catch (error) {
    main.replaceChildren(h("div", { class: "notice error" }, `The trust root pinned in this page is unusable: ${error.message}`));
    return;
  }
  if (!globalThis.crypto?.subtle) {
    document.getElementById("banner").replaceChildren(h("div", { class: "notice error" },
      "This browser gives no WebCrypto here: open the explorer over https (or on localhost) to verify proofs. 请通过 https 访问以验证证明。"));
  }
  document.getElementById("search").addEventListener("submit", onSearch);
  window.addEventListener("hashchange", route);
  route();
}

start();
