import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import {
  ScalekitDomainRejectedError,
  ScalekitDomainTakenError,
  ScalekitExternalIdTakenError,
  ScalekitUnavailableError,
  type DomainStatus,
  type MappingRepository,
  type ScalekitOrg,
  type ScalekitPort,
} from '../ports.js';
import type { NewCustomerRequest } from './request.js';

export interface NewCustomerOrder {
  by: string;
  request: NewCustomerRequest;
  /** Also make this channel the customer's default. */
  channel?: { teamId: string; channelId: string };
}

/** What became of one domain asked for. */
export type DomainOutcome =
  | { domain: string; outcome: 'added' | 'held_already'; status: DomainStatus }
  /** An organization in Scalekit already has it (another, or one not on the first page of this one's): left with it. */
  | { domain: string; outcome: 'taken' }
  /** Scalekit takes it from no one (a public e-mail domain). */
  | { domain: string; outcome: 'rejected' }
  /** Scalekit stopped answering before it was added (or while: it may say otherwise later). */
  | { domain: string; outcome: 'not_added' };

export interface NewCustomer {
  org: ScalekitOrg;
  /** False: Scalekit had an organization with the external id already, and it was mapped rather than duplicated. */
  created: boolean;
  alias: string;
  channel: { teamId: string; channelId: string } | null;
  domains: DomainOutcome[];
  /** Scalekit stopped answering part way: the domains `not_added` were not. */
  interrupted: boolean;
}

/**
 * `new`: adds a customer in Scalekit and maps it, for admins. What may be refused is refused
 * before anything is created. Once the organization exists, its alias (and channel) are mapped
 * first, a step that needs only the database, so that it is reachable whatever Scalekit does
 * next; then its domains are added one by one. When Scalekit stops answering part way the result
 * says what was done and what was not, rather than throwing; before the organization exists,
 * ScalekitUnavailableError means nothing was created.
 */
export class NewCustomers {
  constructor(
    private readonly scalekit: ScalekitPort,
    private readonly mappings: MappingRepository,
    private readonly access: AccessPolicy,
  ) {}

  /** Refused unless `userId` may add customers (an admin). */
  async checkAllowed(userId: string): Promise<void> {
    if (!(await this.access.isAdmin(userId))) throw new Refused({ reason: 'not_allowed', to: 'add_customers' });
  }

  async add(order: NewCustomerOrder): Promise<NewCustomer> {
    await this.checkAllowed(order.by);
    const { request } = order;
    const existing = request.externalId ? await this.scalekit.getOrganizationByExternalId(request.externalId) : null;
    await this.checkAlias(request, existing);
    const { org, created } = existing ? { org: existing, created: false } : await this.create(request);
    const channel = order.channel ?? null;
    await this.mappings.save(
      { alias: request.alias, orgId: org.id, externalId: org.externalId, displayName: org.displayName, createdBy: order.by },
      channel ?? undefined,
    );
    const { domains, interrupted } = await this.addDomains(org, created, request.domains);
    return { org, created, alias: request.alias, channel, domains, interrupted };
  }

  /** The alias may already name this organization (an existing one), but no other. */
  private async checkAlias(request: NewCustomerRequest, existing: ScalekitOrg | null): Promise<void> {
    const mapped = await this.mappings.find(request.alias);
    if (mapped && mapped.orgId !== existing?.id) {
      throw new Refused({ reason: 'alias_taken', alias: request.alias, fromName: request.aliasFromName, orgId: mapped.orgId, displayName: mapped.displayName });
    }
  }

  private async create(request: NewCustomerRequest): Promise<{ org: ScalekitOrg; created: boolean }> {
    try {
      return { org: await this.scalekit.createOrganization(request.name, request.externalId ? { externalId: request.externalId } : {}), created: true };
    } catch (error) {
      // Created by someone else since the look-up: map theirs, as if it had been there.
      if (!(error instanceof ScalekitExternalIdTakenError)) throw error;
      // The alias was checked free of any organization, so it may name theirs.
      const theirs = await this.scalekit.getOrganizationByExternalId(error.externalId);
      if (!theirs) throw error;
      return { org: theirs, created: false };
    }
  }

  /** Each domain in turn; one refused does not stop the rest, Scalekit not answering does. */
  private async addDomains(org: ScalekitOrg, created: boolean, wanted: string[]): Promise<{ domains: DomainOutcome[]; interrupted: boolean }> {
    const domains: DomainOutcome[] = [];
    const notAdded = () => ({ domains: [...domains, ...wanted.slice(domains.length).map((domain) => ({ domain, outcome: 'not_added' as const }))], interrupted: true });
    if (!wanted.length) return { domains, interrupted: false };
    let held = new Map<string, DomainStatus>();
    try {
      // An organization found by its external id may hold some already; a new one holds none.
      if (!created) held = new Map((await this.scalekit.listDomains(org.id)).map((domain) => [domain.domain, domain.status]));
    } catch (error) {
      if (error instanceof ScalekitUnavailableError) return notAdded();
      throw error;
    }
    for (const domain of wanted) {
      const status = held.get(domain);
      if (status !== undefined) {
        domains.push({ domain, outcome: 'held_already', status });
        continue;
      }
      try {
        domains.push({ domain, outcome: 'added', status: (await this.scalekit.createDomain(org.id, domain)).status });
      } catch (error) {
        if (error instanceof ScalekitDomainTakenError) domains.push({ domain, outcome: 'taken' });
        else if (error instanceof ScalekitDomainRejectedError) domains.push({ domain, outcome: 'rejected' });
        else if (error instanceof ScalekitUnavailableError) return notAdded();
        else throw error;
      }
    }
    return { domains, interrupted: false };
  }
}
