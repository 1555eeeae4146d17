import { meaningOf, type SetupEventKey } from '../../core/links/events.js';
import { escapeMrkdwn } from './mrkdwn.js';

const SETUP_EVENT_TEXT: Record<SetupEventKey, string> = {
  sso_created: ':heavy_plus_sign: SSO connection created',
  sso_enabled: ':white_check_mark: SSO enabled',
  sso_disabled: ':heavy_minus_sign: SSO disabled',
  sso_deleted: ':wastebasket: SSO connection deleted',
  directory_enabled: ':white_check_mark: directory sync enabled',
  directory_disabled: ':heavy_minus_sign: directory sync disabled',
};

/** A webhook type or a portal event the page reported, in words (an unknown one as it came). */
export function setupEventText(source: 'webhook' | 'page', name: string): string {
  const key = meaningOf(source, name);
  return key ? SETUP_EVENT_TEXT[key] : escapeMrkdwn(name);
}
