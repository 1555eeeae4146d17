// Scalekit's GeneratePortalLink takes the parts the portal offers (`repeated Feature features = 4`),
// but the SDK's wrapper `organization.generatePortalLink(orgId)` sends only `{ id }`. This calls the
// SDK's own connect client with them, through the SDK's `connectExec`, so the access token is
// fetched, attached and renewed as for every other call. Both are private fields of the SDK:
// package.json pins its exact version, and the Scalekit contract tests hold this call to the
// emulator, which serves the SDK's own service descriptors.
import type { Client } from '@connectrpc/connect';
import type { ScalekitClient } from '@scalekit-sdk/node';
import { Feature, type Link, type OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import type { LinkScope } from '../core/links/scope.js';

/** No features asks for the whole portal, as the wrapper always has. */
const FEATURES: Record<LinkScope, Feature[]> = { all: [], sso: [Feature.sso], directory: [Feature.dir_sync] };

/** What `client.organization` keeps privately (see lib/organization.js and lib/core.js in the SDK). */
interface OrganizationInternals {
  client?: Client<typeof OrganizationService>;
  coreClient?: { connectExec<Request, Response>(call: (request: Request) => Promise<Response>, request: Request): Promise<Response> };
}

/**
 * Portal links of a scope, through `client`'s organization service. Throws at once when the SDK
 * no longer has the fields it uses, so an upgrade fails at start rather than on a customer's page.
 */
export function scopedPortalLinks(client: ScalekitClient): (orgId: string, scope: LinkScope) => Promise<Link> {
  const { client: organizations, coreClient } = client.organization as unknown as OrganizationInternals;
  if (typeof organizations?.generatePortalLink !== 'function' || typeof coreClient?.connectExec !== 'function') {
    throw new Error('@scalekit-sdk/node no longer exposes the organization client this bot calls with portal features: use the version package.json pins');
  }
  return async (orgId, scope) => {
    const { link } = await coreClient.connectExec(organizations.generatePortalLink, { id: orgId, features: FEATURES[scope] });
    // As the wrapper does: an answer without a link is an error.
    if (!link) throw new Error('Error generating portal link');
    return link;
  };
}
