import { describeDuration } from '../../core/duration.js';
import { findIdpGuides } from '../../core/guides.js';
import type { Extension } from '../../core/links/extend.js';
import type { IssuedLink } from '../../core/links/link.js';
import { LINK_TTL_BOUNDS } from '../../core/links/options.js';
import type { Replacement } from '../../core/links/replace.js';
import { linkMessage } from './link-message.js';
import { code, context, escapeMrkdwn, notice, slackDate, type SlackMessage } from './mrkdwn.js';

/** The link message drawn again from the record, with the address its button carried (checked by the core), under `banner`. */
function linkMessageOf(link: IssuedLink, url: string, now: Date, banner: string): SlackMessage {
  const shown = { linkId: link.id, kind: link.kind, url, createdAt: link.createdAt, expiresAt: link.expiresAt, org: { displayName: link.orgName } };
  const message = linkMessage({ link: shown, issuerId: link.issuerId, idp: link.idp ? findIdpGuides(link.idp) : null, note: link.note, scope: link.scope, now });
  return { text: message.text, blocks: [context(banner), ...message.blocks] };
}

function newExpiry({ link, previousExpiresAt, capped }: Extension, now: Date): string {
  const limit = capped ? `, as long as it may: ${describeDuration(LINK_TTL_BOUNDS.maxMs)} after it was issued` : '';
  const lifetime = describeDuration(Math.max(0, link.expiresAt.getTime() - now.getTime()));
  return `now works until ${slackDate(link.expiresAt)} (in ${lifetime}${limit}); it was until ${slackDate(previousExpiresAt)}`;
}

/** An extension, told where the link's message is not at hand (a command, a list). */
export function extendedMessage(extension: Extension, now: Date): SlackMessage {
  const { link } = extension;
  return notice(`:hourglass_flowing_sand: ${code(link.id)} for *${escapeMrkdwn(link.orgName)}* ${newExpiry(extension, now)}.`);
}

/** The link message again, with its new expiry. */
export function extendedLinkMessage(extension: Extension, url: string, userId: string, now: Date): SlackMessage {
  return linkMessageOf(extension.link, url, now, `:hourglass_flowing_sand: Extended by <@${userId}>: ${newExpiry(extension, now)}.`);
}

/** The fresh link in a link message (with its Copy button), saying what it replaced. */
export function replacedMessage({ old, fresh, url }: Replacement, userId: string, now: Date): SlackMessage {
  return linkMessageOf(fresh, url, now, `:recycle: Replaces ${code(old.id)} (replaced by <@${userId}>): the old page now says it was replaced. Send this one instead.`);
}

export function revokedMessage(link: IssuedLink): SlackMessage {
  return notice(`:no_entry: ${code(link.id)} for *${escapeMrkdwn(link.orgName)}* is revoked: the page stops working on its next request.`);
}
