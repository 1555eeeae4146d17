import type { KnownBlock } from '@slack/web-api';
import { COMMON_IDPS, findIdpGuides, GUIDES_INDEX, IDP_GUIDES, type Guide, type IdpGuides } from '../../core/guides.js';
import { section, type SlackMessage } from './mrkdwn.js';

const linkTo = (guide: Guide) => `<${guide.url}|${guide.title}>`;

function idpLine(idp: IdpGuides): string {
  const scim = idp.scim.length ? ` · SCIM: ${idp.scim.map(linkTo).join(', ')}` : '';
  return `*${idp.name}* (\`${idp.key}\`) SSO: ${idp.sso.map(linkTo).join(', ')}${scim}`;
}

/** The guides that go with a link: the chosen provider's, or the index and the common ones. */
export function guidesForLink(idp: IdpGuides | null): KnownBlock {
  if (idp) return section(`:book: *Setup guides* ${idpLine(idp)}`);
  const common = COMMON_IDPS.map((key) => findIdpGuides(key) as IdpGuides);
  const shortcuts = common.map((guides) => linkTo({ title: guides.name, url: guides.sso[0]?.url ?? GUIDES_INDEX.url }));
  return section(`:book: *Setup guides:* ${linkTo(GUIDES_INDEX)} · ${shortcuts.join(' · ')}`);
}

/** `guides [idp]`. */
export function guidesMessage(idp: IdpGuides | null): SlackMessage {
  const list = idp ? [idp] : IDP_GUIDES;
  return {
    text: idp ? `Setup guides for ${idp.name}` : 'Setup guides',
    blocks: [section(`*Setup guides* (${linkTo(GUIDES_INDEX)})`), ...list.map((entry) => section(idpLine(entry)))],
  };
}
