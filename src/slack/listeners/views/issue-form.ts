import type { ViewOutput } from '@slack/bolt';
import { describeDuration, MAX_LINK_TTL_MS, MIN_LINK_TTL_MS, parseLinkTtl } from '../../../core/duration.js';
import { findIdpGuides, type IdpGuides } from '../../../core/guides.js';
import type { LinkKind } from '../../../core/ports.js';
import { MAX_NOTE_LENGTH } from '../../../core/link-service.js';
import { ISSUE_FIELDS, POST_IN_CHANNEL, type IssueModalMetadata } from '../../blocks/issue-modal.js';

/** A submitted issue modal, checked. */
export interface IssueForm {
  orgQuery: string;
  kind: LinkKind;
  ttlMs: number | undefined;
  idp: IdpGuides | null;
  note: string | null;
  post: boolean;
  /** The message shortcut's channel, or the one chosen under "Post in"; null: none. */
  channelId: string | null;
}

/** Errors by block_id, as `response_action: 'errors'` shows them under each field. */
export type FieldErrors = Partial<Record<(typeof ISSUE_FIELDS)[keyof typeof ISSUE_FIELDS], string>>;

/**
 * Reads the modal's state. Slack enforces required fields and the note's max_length in the
 * client, but the payload is only as good as the client that sent it: everything is checked again.
 */
export function readIssueForm(view: ViewOutput): { form: IssueForm } | { errors: FieldErrors } {
  const field = (id: string) => view.state.values[id]?.[id];
  const errors: FieldErrors = {};

  const orgQuery = field(ISSUE_FIELDS.customer)?.value?.trim() ?? '';
  if (!orgQuery) errors.customer = 'Name the customer: an alias, an org_... id, or ext:<external id>.';

  const kindValue = field(ISSUE_FIELDS.kind)?.selected_option?.value ?? 'hosted';
  const kind = kindValue === 'hosted' || kindValue === 'direct' ? kindValue : undefined;
  if (!kind) errors.kind = 'Choose a hosted setup page or a direct single-use link.';

  // A direct link's lifetime is Scalekit's minute; the select always has a value, so it is ignored then.
  const lifetime = field(ISSUE_FIELDS.lifetime)?.selected_option?.value;
  const ttlMs = kind === 'hosted' && lifetime !== undefined ? parseLinkTtl(lifetime) : undefined;
  if (ttlMs === null) errors.lifetime = `“${lifetime}” is not a lifetime between ${describeDuration(MIN_LINK_TTL_MS)} and ${describeDuration(MAX_LINK_TTL_MS)}; choose one from the list.`;

  const idpValue = field(ISSUE_FIELDS.idp)?.selected_option?.value;
  const idp = idpValue ? findIdpGuides(idpValue) : null;
  if (idpValue && !idp) errors.idp = 'Choose an identity provider from the list, or none.';

  const note = field(ISSUE_FIELDS.note)?.value?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) {
    errors.note = `The note is ${note.length} characters long; keep it under ${MAX_NOTE_LENGTH}.`;
  }

  const post = (field(ISSUE_FIELDS.post)?.selected_options ?? []).some((o) => o.value === POST_IN_CHANNEL);
  const channelId = readMetadata(view.private_metadata).channelId ?? field(ISSUE_FIELDS.channel)?.selected_conversation ?? null;
  if (post && !channelId) errors.channel = 'Choose the channel to post in, or untick “Post it in the channel”.';

  if (Object.keys(errors).length) return { errors };
  return { form: { orgQuery, kind: kind as LinkKind, ttlMs: ttlMs ?? undefined, idp, note, post, channelId } };
}

function readMetadata(text: string): IssueModalMetadata {
  try {
    const { channelId } = JSON.parse(text) as Partial<IssueModalMetadata>;
    return { channelId: typeof channelId === 'string' && channelId ? channelId : null };
  } catch {
    return { channelId: null };
  }
}
