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
import { ConnectionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { DirectoryService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js';

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
  /** How long issued portal links stay valid (default 60 s, as in Scalekit). */
  portalLinkTtlMs?: number;
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
  /** Times `GET /portal/<id>` was served for this link. */
  opens: number;
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
  /** Clears calls, counters, one-shot failures, persistent failure and delay (not orgs or tokens). */
  reset(): void;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

export async function startFakeScalekit(options: FakeScalekitOptions): Promise<FakeScalekit> {
  const linkTtlMs = options.portalLinkTtlMs ?? 60_000;
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
        };
        portalLinks.push(link);
        return { link: { id, location: link.location, expireTime: timestampFromDate(link.expiresAt) } };
      },
    });
    router.service(ConnectionService, {
      listConnections: () => ({ connections: [] }),
    });
    router.service(DirectoryService, {
      listDirectories: () => ({ directories: [] }),
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
    if (req.method === 'GET' && portal) {
      const link = portalLinks.find((l) => l.id === portal[1]);
      if (!link) return sendHtml(res, 404, page('Link not found', 'This portal link does not exist.'));
      link.opens++;
      const org = orgs.get(link.orgId);
      const name = org?.displayName ?? link.orgId;
      return sendHtml(res, 200, page(`Fake Scalekit Admin Portal for ${name}`, `Organization ${link.orgId}, link ${link.id}.`));
    }
    return sendJson(res, 404, { error: 'not_found' });
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
    },
  };
}

/** Alias matching the name used in the test plan. */
export const start = startFakeScalekit;

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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
