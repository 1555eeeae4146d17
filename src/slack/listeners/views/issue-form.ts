import type { ViewOutput } from '@slack/bolt';
import { checkLinkRequest, type LinkRequest, type LinkRequestField } from '../../../core/links/options.js';
import { ISSUE_FIELDS, POST_IN_CHANNEL, type IssueModalMetadata } from '../../blocks/issue-modal.js';
import { linkRequestProblemText } from '../../link-request-problems.js';
import { CONVERSATION_ID } from '../../request-shapes.js';

/** A submitted issue modal, checked. */
export interface IssueForm {
  request: LinkRequest;
  post: boolean;
  /** The message shortcut's channel, or the one chosen under "Post in"; null: none. */
  channelId: string | null;
}

/** Errors by block_id, as `response_action: 'errors'` shows them under each field. */
export type FieldErrors = Partial<Record<(typeof ISSUE_FIELDS)[keyof typeof ISSUE_FIELDS], string>>;

const FIELD_OF: Record<LinkRequestField, keyof FieldErrors> = {
  customer: 'customer',
  kind: 'kind',
  ttl: 'lifetime',
  idp: 'idp',
  note: 'note',
  scope: 'scope',
};

/**
 * Reads the modal's state. Slack enforces required fields and the note's max_length in the
 * client, but the payload is only as good as the client that sent it: everything is checked again.
 */
export function readIssueForm(view: ViewOutput): { form: IssueForm } | { errors: FieldErrors } {
  const field = (id: string) => view.state.values[id]?.[id];
  const errors: FieldErrors = {};

  const customer = field(ISSUE_FIELDS.customer)?.value?.trim() ?? '';
  if (!customer) errors.customer = 'Name the customer: an alias, an org_... id, or ext:<external id>.';

  const kindValue = field(ISSUE_FIELDS.kind)?.selected_option?.value ?? 'hosted';
  const kind = kindValue === 'hosted' || kindValue === 'direct' ? kindValue : undefined;
  if (!kind) errors.kind = 'Choose a hosted setup page or a direct single-use link.';

  const checked = checkLinkRequest({
    customer,
    kind: kind ?? 'hosted',
    // A direct link's lifetime is Scalekit's minute; the select always has a value, so it is ignored then.
    ttl: kind === 'hosted' ? field(ISSUE_FIELDS.lifetime)?.selected_option?.value : undefined,
    idp: field(ISSUE_FIELDS.idp)?.selected_option?.value || undefined,
    note: field(ISSUE_FIELDS.note)?.value ?? undefined,
    scope: field(ISSUE_FIELDS.scope)?.selected_option?.value ?? undefined,
  });
  if ('problems' in checked) {
    for (const problem of checked.problems) errors[FIELD_OF[problem.field]] ??= linkRequestProblemText(problem, 'form');
  }

  const post = (field(ISSUE_FIELDS.post)?.selected_options ?? []).some((o) => o.value === POST_IN_CHANNEL);
  const channelId = readMetadata(view.private_metadata).channelId ?? field(ISSUE_FIELDS.channel)?.selected_conversation ?? null;
  if (post && !channelId) errors.channel = 'Choose the channel to post in, or untick “Post it in the channel”.';

  if (Object.keys(errors).length || 'problems' in checked) return { errors };
  return { form: { request: checked.request, post, channelId } };
}

function readMetadata(text: string): IssueModalMetadata {
  try {
    const { channelId } = JSON.parse(text) as Partial<IssueModalMetadata>;
    // The modal's own metadata, but only as good as the client that sent it back.
    return { channelId: typeof channelId === 'string' && CONVERSATION_ID.test(channelId) ? channelId : null };
  } catch {
    return { channelId: null };
  }
}
