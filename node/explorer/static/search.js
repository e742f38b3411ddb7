// The search box: what a query names, as the hash route of its page.
//
//   64 hex characters          a transaction           #/tx/<id>
//   1234, block 1234           a block height          #/block/1234
//   log 17, leaf 17            a log index             #/log/17
//   CEA-2024#1234              one tonne's provenance  #/serial/CEA-2024/1234
//   CEA-2024                   an instrument           #/instrument/CEA-2024
//   compliance 2024, 履约 2024  the compliance list    #/compliance/2024
//   91110000000000001X, MEE    an account              #/account/<id>
//   project P-1                a project               #/project/P-1
//   WIND-001, 如东海上风电       a project by id or name  #/project/WIND-001 (one match) or #/projects/<text>
// Ids that could be an instrument or an account (PROV-11, SURRENDERED-2024) are resolved by asking
// the node which one exists, then whether a project has that id; text that names nothing else is
// looked up among the projects' ids and names (see `resolve`).

const TX_ID = /^[0-9a-f]{64}$/i;
const HEIGHT = /^(?:block|height|区块)?\s*[:#]?\s*(\d{1,16})$/i;
const LOG_INDEX = /^(?:log|leaf|日志)\s*[:#]?\s*(\d{1,16})$/i;
const SERIAL = /^([A-Z]{2,8}-[0-9A-Z-]{2,48})\s*#\s*(\d{1,16})$/i;
const INSTRUMENT = /^[A-Z]{2,8}-[0-9A-Z-]{2,48}$/i;
const ACCOUNT = /^[0-9A-Z][0-9A-Z-]{1,63}$/i;
const COMPLIANCE = /^(?:compliance|履约|清缴)\s*(\d{4})$/i;
const PROJECT = /^(?:project|项目)\s*[:#]?\s*(\S+)$/i;
const TERMINAL = /^(CANCELLED|WITHDRAWN|SURRENDERED-\d{4})$/i;
const PROJECT_ID = /^[A-Z0-9-]{3,24}$/;

/**
 * The route a query names: {route} when the form alone decides, {ambiguous: [routes]} when the node
 * must say which exists, or {error} when it names nothing.
 */
export function classify(query) {
  const q = query.trim();
  let m;
  if (!q) return { error: "type a transaction id, block height, account, instrument or serial" };
  if (TX_ID.test(q)) return { route: `#/tx/${q.toLowerCase()}` };
  if ((m = LOG_INDEX.exec(q))) return { route: `#/log/${BigInt(m[1])}` };
  if ((m = HEIGHT.exec(q))) return { route: `#/block/${BigInt(m[1])}` };
  if ((m = COMPLIANCE.exec(q))) return { route: `#/compliance/${m[1]}` };
  if ((m = SERIAL.exec(q))) return { route: `#/serial/${m[1].toUpperCase()}/${BigInt(m[2])}` };
  if ((m = PROJECT.exec(q))) return { route: `#/project/${encodeURIComponent(m[1])}` };
  if (/^checkpoints?$/i.test(q)) return { route: "#/checkpoints" };
  const id = q.toUpperCase();
  if (TERMINAL.test(id)) return { route: `#/account/${id}` };
  const asInstrument = INSTRUMENT.test(id), asAccount = ACCOUNT.test(id);
  if (asInstrument && asAccount) return { ambiguous: [`#/instrument/${id}`, `#/account/${id}`] };
  if (asInstrument) return { route: `#/instrument/${id}` };
  if (asAccount) return { route: `#/account/${id}` };
  return { error: `"${q}" is not a transaction id, height, account, instrument or serial` };
}

const API_OF = { instrument: (id) => `/v1/instruments/${id}`, account: (id) => `/v1/accounts/${id}` };

/** The route of a query, asking the node which of two readings exists, else a project; an {error} if none does. */
export async function resolve(query) {
  const found = classify(query);
  if (found.route || !query.trim()) return found;
  for (const route of found.ambiguous ?? []) {
    const [, page, id] = route.split("/");
    if (await exists(API_OF[page](id))) return { route };
  }
  return (await findProject(query.trim())) ?? { error: found.error ??
    `no instrument, account or project ${query.trim().toUpperCase()} on this ledger` };
}

async function exists(path) {
  return (await fetch(path, { headers: { accept: "application/json" } })).ok;
}

/** A project whose id is `text`, else the projects whose id or name contains it (null when none does). */
async function findProject(text) {
  if (PROJECT_ID.test(text.toUpperCase()) && await exists(`/v1/projects/${text.toUpperCase()}`)) {
    return { route: `#/project/${text.toUpperCase()}` };
  }
  const response = await fetch(`/v1/projects?limit=2&q=${encodeURIComponent(text)}`, { headers: { accept: "application/json" } });
  const answer = response.ok ? await response.json() : { count: 0 };
  if (answer.count === 1) return { route: `#/project/${answer.projects[0].id}` };
  return answer.count > 1 ? { route: `#/projects/${encodeURIComponent(text)}` } : null;
}
