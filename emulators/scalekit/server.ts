// A fake Scalekit environment on one local port, for tests and the demo emulator.
//
// The real SDK (`@scalekit-sdk/node` 2.x) talks to one base URL in two ways:
//   - `POST /oauth/token` over HTTP/1.1 (axios, form body, client credentials);
//   - gRPC over HTTP/2 cleartext (`createGrpcTransport` from @connectrpc/connect-node).
// This file puts the pieces together and hands out the control API tests drive: state.ts (what
// the environment knows and has seen), grpc.ts (the services), http1-routes.ts and portal.ts (the
// token endpoint and the Admin Portal), webhooks.ts, and transport.ts (the one port for both).
//
// Self-contained on purpose: nothing under src/ may import this file.

import type { Code } from '@connectrpc/connect';
import { grpcHandler } from './grpc.js';
import { http1Routes } from './http1-routes.js';
import { createPortal } from './portal.js';
import { ScalekitState, type FakeCall, type FakeDomain, type FakeDomainStatus, type FakeOrg, type FakePortalEvent, type FakePortalLink, type FakePortalSession } from './state.js';
import { listenOnOnePort } from './transport.js';
import { createWebhookSender, type WebhookDelivery } from './webhooks.js';

export { generateWebhookSecret, webhookHeaders } from './webhooks.js';
export type { PortalAction } from './portal-page.js';
export type { FakeCall, FakeDomain, FakeDomainStatus, FakeDomainType, FakeOrg, FakePortalEvent, FakePortalLink, FakePortalSession, PortalFeature } from './state.js';

export { Code } from '@connectrpc/connect';

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

export interface FakeScalekit {
  /** Base URL, e.g. `http://127.0.0.1:40123` — use as SCALEKIT_ENVIRONMENT_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
  addOrg(org: FakeOrg): void;
  /** Removes the organization and its domains. */
  removeOrg(id: string): boolean;
  /** Every organization's domains, oldest first (what CreateDomain added, and `addDomain`). */
  readonly domains: FakeDomain[];
  /** Gives an organization a domain (an `ORGANIZATION_DOMAIN`), as if added in the dashboard. */
  addDomain(orgId: string, domain: string, status?: FakeDomainStatus): FakeDomain;
  /** What became of a domain's verification (its DNS record checked, or the admin verified it). Throws for a domain nobody holds. */
  setDomainStatus(domain: string, status: FakeDomainStatus): void;
  /** Every `POST /oauth/token`, successful or not. */
  readonly tokenRequests: number;
  /** gRPC calls that carried a valid token (refused-as-Unauthenticated calls are not recorded). */
  readonly calls: FakeCall[];
  /** GRPC calls refused for a missing or invalid Bearer token. */
  readonly unauthenticatedCalls: number;
  /** Portal links issued so far, oldest first, each with the `features` it was asked with. */
  readonly portalLinks: FakePortalLink[];
  /** The next authenticated call to `method` (e.g. `GeneratePortalLink`, or `*` for any) fails with `code`; with `after`, that many answer first. */
  failNext(method: string, code: Code, message?: string, options?: { after?: number }): void;
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

const SIX_HOURS_MS = 6 * 60 * 60 * 1000;

export async function startFakeScalekit(options: FakeScalekitOptions): Promise<FakeScalekit> {
  const state = new ScalekitState(options.orgs ?? [], options.portalLinkTtlMs ?? 60_000, options.portalSessionTtlMs ?? SIX_HOURS_MS);
  const webhooks = createWebhookSender(options.environmentId ?? 'env_fake');
  if (options.webhook) webhooks.setTarget(options.webhook.url, options.webhook.secret);
  const portal = createPortal(state, webhooks);
  const server = await listenOnOnePort(options.port ?? 0, http1Routes(state, portal, options), grpcHandler(state));
  state.baseUrl = `http://127.0.0.1:${server.port}`;

  return {
    url: state.baseUrl,
    port: server.port,
    close() {
      webhooks.close();
      return server.close();
    },
    addOrg(org) {
      state.addOrg(org);
    },
    removeOrg(id) {
      return state.removeOrg(id);
    },
    get domains() {
      return state.domains;
    },
    addDomain(orgId, domain, status) {
      return state.addDomain(orgId, domain, 'ORGANIZATION_DOMAIN', status);
    },
    setDomainStatus(domain, status) {
      const held = state.domainHeld(domain);
      if (!held) throw new Error(`no organization holds ${domain}`);
      held.status = status;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    get calls() {
      return state.calls;
    },
    get unauthenticatedCalls() {
      return state.unauthenticatedCalls;
    },
    get portalLinks() {
      return state.portalLinks;
    },
    get portalSessions() {
      return state.portalSessions;
    },
    get portalEvents() {
      return state.portalEvents;
    },
    get webhookDeliveries() {
      return webhooks.deliveries;
    },
    get webhook() {
      return webhooks.target ? { ...webhooks.target } : null;
    },
    setWebhook: (url, secret) => webhooks.setTarget(url, secret),
    webhooksSettled: () => webhooks.settled(),
    failNext(method, code, message, options) {
      state.oneShotFailures.push({ method, code, message, after: options?.after ?? 0 });
    },
    setFailure(code, message) {
      state.persistentFailure = code === null ? null : { code, message };
    },
    setDelay(ms) {
      state.delayMs = ms;
    },
    revokeTokens() {
      state.tokens.clear();
    },
    reset() {
      state.reset();
      webhooks.deliveries.length = 0;
    },
  };
}
