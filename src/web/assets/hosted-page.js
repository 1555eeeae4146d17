// The hosted setup page's script: asks the bot for a fresh single-use Scalekit portal link on
// each load, shows it in the iframe, and reacts to the portal's postMessage events.
(() => {
  const MAX_RENEWALS = 3;
  const frame = document.getElementById('portal');
  const status = document.getElementById('status');
  const banner = document.getElementById('banner');
  const problem = document.getElementById('problem');
  const problemText = document.getElementById('problem-text');
  const retry = document.getElementById('retry');
  const portalOrigin = frame.dataset.portalOrigin;
  const base = window.location.pathname.replace(/\/+$/, '');
  let renewals = 0;
  let firstLoad = true;

  const EXPIRED = new Set(['PORTAL_SESSION_EXPIRY', 'SESSION_EXPIRED']);
  // The portal events to relay to the bot, each with its banner: { name: { text, kind } }.
  const REPORTED = JSON.parse(frame.dataset.portalEvents || '{}');

  function showBanner(text, kind) {
    banner.textContent = text;
    banner.className = `banner ${kind}`;
    banner.hidden = false;
  }

  function showProblem(text, canRetry) {
    status.textContent = '';
    problemText.textContent = text;
    retry.hidden = !canRetry;
    problem.hidden = false;
  }

  async function openPortal() {
    problem.hidden = true;
    status.textContent = 'Opening the setup portal…';
    let response;
    try {
      response = await fetch(`${base}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstLoad }),
        cache: 'no-store',
      });
    } catch {
      showProblem('We could not reach the server. Check your connection and try again.', true);
      return;
    }
    if (response.ok) {
      const { location } = await response.json();
      firstLoad = false;
      frame.src = location;
      frame.hidden = false;
      status.textContent = '';
      return;
    }
    frame.hidden = true;
    if (response.status === 404 || response.status === 410) {
      showProblem('This setup link is no longer valid. Please ask your contact for a new one.', false);
    } else if (response.status === 429) {
      const wait = Number(response.headers.get('retry-after')) || 60;
      showProblem(`Too many attempts. Please try again in ${wait} seconds.`, true);
    } else {
      showProblem('The setup portal is not available right now. Please try again in a minute.', true);
    }
  }

  function renew() {
    if (renewals >= MAX_RENEWALS) {
      frame.hidden = true;
      showProblem('Your setup session has ended.', true);
      return;
    }
    renewals += 1;
    void openPortal();
  }

  window.addEventListener('message', (event) => {
    // Only the Scalekit portal in our iframe may speak to this page.
    if (event.origin !== portalOrigin || event.source !== frame.contentWindow) return;
    const data = event.data && typeof event.data === 'object' ? event.data : {};
    const name = typeof data.event_type === 'string' ? data.event_type : data.type;
    if (typeof name !== 'string') return;
    const failedOnExpiry = name === 'PORTAL_LOAD_FAILURE' && data.data && data.data.error_code === 'SESSION_EXPIRED';
    if (EXPIRED.has(name) || failedOnExpiry) {
      renew();
    } else if (name === 'PORTAL_LOAD_FAILURE') {
      showProblem('The setup portal failed to load.', true);
    } else if (name === 'PORTAL_SESSION_WARNING') {
      showBanner('Your setup session ends soon. Save your progress; the page will open a new session when it does.', 'warning');
    } else if (Object.prototype.hasOwnProperty.call(REPORTED, name)) {
      showBanner(REPORTED[name].text, REPORTED[name].kind);
      void fetch(`${base}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: name }),
      }).catch(() => {});
    }
  });

  retry.addEventListener('click', () => {
    renewals = 0;
    void openPortal();
  });

  void openPortal();
})();
