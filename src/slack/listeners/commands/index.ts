import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services.js';
import { ssoPortalCommand } from './sso-portal.js';

export const SSO_PORTAL_COMMAND = '/sso-portal';

export function registerCommands(app: App, services: SlackServices): void {
  app.command(SSO_PORTAL_COMMAND, ssoPortalCommand(services));
}
