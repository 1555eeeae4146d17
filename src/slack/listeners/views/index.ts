import type { App } from '@slack/bolt';
import { ISSUE_MODAL_CALLBACK_ID } from '../../blocks/issue-modal.js';
import { NEW_CUSTOMER_MODAL_CALLBACK_ID } from '../../blocks/new-customer-modal.js';
import type { SlackServices } from '../../services.js';
import { issueSubmission } from './issue-submission.js';
import { newCustomerSubmission } from './new-customer-submission.js';

export function registerViews(app: App, services: SlackServices): void {
  app.view({ callback_id: ISSUE_MODAL_CALLBACK_ID, type: 'view_submission' }, issueSubmission(services));
  app.view({ callback_id: NEW_CUSTOMER_MODAL_CALLBACK_ID, type: 'view_submission' }, newCustomerSubmission(services));
}
