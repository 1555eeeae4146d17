// A fake Scalekit environment on one local port, for tests and the demo emulator.
//
// The real SDK (`@scalekit-sdk/node` 2.x) talks to one base URL in two ways:
//   - `POST /oauth/token` over HTTP/1.1 (axios, form body, client credentials);
//   - gRPC over HTTP/2 cleartext (`createGrpcTransport` from @connectrpc/connect-node).
// So this fake accepts raw TCP sockets and routes each one by sniffing the HTTP/2 client preface
// (`PRI * HTTP/2.0`): h2 sockets go to an http2 server running the SDK's own service descriptors
// through `connectNodeAdapter`; everything else goes to a plain http/1 server.
//
// Self-contained on purpose: nothing under src/ may import this file.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { Code, ConnectError, type ConnectRouter, type Interceptor } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import {
  ConnectionProvider,
  ConnectionService,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import {
  DirectoryProvider,
  DirectoryService,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js';
import { readBody, sendJson } from '../http.js';
import { PORTAL_ACTIONS, notice, portalCsp, portalPage, type PortalAction } from './portal-page.js';
import {
  assertWebhookSecret,
  deliverWebhook,
  generateWebhookSecret,
  type WebhookDelivery,
  type WebhookEnvelope,
  type WebhookEventType,
} from './webhooks.js';

export { generateWebhookSecret, webhookHeaders } from './webhooks.js';
export type { PortalAction } from './portal-page.js';

export { Code } from '@connectrpc/connect';

export interface FakeOrg {
  id: string;
  displayName: string;
  externalId?: string;
}

export interface FakeScalekitOptions {
  clientId: string;
  clientSecret: string;
  orgs?: FakeOrg[];
  /** 0 (default) picks a free port. Always binds 127.0.0.1. */
  port?: number;
  /** How long an issued portal link may wait to be opened (default 60 s, as in Scalekit). */
  portalLinkTtlMs?: number;
  /** How long a portal session lasts once its link is opened (default 6 h, as in Scalekit). */
  portalSessionTtlMs?: number;
  /** Where to POST signed webhooks (`secret` like `whsec_<base64>`, see `generateWebhookSecret()`). */
  webhook?: { url: string; secret: string };
  /** `environment_id` put in webhook envelopes (default `env_fake`). */
  environmentId?: string;
}

export interface FakeCall {
  /** RPC name without the service, e.g. `GetOrganization`. */
  method: string;
  /** `OrganizationService`, `ConnectionService`, ... */
  service: string;
  /** The request message in protobuf JSON form, e.g. `{ "id": "org_1" }` or `{ "externalId": "x" }`. */
  request: Record<string, unknown>;
}

export interface FakePortalLink {
  id: string;
  orgId: string;
  location: string;
  expiresAt: Date;
  issuedAt: Date;
  /** Every `GET /portal/<id>` of this link, including refused ones (used or expired → 410). */
  opens: number;
  /** When the link was opened (its one successful GET); null while unused. */
  openedAt: Date | null;
}

/** The portal session a link's first GET opened. */
export interface FakePortalSession {
  /** Opaque token the page sends back as `x-portal-session` on its action POSTs. */
  id: string;
  linkId: string;
  orgId: string;
  openedAt: Date;
  /** `openedAt` + portalSessionTtlMs (6 h). */
  expiresAt: Date;
  /** Set by the `expire-session` / `load-failure` actions; later actions answer 410 `session_expired`. */
  endedAt: Date | null;
}

/** Something the portal reported to its embedding page (postMessage), recorded by the server. */
export interface FakePortalEvent {
  linkId: string;
  orgId: string;
  /** `PORTAL_LOAD_SUCCESS`, `ORGANIZATION_SSO_ENABLED`, ... or `SSO_CONFIGURED` for the legacy message. */
  eventType: string;
  at: Date;
  /** The exact message posted to `window.parent`. */
  message: Record<string, unknown>;
}

export interface FakeScalekit {
  /** Base URL, e.g. `http://127.0.0.1:40123` — use as SCALEKIT_ENVIRONMENT_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
  addOrg(org: FakeOrg): void;
  removeOrg(id: string): boolean;
  /** Every `POST /oauth/token`, successful or not. */
  readonly tokenRequests: number;
  /** gRPC calls that carried a valid token (refused-as-Unauthenticated calls are not recorded). */
  readonly calls: FakeCall[];
  /** GRPC calls refused for a missing or invalid Bearer token. */
  readonly unauthenticatedCalls: number;
  /** Portal links issued so far, oldest first. */
  readonly portalLinks: FakePortalLink[];
  /** The next authenticated call to `method` (e.g. `GeneratePortalLink`, or `*` for any) fails with `code`. */
  failNext(method: string, code: Code, message?: string): void;
  /** Every authenticated call fails with `code` until `setFailure(null)`. */
  setFailure(code: Code | null, message?: string): void;
  /** Delay every gRPC answer (before the token check) by `ms`; 0 turns it off. */
  setDelay(ms: number): void;
  /** Forget every issued access token: the next call gets Unauthenticated and the SDK fetches a new one. */
  revokeTokens(): void;
  /** Portal sessions opened so far (one per opened link), oldest first. */
  readonly portalSessions: FakePortalSession[];
  /** Portal events (page load and button actions), oldest first. */
  readonly portalEvents: FakePortalEvent[];
  /** Finished webhook deliveries, oldest first (`status`: HTTP status or an error string). */
  readonly webhookDeliveries: WebhookDelivery[];
  /** Current webhook target, or null when webhooks are off. */
  readonly webhook: { url: string; secret: string } | null;
  /**
   * Turn webhooks on (`url`) or off (`null`). Without `secret`, the current secret is kept, or a new
   * one generated. Returns the secret in use (null when off).
   */
  setWebhook(url: string | null, secret?: string): string | null;
  /** Resolves once every webhook delivery started so far has finished. */
  webhooksSettled(): Promise<void>;
  /** Clears calls, counters, one-shot failures, persistent failure, delay, portal events and webhook deliveries (not orgs, tokens, links or the webhook target). */
  reset(): void;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');
const SIX_HOURS_MS = 6 * 60 * 60 * 1000;

type PortalMessage = Record<string, unknown>;

export async function startFakeScalekit(options: FakeScalekitOptions): Promise<FakeScalekit> {
  const linkTtlMs = options.portalLinkTtlMs ?? 60_000;
  const sessionTtlMs = options.portalSessionTtlMs ?? SIX_HOURS_MS;
  const environmentId = options.environmentId ?? 'env_fake';
  const orgs = new Map<string, FakeOrg>();
  for (const org of options.orgs ?? []) orgs.set(org.id, { ...org });

  const tokens = new Set<string>();
  const calls: FakeCall[] = [];
  const portalLinks: FakePortalLink[] = [];
  const oneShotFailures: Array<{ method: string; code: Code; message: string | undefined }> = [];
  let persistentFailure: { code: Code; message: string | undefined } | null = null;
  let delayMs = 0;
  let tokenRequests = 0;
  let unauthenticatedCalls = 0;
  let baseUrl = '';

  const portalSessions: FakePortalSession[] = [];
  const portalEvents: FakePortalEvent[] = [];
  const webhookDeliveries: WebhookDelivery[] = [];
  const pendingDeliveries = new Set<Promise<void>>();
  const shutdown = new AbortController();
  let webhook: { url: string; secret: string } | null = null;
  const setWebhook = (url: string | null, secret?: string): string | null => {
    if (url === null) {
      webhook = null;
      return null;
    }
    const next = secret ?? webhook?.secret ?? generateWebhookSecret();
    assertWebhookSecret(next);
    webhook = { url, secret: next };
    return next;
  };
  if (options.webhook) setWebhook(options.webhook.url, options.webhook.secret);

  // What the IT admin configured in the portal, per org (also served by ListConnections/ListDirectories).
  const ssoConnections = new Map<string, { id: string; createdAt: Date }>();
  const directories = new Map<string, { id: string; createdAt: Date }>();

  const created = new Map<string, Date>();
  const toOrganization = (org: FakeOrg) => {
    const createdAt = created.get(org.id) ?? new Date();
    created.set(org.id, createdAt);
    return {
      id: org.id,
      displayName: org.displayName,
      ...(org.externalId ? { externalId: org.externalId } : {}),
      createTime: timestampFromDate(createdAt),
      updateTime: timestampFromDate(createdAt),
      metadata: {},
    };
  };
  const findOrg = (identities: { case: 'id' | 'externalId'; value: string } | { case: undefined }) => {
    let org: FakeOrg | undefined;
    if (identities.case === 'id') org = orgs.get(identities.value);
    else if (identities.case === 'externalId') {
      org = [...orgs.values()].find((o) => o.externalId === identities.value);
    } else throw new ConnectError('organization id or external id is required', Code.InvalidArgument);
    if (!org) throw new ConnectError('organization not found', Code.NotFound);
    return org;
  };

  // Auth, delay, failure injection and call recording for every RPC.
  const control: Interceptor = (next) => async (req) => {
    if (delayMs > 0) await sleep(delayMs, req.signal);
    const auth = req.header.get('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(auth);
    if (!match?.[1] || !tokens.has(match[1])) {
      unauthenticatedCalls++;
      throw new ConnectError('missing or invalid access token', Code.Unauthenticated);
    }
    const method = req.method.name;
    calls.push({
      method,
      service: req.service.name,
      request: req.stream ? {} : (toPlainJson(req.message) as Record<string, unknown>),
    });
    const idx = oneShotFailures.findIndex((f) => f.method === method || f.method === '*');
    if (idx >= 0) {
      const [failure] = oneShotFailures.splice(idx, 1);
      throw new ConnectError(failure?.message ?? `injected failure in ${method}`, failure?.code ?? Code.Internal);
    }
    if (persistentFailure) {
      throw new ConnectError(persistentFailure.message ?? `injected failure in ${method}`, persistentFailure.code);
    }
    return next(req);
  };

  const routes = (router: ConnectRouter) => {
    router.service(OrganizationService, {
      getOrganization: (req) => ({ organization: toOrganization(findOrg(req.identities)) }),
      getOrganizationByExternalId: (req) => ({ organization: toOrganization(findOrg(req.identities)) }),
      listOrganization: (req) => {
        const all = [...orgs.values()].sort((a, b) => a.id.localeCompare(b.id));
        const pageSize = Math.min(req.pageSize > 0 ? req.pageSize : 10, 100);
        const offset = req.pageToken ? Number.parseInt(req.pageToken, 10) : 0;
        if (!Number.isInteger(offset) || offset < 0) {
          throw new ConnectError('invalid page token', Code.InvalidArgument);
        }
        const page = all.slice(offset, offset + pageSize);
        const nextOffset = offset + page.length;
        return {
          organizations: page.map(toOrganization),
          totalSize: all.length,
          nextPageToken: nextOffset < all.length ? String(nextOffset) : '',
          prevPageToken: offset > 0 ? String(Math.max(0, offset - pageSize)) : '',
        };
      },
      generatePortalLink: (req) => {
        const org = findOrg({ case: 'id', value: req.id });
        const id = `lnk_${randomBytes(9).toString('hex')}`;
        const issuedAt = new Date();
        const link: FakePortalLink = {
          id,
          orgId: org.id,
          location: `${baseUrl}/portal/${id}`,
          issuedAt,
          expiresAt: new Date(issuedAt.getTime() + linkTtlMs),
          opens: 0,
          openedAt: null,
        };
        portalLinks.push(link);
        return { link: { id, location: link.location, expireTime: timestampFromDate(link.expiresAt) } };
      },
    });
    router.service(ConnectionService, {
      listConnections: (req) => {
        const orgIds = req.organizationId ? [req.organizationId] : [...ssoConnections.keys()];
        const connections = orgIds.flatMap((orgId) => {
          const conn = ssoConnections.get(orgId);
          if (!conn) return [];
          return [{
            id: conn.id,
            provider: ConnectionProvider.OKTA,
            type: ConnectionType.SAML,
            status: ConnectionStatus.COMPLETED,
            enabled: true,
            organizationId: orgId,
            organizationName: orgs.get(orgId)?.displayName ?? '',
            providerKey: 'OKTA',
            createdAt: timestampFromDate(conn.createdAt),
          }];
        });
        return { connections };
      },
    });
    router.service(DirectoryService, {
      listDirectories: (req) => {
        const dir = directories.get(req.organizationId);
        if (!dir) return { directories: [] };
        return {
          directories: [{
            id: dir.id,
            name: 'Okta SCIM',
            directoryType: DirectoryType.SCIM,
            directoryProvider: DirectoryProvider.OKTA,
            organizationId: req.organizationId,
            enabled: true,
            status: 'COMPLETED',
            directoryEndpoint: `${baseUrl}/api/v1/directories/${dir.id}/scim/v2`,
          }],
        };
      },
    });
  };

  const grpcHandler = connectNodeAdapter({ routes, interceptors: [control] });

  const http1 = http.createServer((req, res) => {
    handleHttp1(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handleHttp1(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      tokenRequests++;
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials') {
        return sendJson(res, 400, { error: 'unsupported_grant_type' });
      }
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return sendJson(res, 401, { error: 'invalid_client', error_description: 'invalid client credentials' });
      }
      const token = `fake_at_${randomBytes(16).toString('hex')}`;
      tokens.add(token);
      return sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 86_399 });
    }
    const portal = /^\/portal\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && portal) return openPortal(res, portal[1] ?? '');
    const action = /^\/portal\/([A-Za-z0-9_-]+)\/actions\/([a-z-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && action) {
      await readBody(req);
      return portalAction(req, res, action[1] ?? '', action[2] ?? '');
    }
    return sendJson(res, 404, { error: 'not_found' });
  }

  function openPortal(res: http.ServerResponse, linkId: string): void {
    const link = portalLinks.find((l) => l.id === linkId);
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
    link.openedAt = now;
    const session: FakePortalSession = {
      id: `ps_${randomBytes(24).toString('base64url')}`,
      linkId: link.id,
      orgId: link.orgId,
      openedAt: now,
      expiresAt: new Date(now.getTime() + sessionTtlMs),
      endedAt: null,
    };
    portalSessions.push(session);
    const loadMessage = recordPortalEvent(link, 'PORTAL_LOAD_SUCCESS', {});
    const nonce = randomBytes(12).toString('base64');
    const html = portalPage({
      orgId: link.orgId,
      orgName: orgs.get(link.orgId)?.displayName ?? link.orgId,
      linkId: link.id,
      sessionToken: session.id,
      sessionExpiresAt: session.expiresAt,
      loadMessage,
      nonce,
      ssoEnabled: ssoConnections.has(link.orgId),
      directoryEnabled: directories.has(link.orgId),
    });
    sendHtml(res, 200, html, portalCsp(nonce));
  }

  function recordPortalEvent(link: FakePortalLink, eventType: string, data: Record<string, unknown>, legacy = false): PortalMessage {
    const message: PortalMessage = legacy
      ? { type: eventType }
      : { event_type: eventType, organization_id: link.orgId, data };
    portalEvents.push({ linkId: link.id, orgId: link.orgId, eventType, at: new Date(), message });
    return message;
  }

  function portalAction(req: http.IncomingMessage, res: http.ServerResponse, linkId: string, name: string): void {
    res.setHeader('cache-control', 'no-store');
    const link = portalLinks.find((l) => l.id === linkId);
    if (!link) return sendJson(res, 404, { error: 'link_not_found' });
    if (!(PORTAL_ACTIONS as readonly string[]).includes(name)) return sendJson(res, 404, { error: 'unknown_action' });
    const action = name as PortalAction;
    const token = req.headers['x-portal-session'];
    const session = portalSessions.find((s) => s.linkId === link.id && s.id === token);
    if (!session) return sendJson(res, 401, { error: 'invalid_session' });
    const now = new Date();
    const live = !session.endedAt && now.getTime() < session.expiresAt.getTime();
    if (!live && action !== 'expire-session' && action !== 'load-failure') {
      return sendJson(res, 410, { error: 'session_expired' });
    }
    const orgId = link.orgId;
    let message: PortalMessage;
    switch (action) {
      case 'configure-sso':
      case 'legacy-sso-configured': {
        const conn = enableSso(orgId);
        message = action === 'configure-sso'
          ? recordPortalEvent(link, 'ORGANIZATION_SSO_ENABLED', { connection_type: 'SAML', provider: 'OKTA', connection_id: conn.id })
          : recordPortalEvent(link, 'SSO_CONFIGURED', {}, true);
        break;
      }
      case 'configure-directory': {
        const dir = enableDirectory(orgId);
        message = recordPortalEvent(link, 'ORGANIZATION_DIRECTORY_ENABLED', { directory_type: 'SCIM', provider: 'OKTA', directory_id: dir.id });
        break;
      }
      case 'session-warning':
        message = recordPortalEvent(link, 'PORTAL_SESSION_WARNING', {});
        break;
      case 'expire-session':
        session.endedAt ??= now;
        message = recordPortalEvent(link, 'PORTAL_SESSION_EXPIRY', {});
        break;
      case 'load-failure':
        session.endedAt ??= now;
        message = recordPortalEvent(link, 'PORTAL_LOAD_FAILURE', { error_code: 'SESSION_EXPIRED' });
        break;
    }
    sendJson(res, 200, { ok: true, message });
  }

  const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('hex')}`;

  function enableSso(orgId: string): { id: string } {
    const existing = ssoConnections.get(orgId);
    const conn = existing ?? { id: newId('conn'), createdAt: new Date() };
    ssoConnections.set(orgId, conn);
    sendWebhook('organization.sso_enabled', orgId, 'Connection', {
      id: conn.id,
      organization_id: orgId,
      connection_type: 'SAML',
      provider: 'OKTA',
      status: 'COMPLETED',
      enabled: true,
    });
    return conn;
  }

  function enableDirectory(orgId: string): { id: string } {
    const existing = directories.get(orgId);
    const dir = existing ?? { id: newId('dir'), createdAt: new Date() };
    directories.set(orgId, dir);
    sendWebhook('organization.directory_enabled', orgId, 'Directory', {
      id: dir.id,
      organization_id: orgId,
      directory_type: 'SCIM',
      provider: 'OKTA',
      status: 'COMPLETED',
      enabled: true,
    });
    return dir;
  }

  /** Fire-and-forget: the portal screen never waits on (or fails because of) the receiver. */
  function sendWebhook(type: WebhookEventType, orgId: string, object: string, data: Record<string, unknown>): void {
    if (!webhook) return;
    const envelope: WebhookEnvelope = {
      spec_version: '1',
      id: newId('evt'),
      type,
      occurred_at: new Date().toISOString(),
      environment_id: environmentId,
      organization_id: orgId,
      object,
      data,
    };
    const pending: Promise<void> = deliverWebhook(webhook, envelope, shutdown.signal)
      .then((delivery) => {
        webhookDeliveries.push(delivery);
      })
      .catch(() => undefined)
      .finally(() => pendingDeliveries.delete(pending));
    pendingDeliveries.add(pending);
  }

  const h2 = http2.createServer((req, res) => grpcHandler(req, res));

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, H2_PREFACE.length);
      const isH2Prefix = head.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
      if (isH2Prefix && head.length < H2_PREFACE.length) return; // need more bytes to decide
      socket.off('data', onData);
      if (isH2Prefix) {
        // nghttp2 reads straight from the native handle, so bytes already read here would be
        // lost: hand the http2 server a JS duplex that replays them, then relays the socket.
        h2.emit('connection', replayingDuplex(socket, head));
      } else {
        socket.pause();
        socket.unshift(head);
        http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = tcp.address() as net.AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;

  let closed: Promise<void> | null = null;

  return {
    url: baseUrl,
    port: address.port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        shutdown.abort();
        tcp.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        http1.close();
        h2.close();
      });
      return closed;
    },
    addOrg(org) {
      orgs.set(org.id, { ...org });
    },
    removeOrg(id) {
      return orgs.delete(id);
    },
    get tokenRequests() {
      return tokenRequests;
    },
    get calls() {
      return calls;
    },
    get unauthenticatedCalls() {
      return unauthenticatedCalls;
    },
    get portalLinks() {
      return portalLinks;
    },
    get portalSessions() {
      return portalSessions;
    },
    get portalEvents() {
      return portalEvents;
    },
    get webhookDeliveries() {
      return webhookDeliveries;
    },
    get webhook() {
      return webhook ? { ...webhook } : null;
    },
    setWebhook,
    async webhooksSettled() {
      while (pendingDeliveries.size > 0) await Promise.all([...pendingDeliveries]);
    },
    failNext(method, code, message) {
      oneShotFailures.push({ method, code, message });
    },
    setFailure(code, message) {
      persistentFailure = code === null ? null : { code, message };
    },
    setDelay(ms) {
      delayMs = ms;
    },
    revokeTokens() {
      tokens.clear();
    },
    reset() {
      calls.length = 0;
      oneShotFailures.length = 0;
      persistentFailure = null;
      delayMs = 0;
      tokenRequests = 0;
      unauthenticatedCalls = 0;
      portalEvents.length = 0;
      webhookDeliveries.length = 0;
    },
  };
}

/** A duplex over `socket` whose readable side starts with `head`. */
function replayingDuplex(socket: net.Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  return duplex;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ConnectError('request cancelled', Code.Canceled));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ConnectError('request cancelled', Code.Canceled));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A JSON-ish snapshot of a protobuf message (drops `$typeName`, keeps oneof values flat). */
function toPlainJson(message: unknown): unknown {
  if (Array.isArray(message)) return message.map(toPlainJson);
  if (message === null || typeof message !== 'object') return message;
  const obj = message as Record<string, unknown>;
  // A oneof group: { case, value } → { [case]: value }.
  if ('case' in obj && Object.keys(obj).every((k) => k === 'case' || k === 'value')) {
    return obj.case === undefined ? {} : { [String(obj.case)]: toPlainJson(obj.value) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$typeName' || value === undefined) continue;
    const plain = toPlainJson(value);
    const isOneof = value !== null && typeof value === 'object' && !Array.isArray(value) && 'case' in value;
    if (isOneof && plain && typeof plain === 'object') Object.assign(out, plain);
    else out[key] = plain;
  }
  return out;
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
