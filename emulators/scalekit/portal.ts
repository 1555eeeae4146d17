// The Admin Portal's routes: `GET /portal/<linkId>` opens a link once (and with it a portal
// session), `POST /portal/<linkId>/actions/<action>` is what the page's buttons call. Each action
// is recorded as a portal event; configuring SSO or a directory also sends its webhook.

import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { sendJson } from '../http.js';
import { PORTAL_ACTIONS, notice, portalCsp, portalPage, type PortalAction } from './portal-page.js';
import type { FakePortalLink, PortalFeature, ScalekitState } from './state.js';
import type { WebhookSender } from './webhooks.js';

type PortalMessage = Record<string, unknown>;

/** What the portal's IT admin can turn on, and the webhook that says so. */
const FEATURES = {
  sso: { type: 'organization.sso_enabled', object: 'Connection', kind: { connection_type: 'SAML' } },
  directory: { type: 'organization.directory_enabled', object: 'Directory', kind: { directory_type: 'SCIM' } },
} as const;

/** The actions that need a part of the portal, which a link asked with `features` may not offer. */
const ACTION_FEATURE: Partial<Record<PortalAction, PortalFeature>> = {
  'configure-sso': 'sso',
  'legacy-sso-configured': 'sso',
  'configure-directory': 'dir_sync',
};

export interface Portal {
  open(res: http.ServerResponse, linkId: string): void;
  act(req: http.IncomingMessage, res: http.ServerResponse, linkId: string, name: string): void;
}

export function createPortal(state: ScalekitState, webhooks: WebhookSender): Portal {
  function open(res: http.ServerResponse, linkId: string): void {
    const link = state.portalLinks.find((l) => l.id === linkId);
    const refuse = (status: number, title: string, text: string) => {
      const nonce = randomBytes(12).toString('base64');
      sendHtml(res, status, notice(title, text, nonce), portalCsp(nonce));
    };
    if (!link) return refuse(404, 'Link not found', 'This portal link does not exist.');
    link.opens++;
    if (link.openedAt) {
      return refuse(410, 'This link has already been used',
        'Admin Portal links work once. Ask the person who sent it for a new link.');
    }
    const now = new Date();
    if (now.getTime() > link.expiresAt.getTime()) {
      return refuse(410, 'This link has expired',
        'Admin Portal links must be opened within a minute of being issued. Ask for a new link.');
    }
    const session = state.openPortalSession(link, now);
    const loadMessage = record(link, 'PORTAL_LOAD_SUCCESS', {});
    const nonce = randomBytes(12).toString('base64');
    const html = portalPage({
      orgId: link.orgId,
      orgName: state.orgs.get(link.orgId)?.displayName ?? link.orgId,
      linkId: link.id,
      sessionToken: session.id,
      sessionExpiresAt: session.expiresAt,
      loadMessage,
      nonce,
      offers: { sso: state.offers(link, 'sso'), directory: state.offers(link, 'dir_sync') },
      ssoEnabled: state.ssoConnections.has(link.orgId),
      directoryEnabled: state.directories.has(link.orgId),
    });
    sendHtml(res, 200, html, portalCsp(nonce));
  }

  function record(link: FakePortalLink, eventType: string, data: Record<string, unknown>, legacy = false): PortalMessage {
    const message: PortalMessage = legacy
      ? { type: eventType }
      : { event_type: eventType, organization_id: link.orgId, data };
    state.portalEvents.push({ linkId: link.id, orgId: link.orgId, eventType, at: new Date(), message });
    return message;
  }

  function act(req: http.IncomingMessage, res: http.ServerResponse, linkId: string, name: string): void {
    res.setHeader('cache-control', 'no-store');
    const link = state.portalLinks.find((l) => l.id === linkId);
    if (!link) return sendJson(res, 404, { error: 'link_not_found' });
    if (!(PORTAL_ACTIONS as readonly string[]).includes(name)) return sendJson(res, 404, { error: 'unknown_action' });
    const action = name as PortalAction;
    const token = req.headers['x-portal-session'];
    const session = state.portalSessions.find((s) => s.linkId === link.id && s.id === token);
    if (!session) return sendJson(res, 401, { error: 'invalid_session' });
    const now = new Date();
    const live = !session.endedAt && now.getTime() < session.expiresAt.getTime();
    if (!live && action !== 'expire-session' && action !== 'load-failure') {
      return sendJson(res, 410, { error: 'session_expired' });
    }
    const feature = ACTION_FEATURE[action];
    if (feature && !state.offers(link, feature)) return sendJson(res, 403, { error: 'feature_not_in_link' });
    const orgId = link.orgId;
    let message: PortalMessage;
    switch (action) {
      case 'configure-sso':
      case 'legacy-sso-configured': {
        const conn = enable('sso', orgId);
        message = action === 'configure-sso'
          ? record(link, 'ORGANIZATION_SSO_ENABLED', { connection_type: 'SAML', provider: 'OKTA', connection_id: conn.id })
          : record(link, 'SSO_CONFIGURED', {}, true);
        break;
      }
      case 'configure-directory': {
        const dir = enable('directory', orgId);
        message = record(link, 'ORGANIZATION_DIRECTORY_ENABLED', { directory_type: 'SCIM', provider: 'OKTA', directory_id: dir.id });
        break;
      }
      case 'session-warning':
        message = record(link, 'PORTAL_SESSION_WARNING', {});
        break;
      case 'expire-session':
        session.endedAt ??= now;
        message = record(link, 'PORTAL_SESSION_EXPIRY', {});
        break;
      case 'load-failure':
        session.endedAt ??= now;
        message = record(link, 'PORTAL_LOAD_FAILURE', { error_code: 'SESSION_EXPIRED' });
        break;
    }
    sendJson(res, 200, { ok: true, message });
  }

  /** Configures SSO or directory sync for the org and sends its webhook. */
  function enable(feature: keyof typeof FEATURES, orgId: string): { id: string } {
    const configured = feature === 'sso' ? state.configureSso(orgId) : state.configureDirectory(orgId);
    const { type, object, kind } = FEATURES[feature];
    webhooks.send(type, orgId, object, {
      id: configured.id,
      organization_id: orgId,
      ...kind,
      provider: 'OKTA',
      status: 'COMPLETED',
      enabled: true,
    });
    return configured;
  }

  return { open, act };
}

function sendHtml(res: http.ServerResponse, status: number, html: string, csp: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}
