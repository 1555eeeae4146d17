import { escape } from 'html-escaper';

export interface HostedPageInput {
  orgName: string;
  token: string;
  nonce: string;
  expiresAt: Date;
}

function layout(title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)}</title>
<style${nonce ? ` nonce="${nonce}"` : ''}>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #f6f7f9; }
  main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
  iframe { width: 100%; min-height: 600px; height: 80vh; border: 1px solid #d0d4da; border-radius: 8px; background: #fff; }
  .status { margin: .75rem 0; }
</style>
</head>
<body><main>${body}</main>${script && nonce ? `<script nonce="${nonce}">${script}</script>` : ''}</body>
</html>`;
}

/**
 * The hosted setup page. The Scalekit link is fetched by the script (POST /session), so a
 * link scanner that only GETs the page spends nothing.
 */
export function hostedPage({ orgName, token, nonce, expiresAt }: HostedPageInput): string {
  const body = `
<h1>Set up single sign-on for ${escape(orgName)}</h1>
<p>Connect your identity provider (Okta, Entra ID, Google Workspace, ...) below. This page works until ${escape(expiresAt.toUTCString())}.</p>
<p class="status" id="status" role="status">Opening the setup portal…</p>
<iframe id="portal" title="SSO setup portal" allow="clipboard-write" hidden></iframe>`;
  const script = `
(async () => {
  const status = document.getElementById('status');
  const frame = document.getElementById('portal');
  try {
    const res = await fetch(${JSON.stringify(`/p/${token}/session`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"firstLoad":true}' });
    if (!res.ok) throw new Error(String(res.status));
    const { location } = await res.json();
    frame.src = location;
    frame.hidden = false;
    status.textContent = '';
  } catch {
    status.textContent = 'The setup portal could not be opened right now. Reload the page to try again.';
  }
})();`;
  return layout(`SSO setup for ${orgName}`, body, nonce, script);
}

export function deadLinkPage(reason: 'expired' | 'revoked' | 'unknown'): string {
  const why = {
    expired: 'This setup link has expired.',
    revoked: 'This setup link has been withdrawn.',
    unknown: 'This setup link is not valid.',
  }[reason];
  return layout('Setup link unavailable', `<h1>${why}</h1><p>Please ask your contact for a new link.</p>`);
}
