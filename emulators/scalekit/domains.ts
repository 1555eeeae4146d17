// The fake Scalekit's DomainService (CreateDomain, ListDomains) over the SDK's own descriptors, and
// the rules a domain name must meet here. What real Scalekit answers is documented only in part: a
// public e-mail domain is blocked (the SDK says so); a domain another organization of the
// environment holds is refused here with AlreadyExists, as is adding one the organization holds.

import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  DomainService,
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { FakeDomain, FakeDomainType, FakeOrg, ScalekitState } from './state.js';

/** A few of the public e-mail domains Scalekit blocks, standing in for its whole list. */
export const BLOCKED_DOMAINS: readonly string[] = ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com'];

/** Labels of letters, digits and inner hyphens, at least two, the last of two or more characters and not all digits. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!\d+$)[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/** Why the environment would refuse `domain` whoever asks (InvalidArgument), or undefined. */
export function domainProblem(domain: string): string | undefined {
  const name = domain.toLowerCase();
  if (!DOMAIN_NAME.test(name)) return `${JSON.stringify(domain)} is not a valid domain name`;
  if (BLOCKED_DOMAINS.includes(name)) return `${name} is a public email domain and cannot be added`;
  return undefined;
}

type Identities = { case: 'organizationId' | 'externalId'; value: string } | { case: undefined; value?: undefined };

export function domainService(state: ScalekitState): Partial<ServiceImpl<typeof DomainService>> {
  const orgOf = (identities: Identities): FakeOrg => {
    if (!identities.case || !identities.value) throw new ConnectError('organization id or external id is required', Code.InvalidArgument);
    const { case: by, value } = identities;
    const org = by === 'organizationId' ? state.orgs.get(value) : [...state.orgs.values()].find((o) => o.externalId === value);
    if (!org) throw new ConnectError('organization not found', Code.NotFound);
    return org;
  };

  return {
    createDomain(req) {
      const org = orgOf(req.identities);
      const name = req.domain?.domain.trim() ?? '';
      const problem = domainProblem(name);
      if (problem) throw new ConnectError(problem, Code.InvalidArgument);
      if (state.domainHeld(name)) throw new ConnectError(`domain ${name.toLowerCase()} already exists`, Code.AlreadyExists);
      // Unspecified: the kind that routes single sign-on, which is what the bot adds domains for.
      const domainType: FakeDomainType = req.domain?.domainType === DomainType.ALLOWED_EMAIL_DOMAIN ? 'ALLOWED_EMAIL_DOMAIN' : 'ORGANIZATION_DOMAIN';
      return { domain: toDomain(state.addDomain(org.id, name, domainType)) };
    },
    // Every domain in one page: the emulator does not page them.
    listDomains(req) {
      const org = orgOf(req.identities);
      const wanted = req.domainType === DomainType.DOMAIN_TYPE_UNSPECIFIED ? undefined : DomainType[req.domainType];
      const domains = state.domains.filter((held) => held.orgId === org.id && (wanted === undefined || held.domainType === wanted));
      return { pageSize: domains.length, pageNumber: 1, domains: domains.map(toDomain) };
    },
  };
}

function toDomain(domain: FakeDomain) {
  return {
    id: domain.id,
    domain: domain.domain,
    organizationId: domain.orgId,
    verificationStatus: VerificationStatus[domain.status],
    domainType: DomainType[domain.domainType],
    verificationMethod: VerificationMethod.DNS,
    createTime: timestampFromDate(domain.createdAt),
    updateTime: timestampFromDate(domain.createdAt),
  };
}
