// The gRPC side of the fake Scalekit: the SDK's own service descriptors served through
// `connectNodeAdapter`, behind one interceptor for auth, delay, injected failures and call recording.

import { Code, ConnectError, type ConnectRouter, type Interceptor } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DomainService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { Feature, OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
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
import { domainService } from './domains.js';
import { newId, type FakeOrg, type PortalFeature, type ScalekitState } from './state.js';

/** A request handler for the http2 server. */
export function grpcHandler(state: ScalekitState): ReturnType<typeof connectNodeAdapter> {
  return connectNodeAdapter({ routes: routes(state), interceptors: [control(state)] });
}

/** Auth, delay, failure injection and call recording for every RPC. */
function control(state: ScalekitState): Interceptor {
  return (next) => async (req) => {
    if (state.delayMs > 0) await sleep(state.delayMs, req.signal);
    const auth = req.header.get('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(auth);
    if (!match?.[1] || !state.tokens.has(match[1])) {
      state.unauthenticatedCalls++;
      throw new ConnectError('missing or invalid access token', Code.Unauthenticated);
    }
    const method = req.method.name;
    state.calls.push({
      method,
      service: req.service.name,
      request: req.stream ? {} : (toPlainJson(req.message) as Record<string, unknown>),
    });
    const idx = state.oneShotFailures.findIndex((f) => f.method === method || f.method === '*');
    const oneShot = state.oneShotFailures[idx];
    // A failure set to come `after` more calls lets this one through.
    if (oneShot && oneShot.after > 0) oneShot.after--;
    else if (oneShot) {
      state.oneShotFailures.splice(idx, 1);
      throw new ConnectError(oneShot.message ?? `injected failure in ${method}`, oneShot.code);
    }
    const persistent = state.persistentFailure;
    if (persistent) {
      throw new ConnectError(persistent.message ?? `injected failure in ${method}`, persistent.code);
    }
    return next(req);
  };
}

function routes(state: ScalekitState) {
  const toOrganization = (org: FakeOrg) => {
    const createdAt = state.createdAt(org.id);
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
    if (identities.case === 'id') org = state.orgs.get(identities.value);
    else if (identities.case === 'externalId') {
      org = [...state.orgs.values()].find((o) => o.externalId === identities.value);
    } else throw new ConnectError('organization id or external id is required', Code.InvalidArgument);
    if (!org) throw new ConnectError('organization not found', Code.NotFound);
    return org;
  };

  return (router: ConnectRouter) => {
    router.service(OrganizationService, {
      // An external id names one organization: a second one with it is refused.
      createOrganization: (req) => {
        const displayName = req.organization?.displayName.trim() ?? '';
        if (!displayName) throw new ConnectError('display name is required', Code.InvalidArgument);
        const externalId = req.organization?.externalId || undefined;
        if (externalId && [...state.orgs.values()].some((o) => o.externalId === externalId)) {
          throw new ConnectError(`an organization with external id ${externalId} already exists`, Code.AlreadyExists);
        }
        const org: FakeOrg = { id: newId('org'), displayName, ...(externalId ? { externalId } : {}) };
        state.addOrg(org);
        return { organization: toOrganization(org) };
      },
      getOrganization: (req) => ({ organization: toOrganization(findOrg(req.identities)) }),
      getOrganizationByExternalId: (req) => ({ organization: toOrganization(findOrg(req.identities)) }),
      listOrganization: (req) => {
        const all = [...state.orgs.values()].sort((a, b) => a.id.localeCompare(b.id));
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
        const link = state.issuePortalLink(findOrg({ case: 'id', value: req.id }).id, portalFeatures(req.features));
        return { link: { id: link.id, location: link.location, expireTime: timestampFromDate(link.expiresAt) } };
      },
    });
    router.service(DomainService, domainService(state));
    router.service(ConnectionService, {
      listConnections: (req) => {
        const orgIds = req.organizationId ? [req.organizationId] : [...state.ssoConnections.keys()];
        const connections = orgIds.flatMap((orgId) => {
          const conn = state.ssoConnections.get(orgId);
          if (!conn) return [];
          return [{
            id: conn.id,
            provider: ConnectionProvider.OKTA,
            type: ConnectionType.SAML,
            status: ConnectionStatus.COMPLETED,
            enabled: true,
            organizationId: orgId,
            organizationName: state.orgs.get(orgId)?.displayName ?? '',
            providerKey: 'OKTA',
            createdAt: timestampFromDate(conn.createdAt),
          }];
        });
        return { connections };
      },
    });
    router.service(DirectoryService, {
      listDirectories: (req) => {
        const dir = state.directories.get(req.organizationId);
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
            directoryEndpoint: `${state.baseUrl}/api/v1/directories/${dir.id}/scim/v2`,
          }],
        };
      },
    });
  };
}

/** The request's `features` by name, each once; an unspecified (0) or unknown value asks for nothing. */
function portalFeatures(features: Feature[]): PortalFeature[] {
  const named: Record<number, PortalFeature> = { [Feature.sso]: 'sso', [Feature.dir_sync]: 'dir_sync' };
  return [...new Set(features.flatMap((feature) => named[feature] ?? []))];
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
