import type { KnownBlock } from '@slack/web-api';
import { COMMON_IDPS, findIdpGuides, GUIDES_INDEX, guidesInScope, IDP_GUIDES, type Guide, type IdpGuides } from '../../core/guides.js';
import type { LinkScope } from '../../core/links/scope.js';
import { section, type SlackMessage } from './mrkdwn.js';

const linkTo = (guide: Guide) => `<${guide.url}|${guide.title}>`;

/** `SSO: … · SCIM: …`, each part with guides in `scope` shown as `show` renders its list. */
function byPart<T>(guides: { sso: readonly T[]; scim: readonly T[] }, scope: LinkScope, show: (list: readonly T[]) => string): string {
  const inScope = guidesInScope(guides, scope);
  const parts = [['SSO', inScope.sso], ['SCIM', inScope.scim]] as const;
  return parts
    .filter(([, list]) => list.length)
    .map(([label, list]) => `${label}: ${show(list)}`)
    .join(' · ');
}

function idpLine(idp: IdpGuides, scope: LinkScope = 'all'): string {
  const guides = byPart(idp, scope, (list) => list.map(linkTo).join(', '));
  return `*${idp.name}* (\`${idp.key}\`) ${guides || `has no guide for this part; see ${linkTo(GUIDES_INDEX)}`}`;
}

/** The guides that go with a link, for the parts it sets up: the chosen provider's, or the index and the common ones. */
export function guidesForLink(idp: IdpGuides | null, scope: LinkScope): KnownBlock {
  if (idp) return section(`:book: *Setup guides* ${idpLine(idp, scope)}`);
  const common = COMMON_IDPS.map((key) => findIdpGuides(key) as IdpGuides);
  // Each common provider's first guide of a part, under the provider's name.
  const firstOf = (part: 'sso' | 'scim') => common.flatMap((guides) => guides[part].slice(0, 1).map((guide) => ({ title: guides.name, url: guide.url })));
  const shortcuts = byPart({ sso: firstOf('sso'), scim: firstOf('scim') }, scope, (list) => list.map(linkTo).join(' · '));
  return section(`:book: *Setup guides:* ${linkTo(GUIDES_INDEX)} · ${shortcuts}`);
}

/** `guides [idp]`. */
export function guidesMessage(idp: IdpGuides | null): SlackMessage {
  const list = idp ? [idp] : IDP_GUIDES;
  return {
    text: idp ? `Setup guides for ${idp.name}` : 'Setup guides',
    blocks: [section(`*Setup guides* (${linkTo(GUIDES_INDEX)})`), ...list.map((entry) => section(idpLine(entry)))],
  };
}
