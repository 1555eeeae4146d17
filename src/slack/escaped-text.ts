// Slash-command text as Slack sends it with `should_escape` on (manifest.json): `&`, `<` and `>`
// as entities, and what Slack recognised as markup in angle brackets: people `<@U123|dana>`,
// channels `<#C123|general>`, links `<http://acme.com|acme.com>` or `<mailto:a@b.c|a@b.c>`,
// special mentions `<!here>` and user groups `<!subteam^S123|@csms>`. The words of a command
// are read back as the person typed them, so that nothing stored or echoed is a live mention.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
const decodeEntities = (text: string) => text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name] as string);

/** One `<…>` as it was typed: `@dana`, `#general`, `acme.com`, `a@b.c`, `@here`, `@csms`. */
function typed(markup: string): string {
  const bar = markup.indexOf('|');
  const target = bar < 0 ? markup : markup.slice(0, bar);
  const label = bar < 0 ? '' : markup.slice(bar + 1);
  const at = (name: string) => (name.startsWith('@') ? name : `@${name}`);
  if (target.startsWith('@')) return label ? at(label) : target;
  if (target.startsWith('#')) return `#${label || target.slice(1)}`;
  if (target.startsWith('!date^')) return label;
  // <!here>, <!channel>, <!everyone>, <!subteam^S123|@csms>
  if (target.startsWith('!')) return label ? at(label) : `@${target.slice(1).replace(/^subteam\^/, '')}`;
  return label || target.replace(/^mailto:/, '');
}

/** A word of the command as the person typed it. */
export function readableText(text: string): string {
  return text.replace(/<([^<>]*)>|&(?:amp|lt|gt);/g, (whole, markup: string | undefined) => (markup === undefined ? decodeEntities(whole) : decodeEntities(typed(markup))));
}

/** The user id a person was named by: a mention `<@U123|dana>` or `<@U123>`, or a bare id `U123`; undefined for anything else. */
export function mentionedUserId(text: string): string | undefined {
  return /^(?:<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>|([UW][A-Z0-9]+))$/.exec(text.trim())?.slice(1).find(Boolean);
}
