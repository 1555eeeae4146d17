// HTML for the fake Scalekit Admin Portal: one self-contained page (inline CSS and JS under a
// nonce-based CSP). Every dynamic value is HTML-escaped, or JSON-escaped inside a non-executed
// `<script type="application/json">` block, so org names like `<script>` stay text.
import { escape } from 'html-escaper';

export interface PortalPageInput {
  orgId: string;
  orgName: string;
  linkId: string;
  sessionToken: string;
  sessionExpiresAt: Date;
  /** The PORTAL_LOAD_SUCCESS message posted on load. */
  loadMessage: unknown;
  nonce: string;
  /** The parts this link's portal offers (its `features`); the others are not on the page. */
  offers: { sso: boolean; directory: boolean };
  /** Already-enabled features, shown as such. */
  ssoEnabled: boolean;
  directoryEnabled: boolean;
}

/** The buttons: element id = action name in `POST /portal/<linkId>/actions/<action>`. */
export const PORTAL_ACTIONS = [
  'configure-sso',
  'configure-directory',
  'session-warning',
  'expire-session',
  'load-failure',
  'legacy-sso-configured',
] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function portalCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const STYLE = `
  :root { color-scheme: light; --ink:#1c2233; --muted:#5b6478; --line:#e3e6ee; --brand:#4b3df0; --ok:#16794c; --warn:#9a5b00; --bad:#b42318; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:#f6f7fb; }
  header { display:flex; align-items:center; gap:12px; padding:16px 24px; background:#fff; border-bottom:1px solid var(--line); }
  .logo { width:28px; height:28px; border-radius:8px; background:linear-gradient(135deg,#6d5cff,#3b2bd6); flex:none; }
  h1 { font-size:18px; margin:0; font-weight:600; }
  main { max-width:760px; margin:24px auto; padding:0 24px; }
  .card { background:#fff; border:1px solid var(--line); border-radius:12px; padding:20px 24px; margin-bottom:16px; }
  .card h2 { font-size:15px; margin:0 0 4px; }
  .card p { margin:0 0 12px; color:var(--muted); }
  .row { display:flex; flex-wrap:wrap; gap:8px; align-items:center; }
  button { font:inherit; font-size:14px; padding:8px 14px; border-radius:8px; border:1px solid var(--line); background:#fff; color:var(--ink); cursor:pointer; }
  button.primary { background:var(--brand); border-color:var(--brand); color:#fff; }
  button:disabled { opacity:.55; cursor:default; }
  .badge { font-size:12px; padding:2px 8px; border-radius:999px; background:#eef0f6; color:var(--muted); }
  .badge.on { background:#e3f5ec; color:var(--ok); }
  #status { min-height:24px; margin:0 0 16px; font-weight:600; }
  #status.ok { color:var(--ok); } #status.warn { color:var(--warn); } #status.bad { color:var(--bad); }
  .ended main > .card { display:none; }
  .ended #ended { display:block; }
  #ended { display:none; text-align:center; padding:40px 24px; }
  footer { max-width:760px; margin:0 auto 24px; padding:0 24px; font-size:12px; color:var(--muted); }
`;

const SCRIPT = `
(() => {
  'use strict';
  const cfg = JSON.parse(document.getElementById('portal-config').textContent);
  const statusEl = document.getElementById('status');
  const buttons = Array.from(document.querySelectorAll('button[data-action]'));
  let ended = false;
  let busy = false;

  function post(message) {
    try { window.parent.postMessage(message, '*'); } catch (e) { /* no parent */ }
  }
  function say(text, kind) {
    statusEl.textContent = text;
    statusEl.className = kind || '';
  }
  function end(title, detail) {
    ended = true;
    document.body.classList.add('ended');
    document.getElementById('ended-title').textContent = title;
    document.getElementById('ended-detail').textContent = detail;
    buttons.forEach((b) => { b.disabled = true; });
    clearTimeout(warnTimer); clearTimeout(expiryTimer);
  }
  function setBadge(id) {
    const el = document.getElementById(id);
    el.textContent = 'Enabled';
    el.classList.add('on');
  }

  const screens = {
    'configure-sso': (m) => { setBadge('sso-badge'); say('SSO is enabled (Okta SAML, ' + (m.data && m.data.connection_id) + ')', 'ok'); },
    'legacy-sso-configured': () => { setBadge('sso-badge'); say('SSO is enabled (legacy SSO_CONFIGURED message sent)', 'ok'); },
    'configure-directory': (m) => { setBadge('dir-badge'); say('Directory sync is enabled (Okta SCIM, ' + (m.data && m.data.directory_id) + ')', 'ok'); },
    'session-warning': () => { say('Your session ends soon. Finish your changes.', 'warn'); },
    'expire-session': () => { end('Session expired', 'This portal session has ended. Ask for a new setup link to continue.'); },
    'load-failure': (m) => { end('Could not load the portal', 'Error: ' + ((m.data && m.data.error_code) || 'UNKNOWN') + '. Ask for a new setup link.'); },
  };

  async function act(action) {
    if (busy && action !== 'expire-session') return;
    busy = true;
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const res = await fetch(cfg.actionsUrl + action, {
        method: 'POST',
        headers: { 'x-portal-session': cfg.session },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok && body.message) {
        post(body.message);
        (screens[action] || (() => {}))(body.message);
      } else if (body.error === 'session_expired' && action !== 'expire-session') {
        busy = false;
        return act('expire-session');
      } else {
        say('Something went wrong (' + (body.error || res.status) + '). Try again.', 'bad');
      }
    } catch (e) {
      say('Network error. Try again.', 'bad');
    } finally {
      busy = false;
      if (!ended) buttons.forEach((b) => { b.disabled = false; });
    }
  }

  buttons.forEach((b) => b.addEventListener('click', () => act(b.dataset.action)));

  // The real portal warns before its session ends and then expires it.
  const left = new Date(cfg.sessionExpiresAt).getTime() - Date.now();
  const lead = Math.min(5 * 60 * 1000, Math.floor(left / 2));
  const cap = (ms) => Math.max(0, Math.min(ms, 2147483647));
  const warnTimer = setTimeout(() => { if (!ended) act('session-warning'); }, cap(left - lead));
  const expiryTimer = setTimeout(() => { if (!ended) act('expire-session'); }, cap(left));

  post(cfg.loadMessage);
})();
`;

