import type { AuditRequest } from '../core/audit/link-audit.js';
import { checkNewCustomer, type NewCustomerRequest } from '../core/customers/request.js';
import { readMoment, type Moment } from '../core/audit/moment.js';
import { findIdpGuides, type IdpGuides } from '../core/guides.js';
import { checkLinkRequest, readLinkTtl, type LinkRequest } from '../core/links/options.js';
import { scopeOf } from '../core/links/scope.js';
import { code } from './blocks/mrkdwn.js';
import { CommandSyntaxError, commandWords, readOptions } from './command-words.js';
import { linkRequestProblemText } from './link-request-problems.js';
import { newCustomerProblemText } from './new-customer-problems.js';

export { CommandSyntaxError } from './command-words.js';

export type SsoPortalCommand =
  | { name: 'help' }
  | { name: 'issue'; request: LinkRequest; post: boolean }
  | { name: 'map'; alias: string; reference: string; channel: boolean }
  /** `channel`: also make the command's channel the customer's default. */
  | { name: 'new'; request: NewCustomerRequest; channel: boolean }
  | { name: 'unmap'; alias: string }
  | { name: 'orgs' }
  | { name: 'links'; org: string | undefined }
  | { name: 'revoke'; linkId: string }
  /** `ttlMs` undefined: the configured LINK_TTL. */
  | { name: 'extend'; linkId: string; ttlMs: number | undefined }
  | { name: 'replace'; linkId: string }
  | { name: 'status'; org: string | undefined }
  | { name: 'guides'; idp: IdpGuides | null }
  | { name: 'audit'; request: AuditRequest };

export const SUBCOMMANDS = ['help', 'map', 'new', 'unmap', 'orgs', 'links', 'revoke', 'extend', 'replace', 'status', 'guides', 'audit'] as const;

/** Turns the text after `/sso-portal` into a command, or throws CommandSyntaxError. */
export function parseCommand(text: string): SsoPortalCommand {
  const words = commandWords(text);
  const [first, ...rest] = words;
  const subcommand = first?.toLowerCase();
  switch (subcommand) {
    case 'help':
    case 'orgs':
      expectArgs(subcommand, positionalsOf(subcommand, rest), 0, 0);
      return { name: subcommand };
    case 'map': {
      const { positionals, options } = readOptions('map', rest, { channel: 'flag' });
      const [alias, reference] = expectArgs('map', positionals, 2, 2);
      return { name: 'map', alias: alias as string, reference: reference as string, channel: options.channel === true };
    }
    case 'new':
      return parseNew(rest);
    case 'unmap':
      return { name: 'unmap', alias: expectArgs('unmap', positionalsOf('unmap', rest), 1, 1)[0] as string };
    case 'links':
    case 'status':
      return { name: subcommand, org: expectArgs(subcommand, positionalsOf(subcommand, rest), 0, 1)[0] };
    case 'revoke':
    case 'replace':
      return { name: subcommand, linkId: expectArgs(subcommand, positionalsOf(subcommand, rest), 1, 1)[0] as string };
    case 'extend': {
      const { positionals, options } = readOptions('extend', rest, { ttl: 'value' });
      const [linkId] = expectArgs('extend', positionals, 1, 1);
      return { name: 'extend', linkId: linkId as string, ttlMs: options.ttl === undefined ? undefined : requireTtl(options.ttl) };
    }
    case 'guides': {
      const [idp] = expectArgs('guides', positionalsOf('guides', rest), 0, 1);
      return { name: 'guides', idp: idp === undefined ? null : requireIdp(idp) };
    }
    case 'audit': {
      const { positionals, options } = readOptions('audit', rest, { since: 'value', until: 'value', issuer: 'user' });
      const [customer] = expectArgs('audit', positionals, 0, 1);
      const request: AuditRequest = { customer, issuerId: options.issuer, since: requireMoment('--since', options.since), until: requireMoment('--until', options.until) };
      return { name: 'audit', request };
    }
    default:
      return parseIssue(words);
  }
}

function parseIssue(words: string[]): SsoPortalCommand {
  const { positionals, options } = readOptions('issue', words, {
    direct: 'flag',
    post: 'flag',
    ttl: 'value',
    idp: 'value',
    note: 'value',
    sso: 'flag',
    scim: 'flag',
  });
  const [customer] = expectArgs('issue', positionals, 0, 1);
  const checked = checkLinkRequest({
    customer,
    kind: options.direct ? 'direct' : 'hosted',
    ttl: options.ttl,
    idp: options.idp,
    note: options.note,
    scope: scopeOf({ sso: options.sso === true, directory: options.scim === true }),
  });
  if ('problems' in checked) {
    throw new CommandSyntaxError(checked.problems.map((problem) => linkRequestProblemText(problem, 'command')).join(' '));
  }
  return { name: 'issue', request: checked.request, post: options.post === true };
}

function parseNew(words: string[]): SsoPortalCommand {
  const { positionals, options } = readOptions('new', words, { alias: 'value', 'external-id': 'value', domain: 'values', channel: 'flag' });
  const [name] = expectArgs('new', positionals, 1, 1);
  const input = { name: name as string, alias: options.alias, externalId: options['external-id'], domains: options.domain ?? [] };
  const checked = checkNewCustomer(input, SUBCOMMANDS);
  if ('problems' in checked) {
    throw new CommandSyntaxError(checked.problems.map((problem) => newCustomerProblemText(problem, 'command')).join(' '));
  }
  return { name: 'new', request: checked.request, channel: options.channel === true };
}

/** What to do about words past those a subcommand takes. */
const TOO_MANY_HINT: Record<string, string> = {
  issue: ' Quote a note: `--note "..."`.',
  new: ' Quote a name with spaces: `new "Acme Corp"`.',
};

/** The words of a subcommand that takes no options (`--` still lets a word start with a dash). */
function positionalsOf(subcommand: string, words: string[]): string[] {
  return readOptions(subcommand, words, {}).positionals;
}

function expectArgs(subcommand: string, args: string[], min: number, max: number): Array<string | undefined> {
  if (args.length > max) {
    const command = subcommand === 'issue' ? '/sso-portal <customer>' : subcommand;
    throw new CommandSyntaxError(`Too many words for ${code(command)}: ${args.slice(max).map(code).join(' ')}.${TOO_MANY_HINT[subcommand] ?? ''}`);
  }
  if (args.length < min) throw new CommandSyntaxError(`\`${subcommand}\` needs ${min === 1 ? 'an argument' : `${min} arguments`}.`);
  return args;
}

function requireTtl(text: string): number {
  const ttlMs = readLinkTtl(text);
  if (ttlMs === null) throw new CommandSyntaxError(linkRequestProblemText({ field: 'ttl', problem: 'not_a_lifetime', value: text }, 'command'));
  return ttlMs;
}

function requireMoment(option: string, text: string | undefined): Moment | undefined {
  if (text === undefined) return undefined;
  const moment = readMoment(text);
  if (!moment) throw new CommandSyntaxError(`${code(`${option} ${text}`)} is not a date (${code('2026-03-01')}) or a time ago (${code('30d')}).`);
  return moment;
}

function requireIdp(name: string): IdpGuides {
  const idp = findIdpGuides(name);
  if (!idp) throw new CommandSyntaxError(linkRequestProblemText({ field: 'idp', problem: 'unknown_idp', value: name }, 'command'));
  return idp;
}
