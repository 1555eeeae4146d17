import type { App } from '@slack/bolt';
import type { SlackServices } from '../services.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';

export function registerListeners(app: App, services: SlackServices): void {
  registerCommands(app, services);
  registerActions(app);
}
