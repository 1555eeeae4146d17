import type { App } from '@slack/bolt';
import type { SlackServices } from '../services.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerShortcuts } from './shortcuts/index.js';
import { registerViews } from './views/index.js';

export function registerListeners(app: App, services: SlackServices): void {
  registerCommands(app, services);
  registerActions(app, services);
  registerShortcuts(app);
  registerViews(app, services);
}
