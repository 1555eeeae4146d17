import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { Database } from '../ports.js';
import type { IssuedLink } from './link.js';
import { controlCharacterIn } from './options.js';

/**
 * An issued link that `userId` may act on: its issuer or an admin may. `refusal` names the act
 * for a refused stranger.
 */
export async function issuedLinkFor(
  input: { db: Database; access: AccessPolicy; linkId: string; userId: string; refusal: 'not_the_issuer' | 'not_the_issuer_to_stop_reminders' },
): Promise<IssuedLink> {
  const { db, access, linkId, userId } = input;
  // An id from a button can be anything a forged request says; no link id has a control character.
  const link = controlCharacterIn(linkId) === undefined ? await db.links.findById(linkId) : null;
  if (!link || link.outcome !== 'issued') throw new Refused({ reason: 'no_such_link', linkId });
  if (link.issuerId !== userId && !(await access.isAdmin(userId))) throw new Refused({ reason: input.refusal, linkId, issuerId: link.issuerId });
  return link;
}
