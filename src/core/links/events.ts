// The one table of what an event means for a customer's setup, wherever it comes from: the
// Admin Portal (reported by the hosted page) or Scalekit's webhooks. Everything that reads an
// event (status, the lists, the page, the setup-finished message) asks this table.

export type SetupPart = 'sso' | 'directory';

interface Meaning {
  part: SetupPart;
  /** `completes`: the part is set up now; `undoes`: it no longer is; `progress`: not yet. */
  effect: 'completes' | 'undoes' | 'progress';
  /** Scalekit webhook types. */
  webhook: readonly string[];
  /** Admin Portal `postMessage` event names the page relays (current names and the older one). */
  page: readonly string[];
}

/** Keyed by a stable name the edges turn into words. */
export const SETUP_EVENTS = {
  sso_created: { part: 'sso', effect: 'progress', webhook: ['organization.sso_created'], page: [] },
  sso_enabled: { part: 'sso', effect: 'completes', webhook: ['organization.sso_enabled'], page: ['ORGANIZATION_SSO_ENABLED', 'SSO_CONFIGURED'] },
  sso_disabled: { part: 'sso', effect: 'undoes', webhook: ['organization.sso_disabled'], page: ['ORGANIZATION_SSO_DISABLED'] },
  sso_deleted: { part: 'sso', effect: 'undoes', webhook: ['organization.sso_deleted'], page: [] },
  directory_enabled: { part: 'directory', effect: 'completes', webhook: ['organization.directory_enabled'], page: ['ORGANIZATION_DIRECTORY_ENABLED'] },
  directory_disabled: { part: 'directory', effect: 'undoes', webhook: ['organization.directory_disabled'], page: ['ORGANIZATION_DIRECTORY_DISABLED'] },
} as const satisfies Record<string, Meaning>;

export type SetupEventKey = keyof typeof SETUP_EVENTS;

/** The keys of events the hosted page can report. */
export type PageEventKey = { [K in SetupEventKey]: (typeof SETUP_EVENTS)[K]['page'] extends readonly [] ? never : K }[SetupEventKey];

const KEYS = Object.keys(SETUP_EVENTS) as SetupEventKey[];
const byName = (source: 'webhook' | 'page') =>
  new Map<string, SetupEventKey>(KEYS.flatMap((key) => SETUP_EVENTS[key][source].map((name): [string, SetupEventKey] => [name, key])));
const WEBHOOK_KEYS = byName('webhook');
const PAGE_KEYS = byName('page');

/** Portal event names the page may report for the audit trail. */
export const PAGE_EVENT_NAMES: readonly string[] = [...PAGE_KEYS.keys()];

/** What a webhook type or reported portal event means, or undefined for one the bot does not track. */
export function meaningOf(source: 'webhook' | 'page', name: string): SetupEventKey | undefined {
  return (source === 'webhook' ? WEBHOOK_KEYS : PAGE_KEYS).get(name);
}

/** The part an event finishes, if it finishes one. */
export function partCompletedBy(key: SetupEventKey): SetupPart | undefined {
  const meaning: Meaning = SETUP_EVENTS[key];
  return meaning.effect === 'completes' ? meaning.part : undefined;
}

/**
 * Which event (its index, newest first) decides whether a part is set up: the newest that
 * completes or undoes it; a progress event (a connection created) only when nothing else speaks,
 * so that a second draft connection never undoes a part set up before it. -1 when none speaks of
 * it. Keys may be undefined (events the bot does not track), so indexes match the events'.
 */
export function decidingEvent(keysNewestFirst: ReadonlyArray<SetupEventKey | undefined>, part: SetupPart): number {
  const about = (key: SetupEventKey | undefined): key is SetupEventKey => key !== undefined && SETUP_EVENTS[key].part === part;
  const decisive = keysNewestFirst.findIndex((key) => about(key) && SETUP_EVENTS[key].effect !== 'progress');
  return decisive >= 0 ? decisive : keysNewestFirst.findIndex(about);
}

/** Whether a part is set up, by the deciding event (see decidingEvent); undefined when none speaks of it. */
export function partDoneByEvents(keysNewestFirst: ReadonlyArray<SetupEventKey | undefined>, part: SetupPart): boolean | undefined {
  const deciding = keysNewestFirst[decidingEvent(keysNewestFirst, part)];
  return deciding === undefined ? undefined : SETUP_EVENTS[deciding].effect === 'completes';
}
