import { parseArgs } from 'node:util';
import { parseArgsStringToArgv } from 'string-argv';
import { findIdpGuides, idpKeys, type IdpGuides } from '../core/guides.js';
import { checkLinkRequest, type LinkRequest } from '../core/links/options.js';
import { linkRequestProblemText } from './link-request-problems.js';

export type SsoPortalCommand =
  | { name: 'help' }
  | { name: 'issue'; request: LinkRequest; post: boolean }
  | { name: 'map'; alias: string; reference: string; channel: boolean }
  | { name: 'unmap'; alias: string }
  | { name: 'orgs' }
  | { name: 'links'; org: string | undefined }
  | { name: 'revoke'; linkId: string }
  | { name: 'status'; org: string | undefined }
  | { name: 'guides'; idp: IdpGuides | null };

export const SUBCOMMANDS = ['help', 'map', 'unmap', 'orgs', 'links', 'revoke', 'status', 'guides'] as const;


/** Input that is not a valid command; the message says what is wrong. */
export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

/** Turns the text after `/sso-portal` into a command, or throws CommandSyntaxError. */
export function parseCommand(text: string): SsoPortalCommand {
  // Slack clients may turn straight quotes into curly ones.
  const words = parseArgsStringToArgv(text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").trim());
  const [first, ...rest] = words;
  switch (first?.toLowerCase()) {
    case 'help':
      expectArgs('help', rest, 0, 0);
      return { name: 'help' };
    case 'map': {
      const { positionals, values } = readArgs('map', rest, { channel: { type: 'boolean' } });
      const [alias, reference] = expectArgs('map', positionals, 2, 2);
      return { name: 'map', alias: alias as string, reference: reference as string, channel: values.channel === true };
    }
    case 'unmap':
      return { name: 'unmap', alias: expectArgs('unmap', rest, 1, 1)[0] as string };
    case 'orgs':
      expectArgs('orgs', rest, 0, 0);
      return { name: 'orgs' };
    case 'links':
      return { name: 'links', org: expectArgs('links', rest, 0, 1)[0] };
    case 'revoke':
      return { name: 'revoke', linkId: expectArgs('revoke', rest, 1, 1)[0] as string };
    case 'status':
      return { name: 'status', org: expectArgs('status', rest, 0, 1)[0] };
    case 'guides': {
      const [idp] = expectArgs('guides', rest, 0, 1);
      return { name: 'guides', idp: idp === undefined ? null : requireIdp(idp) };
    }
    default:
      return parseIssue(words);
  }
}

function parseIssue(words: string[]): SsoPortalCommand {
  const { positionals, values } = readArgs('issue', words, {
    direct: { type: 'boolean' },
    post: { type: 'boolean' },
    ttl: { type: 'string' },
    idp: { type: 'string' },
    note: { type: 'string' },
  });
  const [customer] = expectArgs('issue', positionals, 0, 1);
  const checked = checkLinkRequest({
    customer,
    kind: values.direct ? 'direct' : 'hosted',
    ttl: values.ttl,
    idp: values.idp,
    note: values.note,
  });
  if ('problems' in checked) {
    throw new CommandSyntaxError(checked.problems.map((problem) => linkRequestProblemText(problem, 'command')).join(' '));
  }
  return { name: 'issue', request: checked.request, post: values.post === true };
}

type OptionSpec = Record<string, { type: 'boolean' | 'string' }>;

function readArgs<T extends OptionSpec>(subcommand: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const option = /'(--?[\w-]+)/.exec(message)?.[1] ?? 'an option';
    if (message.includes('argument missing')) throw new CommandSyntaxError(`\`${option}\` needs a value.`);
    const known = Object.keys(options).map((name) => `\`--${name}\``);
    throw new CommandSyntaxError(`\`${subcommand}\` has no option \`${option}\`; it takes ${known.join(', ')}.`);
  }
}

function expectArgs(subcommand: string, args: string[], min: number, max: number): Array<string | undefined> {
  if (args.length < min || args.length > max) {
    const flag = args.find((arg) => arg.startsWith('-'));
    throw new CommandSyntaxError(
      flag && subcommand !== 'issue'
        ? `\`${subcommand}\` takes no option \`${flag}\`.`
        : args.length > max
          ? `Too many words for \`${subcommand === 'issue' ? '/sso-portal <customer>' : subcommand}\`: ${args
              .slice(max)
              .map((a) => `\`${a}\``)
              .join(' ')}.${subcommand === 'issue' ? ' Quote a note: `--note "..."`.' : ''}`
          : `\`${subcommand}\` needs ${min === 1 ? 'an argument' : `${min} arguments`}.`,
    );
  }
  return args;
}

function requireIdp(name: string): IdpGuides {
  const idp = findIdpGuides(name);
  if (!idp) {
    throw new CommandSyntaxError(`I don't know the identity provider \`${name}\`. Known: ${idpKeys().map((k) => `\`${k}\``).join(', ')}.`);
  }
  return idp;
}