export function portalPage(p: PortalPageInput): string {
  const name = escape(p.orgName);
  const config = scriptJson({
    orgId: p.orgId,
    linkId: p.linkId,
    session: p.sessionToken,
    sessionExpiresAt: p.sessionExpiresAt.toISOString(),
    actionsUrl: `/portal/${encodeURIComponent(p.linkId)}/actions/`,
    loadMessage: p.loadMessage,
  });
  const badge = (on: boolean, id: string) =>
    `<span class="badge${on ? ' on' : ''}" id="${id}">${on ? 'Enabled' : 'Not configured'}</span>`;
  const { offers } = p;
  const title = offers.sso ? 'Single sign-on setup' : 'Directory sync setup';
  const purpose = [
    offers.sso ? 'Connect your identity provider so your team signs in with their company account.' : '',
    offers.directory ? 'Connect your directory so users and groups are provisioned automatically (SCIM).' : '',
  ].filter(Boolean).join(' ');
  const ssoCard = `
  <section class="card" id="sso-card">
    <h2>Single sign-on ${badge(p.ssoEnabled, 'sso-badge')}</h2>
    <p>Configure a SAML connection with your identity provider.</p>
    <div class="row">
      <button type="button" class="primary" id="configure-sso" data-action="configure-sso">Configure Okta SAML</button>
      <button type="button" id="legacy-sso-configured" data-action="legacy-sso-configured">Legacy: SSO_CONFIGURED</button>
    </div>
  </section>`;
  const directoryCard = `
  <section class="card" id="directory-card">
    <h2>Directory sync ${badge(p.directoryEnabled, 'dir-badge')}</h2>
    <p>Provision users and groups from your directory.</p>
    <div class="row">
      <button type="button" class="primary" id="configure-directory" data-action="configure-directory">Connect directory (Okta SCIM)</button>
    </div>
  </section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Fake Scalekit Admin Portal for ${name}</title>
<style nonce="${p.nonce}">${STYLE}</style>
</head>
<body>
<header><div class="logo" aria-hidden="true"></div><h1>${name} · ${title}</h1></header>
<main>
  <p id="status" role="status" aria-live="polite"></p>
  <section class="card">
    <h2>${title} for ${name}</h2>
    <p>${purpose}
    This is a simulated Scalekit Admin Portal: each button stands for what an IT admin would do here.</p>
  </section>${offers.sso ? ssoCard : ''}${offers.directory ? directoryCard : ''}
  <section class="card">
    <h2>Portal session</h2>
    <p>Simulate what the portal reports to the page that embeds it.</p>
    <div class="row">
      <button type="button" id="session-warning" data-action="session-warning">Warn: session ending soon</button>
      <button type="button" id="expire-session" data-action="expire-session">Let the session expire</button>
      <button type="button" id="load-failure" data-action="load-failure">Fail to load (session expired)</button>
    </div>
  </section>
  <section class="card" id="ended"><h2 id="ended-title"></h2><p id="ended-detail"></p></section>
</main>
<footer>Fake Scalekit Admin Portal for ${name} · organization ${escape(p.orgId)} · link ${escape(p.linkId)}</footer>
<script type="application/json" id="portal-config">${config}</script>
<script nonce="${p.nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

/** Small page for refused links (used, expired, unknown). */
export function notice(title: string, text: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    `<style nonce="${nonce}">body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1c2233;background:#f6f7fb}` +
    `div{max-width:520px;margin:64px auto;background:#fff;border:1px solid #e3e6ee;border-radius:12px;padding:24px 28px}` +
    `h1{font-size:18px;margin:0 0 8px}p{margin:0;color:#5b6478}</style></head>` +
    `<body><div><h1>${escape(title)}</h1><p>${escape(text)}</p></div></body></html>`;
}
