// The trust root this browser checks proofs against, and the verifier's optional max age of a checkpoint.
//
// By default the explorer trusts the root the node pinned in the page it served (its own /v1/trust): a
// node that lies about the chain could lie about its keys too, and the pages say so plainly. A user who
// got the chain's trust file elsewhere (the registry's publication, `tanledger trust export` on a genesis
// document they trust) loads it on the trust page (#/trust); it is kept in this browser's localStorage,
// which the browser scopes to the node's address, and used for every check until forgotten. The max age
// (seconds) is kept alike: a checkpoint its witnesses last vouched for longer ago is refused as stale.

import { h, term } from "./ui.js";
import { parseTrust } from "./verify.js";

const TRUST_KEY = "tanledger/trust-file/v1";
const MAX_AGE_KEY = "tanledger/max-age/v1";

const stored = (key) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage refused (private mode): nothing was kept
  }
};

/**
 * The trust root to use: the loaded trust file ({source: "file"}) if there is a usable one, else `nodeTrust`
 * ({source: "node"}, with `fileProblem` when a loaded file no longer parses).
 */
export function chooseTrust(nodeTrust) {
  const text = stored(TRUST_KEY);
  if (text === null) return { ...nodeTrust, source: "node" };
  try {
    return { ...parseTrust(JSON.parse(text)), source: "file" };
  } catch (error) {
    return { ...nodeTrust, source: "node", fileProblem: error.message };
  }
}

/** Check a trust file's text (JSON, parseTrust's rules) and keep it for every later check; returns the parsed root. */
export function keepTrustFile(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`the trust file is not JSON: ${error.message}`);
  }
  const trust = parseTrust(value);
  localStorage.setItem(TRUST_KEY, JSON.stringify(value));
  return trust;
}

/** Forget the loaded trust file: checks use the node's own trust root again. */
export const forgetTrustFile = () => localStorage.removeItem(TRUST_KEY);

/** The max age of a checkpoint in seconds the user set, or null (no limit). */
export function maxAge() {
  const text = stored(MAX_AGE_KEY);
  return text !== null && /^[0-9]+$/.test(text) ? Number(text) : null;
}

/** Keep the max age (whole seconds, a string from an input); empty clears it. Throws on anything else. */
export function keepMaxAge(text) {
  const value = text.trim();
  if (value === "") return localStorage.removeItem(MAX_AGE_KEY);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new Error(`max age ${JSON.stringify(value)} is not a whole number of seconds: leave it empty for no limit`);
  }
  localStorage.setItem(MAX_AGE_KEY, value);
}

/** {now, maxAge} for a check of the newest checkpoint: this machine's clock (POSIX seconds) and the kept max age. */
export const freshness = () => ({ now: Math.floor(Date.now() / 1000), maxAge: maxAge() });

/** One notice: which trust root the checks on this page use, and where to change it. */
export function trustNotice(trust) {
  const link = h("a", { href: "#/trust" }, term("trust_page"));
  const genesis = trust.genesisHash ? ` (genesis ${trust.genesisHash.slice(0, 16)}…)` : "";
  if (trust.source === "file") {
    return h("p", { class: "notice trust-source", "data-source": "file" }, term("trust_source_file"), genesis, " · ", link);
  }
  return h("p", { class: "notice warn trust-source", "data-source": "node" }, term("trust_source_node"), genesis,
    trust.fileProblem ? [" ", term("trust_file_unusable"), `: ${trust.fileProblem}.`] : "", " · ", link);
}
