// ScalekitPort over the official Node SDK.
//
// How the SDK behaves (2.11), and what this adapter does about it:
// - Calls are gRPC over HTTP/2; the access token comes from `POST {envUrl}/oauth/token` only after
//   a call is refused as Unauthenticated, and is then reused until refused again.
// - The SDK retries Unavailable up to 3 times with 0.5–4 s backoff, so a hard outage could take
//   several seconds: we race every call against `timeoutMs` and give up on our side.
// - Server errors arrive as ScalekitServerException subclasses carrying `grpcStatus`; a failing
//   token request surfaces as a raw AxiosError (the SDK strips its body and headers, so no
//   secret is carried along).
// - Its wrapper for portal links cannot ask for a part of the portal: scoped-portal-link.ts can.

import { Code } from '@connectrpc/connect';
import { ScalekitClient } from '@scalekit-sdk/node';
import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { DirectoryProvider, DirectoryType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js';
import { VerificationStatus, type Domain } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import {
  DOMAIN_STATUSES,
  ScalekitDomainRejectedError,
  ScalekitDomainTakenError,
  ScalekitExternalIdTakenError,
  ScalekitOrgNotFoundError,
  ScalekitUnavailableError,
  type OrgDomain,
  type OrgIntegration,
  type PortalLink,
  type ScalekitOrg,
  type ScalekitPort,
} from '../core/ports.js';
import { scopedPortalLinks } from './scoped-portal-link.js';

export interface ScalekitAdapterOptions {
  environmentUrl: string;
  clientId: string;
  clientSecret: string;
  /** Upper bound for one port call, retries included. Default 5000. */
  timeoutMs?: number;
  /** The webhook endpoint's signing secret (`whsec_...`); without it no webhook verifies. */
  webhookSecret?: string;
  /** Told of each call as it starts (by what it does, e.g. `get organization`); the answer ends it, failed or not. */
  observeCall?: (method: string) => (failed: boolean) => void;
}

/** Scalekit's answers about the thing asked for (no such organization, domain taken): answers, not failures. */
const ANSWERS: ReadonlySet<number> = new Set([Code.NotFound, Code.InvalidArgument, Code.AlreadyExists]);

/** Scalekit issues portal links valid for one minute; used when the answer carries no expiry. */
const DEFAULT_LINK_LIFETIME_MS = 60_000;

interface SdkOrganization {
  id: string;
  displayName: string;
  externalId?: string | undefined;
}

interface SdkTimestamp {
  seconds: bigint;
  nanos: number;
}

export function createScalekitAdapter(options: ScalekitAdapterOptions): ScalekitPort {
  const timeoutMs = options.timeoutMs ?? 5000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`Scalekit timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const environmentUrl = options.environmentUrl.replace(/\/+$/, '');
  // The SDK's own deadline (per gRPC attempt and per token request) matches ours.
  const client = new ScalekitClient(environmentUrl, options.clientId, options.clientSecret, { timeoutMs });
  const generatePortalLink = scopedPortalLinks(client);

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const done = options.observeCall?.(what.replaceAll(' ', '_'));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ScalekitUnavailableError(`Scalekit did not answer within ${timeoutMs} ms (${what})`)),
        timeoutMs,
      );
    });
    try {
      const answer = await Promise.race([fn(), deadline]);
      done?.(false);
      return answer;
    } catch (error) {
      const code = grpcStatusOf(error);
      done?.(code === undefined || !ANSWERS.has(code));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function getOrg(what: string, fn: () => Promise<{ organization?: SdkOrganization | undefined }>) {
    try {
      const res = await call(what, fn);
      return res.organization ? toOrg(res.organization) : null;
    } catch (error) {
      const code = grpcStatusOf(error);
      // Not found, or an id Scalekit considers malformed: either way there is no such organization.
      if (code === Code.NotFound || code === Code.InvalidArgument) return null;
      throw toUnavailable(error, what, environmentUrl, timeoutMs);
    }
  }

  /** A call about one organization: NotFound means Scalekit no longer has it; `refused` names the call's own refusals by code. */
  async function aboutOrg<T>(what: string, orgId: string, fn: () => Promise<T>, refused: Partial<Record<Code, () => Error>> = {}): Promise<T> {
    try {
      return await call(what, fn);
    } catch (error) {
      const code = grpcStatusOf(error);
      if (code === Code.NotFound) throw new ScalekitOrgNotFoundError(orgId);
      const refusal = code === undefined ? undefined : refused[code as Code];
      throw refusal ? refusal() : toUnavailable(error, what, environmentUrl, timeoutMs);
    }
  }

  return {
    async getOrganization(orgId) {
      if (!orgId.trim()) return null;
      return getOrg('get organization', () => client.organization.getOrganization(orgId));
    },

    async getOrganizationByExternalId(externalId) {
      if (!externalId.trim()) return null;
      return getOrg('get organization by external id', () =>
        client.organization.getOrganizationByExternalId(externalId),
      );
    },

    async createOrganization(displayName, { externalId }) {
      let created: { organization?: SdkOrganization | undefined };
      try {
        created = await call('create organization', () => client.organization.createOrganization(displayName, externalId ? { externalId } : undefined));
      } catch (error) {
        if (externalId && grpcStatusOf(error) === Code.AlreadyExists) throw new ScalekitExternalIdTakenError(externalId);
        throw toUnavailable(error, 'create organization', environmentUrl, timeoutMs);
      }
      if (!created.organization) throw new ScalekitUnavailableError('Scalekit answered without the organization it created');
      return toOrg(created.organization);
    },

    async createDomain(orgId, domain) {
      // The kind of domain that routes its users to the organization's SSO.
      const { domain: created } = await aboutOrg('create domain', orgId, () => client.domain.createDomain(orgId, domain, { domainType: 'ORGANIZATION_DOMAIN' }), {
        [Code.AlreadyExists]: () => new ScalekitDomainTakenError(domain),
        [Code.InvalidArgument]: () => new ScalekitDomainRejectedError(domain),
      });
      if (!created) throw new ScalekitUnavailableError('Scalekit answered without the domain it added');
      return toOrgDomain(created);
    },

    // The SDK's wrapper asks for the first page at Scalekit's default size; a customer has a handful of domains.
    async listDomains(orgId) {
      const { domains } = await aboutOrg('list domains', orgId, () => client.domain.listDomains(orgId));
      return domains.map(toOrgDomain);
    },

    async generatePortalLink(orgId, scope): Promise<PortalLink> {
      const link = await aboutOrg('generate portal link', orgId, () => generatePortalLink(orgId, scope));
      if (!link.location) throw new ScalekitUnavailableError('Scalekit answered without a portal link location');
      return {
        id: link.id,
        location: link.location,
        expiresAt: link.expireTime
          ? timestampToDate(link.expireTime)
          : new Date(Date.now() + DEFAULT_LINK_LIFETIME_MS),
      };
    },

    async listConnections(orgId): Promise<OrgIntegration[]> {
      const { connections } = await aboutOrg('list connections', orgId, () => client.connection.listConnections(orgId));
      return connections.map((c) => ({
        id: c.id,
        provider: enumName(ConnectionProvider, c.provider),
        type: enumName(ConnectionType, c.type),
        status: enumName(ConnectionStatus, c.status),
        enabled: c.enabled,
      }));
    },

    async listDirectories(orgId): Promise<OrgIntegration[]> {
      const { directories } = await aboutOrg('list directories', orgId, () => client.directory.listDirectories(orgId));
      return directories.map((d) => ({
        id: d.id,
        provider: enumName(DirectoryProvider, d.directoryProvider),
        type: enumName(DirectoryType, d.directoryType),
        // A plain string in the directory API (an enum for connections).
        status: d.status || 'UNKNOWN',
        enabled: d.enabled,
      }));
    },

    verifyWebhook(headers, rawBody) {
      if (!options.webhookSecret) return false;
      try {
        // True or a WebhookVerificationError (bad signature, missing header, stale timestamp).
        return client.verifyWebhookPayload(options.webhookSecret, headers, rawBody);
      } catch {
        return false;
      }
    },
  };
}

/** The name of a protobuf enum value (TypeScript enums map numbers back to names); `UNKNOWN` for unspecified or new values. */
function enumName(values: Record<number, string>, value: number): string {
  return value === 0 ? 'UNKNOWN' : (values[value] ?? 'UNKNOWN');
}

function toOrg(org: SdkOrganization): ScalekitOrg {
  return { id: org.id, displayName: org.displayName, externalId: org.externalId ? org.externalId : null };
}

function toOrgDomain(domain: Domain): OrgDomain {
  const status = enumName(VerificationStatus, domain.verificationStatus);
  return { id: domain.id, domain: domain.domain, status: DOMAIN_STATUSES.find((known) => known === status) ?? 'UNKNOWN' };
}

function timestampToDate(ts: SdkTimestamp): Date {
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000));
}

/** The gRPC status of an SDK error (ScalekitServerException or a raw ConnectError), if any. */
function grpcStatusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { grpcStatus?: unknown; code?: unknown; name?: unknown };
  if (typeof e.grpcStatus === 'number') return e.grpcStatus;
  if (e.name === 'ConnectError' && typeof e.code === 'number') return e.code;
  return undefined;
}

function toUnavailable(error: unknown, what: string, url: string, timeoutMs: number): ScalekitUnavailableError {
  if (error instanceof ScalekitUnavailableError) return error;
  const code = grpcStatusOf(error);
  if (code !== undefined) {
    const detail = Code[code] ?? `code ${code}`;
    switch (code) {
      case Code.Unavailable:
        return new ScalekitUnavailableError(`Scalekit is unavailable (${what}: ${detail})`, { cause: error });
      case Code.DeadlineExceeded:
        return new ScalekitUnavailableError(`Scalekit did not answer within ${timeoutMs} ms (${what})`, {
          cause: error,
        });
      case Code.Unauthenticated:
      case Code.PermissionDenied:
        return new ScalekitUnavailableError(
          `Scalekit refused the bot's credentials (${what}: ${detail}); check SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET`,
          { cause: error },
        );
      case Code.ResourceExhausted:
        return new ScalekitUnavailableError(`Scalekit is rate limiting the bot (${what})`, { cause: error });
      default:
        return new ScalekitUnavailableError(`Scalekit request failed (${what}: ${detail})`, { cause: error });
    }
  }
  // A failed token request: a raw AxiosError.
  const axios = error as { isAxiosError?: unknown; response?: { status?: unknown }; code?: unknown };
  if (axios && typeof axios === 'object' && axios.isAxiosError === true) {
    const status = axios.response?.status;
    if (status === 400 || status === 401 || status === 403) {
      return new ScalekitUnavailableError(
        `Scalekit refused the bot's client credentials (HTTP ${status}); check SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET`,
        { cause: error },
      );
    }
    if (typeof status === 'number') {
      return new ScalekitUnavailableError(`Scalekit's token endpoint answered HTTP ${status} (${what})`, {
        cause: error,
      });
    }
    if (axios.code === 'ECONNABORTED' || axios.code === 'ETIMEDOUT') {
      return new ScalekitUnavailableError(`Scalekit did not answer within ${timeoutMs} ms (${what})`, { cause: error });
    }
    return new ScalekitUnavailableError(
      `Could not reach Scalekit at ${url} (${what}${typeof axios.code === 'string' ? `: ${axios.code}` : ''})`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ScalekitUnavailableError(`Scalekit request failed (${what}): ${message}`, { cause: error });
}
