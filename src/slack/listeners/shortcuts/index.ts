import type { App } from '@slack/bolt';
import { openIssueModal } from './open-issue-modal.js';

/** Declared in manifest.json (features.shortcuts). */
export const ISSUE_SHORTCUT = 'sso_portal_issue';
export const ISSUE_HERE_SHORTCUT = 'sso_portal_issue_here';

export function registerShortcuts(app: App): void {
  app.shortcut({ callback_id: ISSUE_SHORTCUT, type: 'shortcut' }, openIssueModal);
  app.shortcut({ callback_id: ISSUE_HERE_SHORTCUT, type: 'message_action' }, openIssueModal);
}
