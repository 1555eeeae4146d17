import { beforeEach, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../src/core/access.js';
import { InMemorySlackDirectory } from '../helpers/in-memory-slack.js';
import { TestClock } from '../helpers/use-cases.js';

const CSMS = 'S0CSMS';
const ADMINS = 'S0ADMINS';
let directory: InMemorySlackDirectory;
let access: AccessPolicy;
let clock: TestClock;

beforeEach(() => {
  directory = new InMemorySlackDirectory({ [CSMS]: ['U0GINA'], [ADMINS]: ['U0ARNO'] });
  clock = new TestClock();
  access = new AccessPolicy(['U0CARL', CSMS], ['U0ADA', ADMINS], directory, clock.now);
});

/** Moves the clock past the group cache's minute. */
function aMinuteLater(): void {
  clock.advance(61_000);
}

describe('who may issue and administer', () => {
  it('lets people listed by id issue without asking Slack, even when Slack is down', async () => {
    directory.unavailable = true;
    expect(await access.canIssue('U0CARL')).toBe(true);
    expect(await access.canIssue('U0ADA')).toBe(true);
    expect(directory.groupLookUps).toEqual([]);
  });

  it('lets members of a listed user group issue, and nobody else', async () => {
    expect(await access.canIssue('U0GINA')).toBe(true);
    expect(await access.canIssue('U0SAM')).toBe(false);
  });

  it('makes admins of listed admins and of admin group members only, and lets them issue', async () => {
    expect(await access.isAdmin('U0ADA')).toBe(true);
    expect(await access.isAdmin('U0ARNO')).toBe(true);
    expect(await access.canIssue('U0ARNO')).toBe(true);
    expect(await access.isAdmin('U0CARL')).toBe(false);
    expect(await access.isAdmin('U0GINA')).toBe(false);
  });

  it('asks Slack for a group\'s members once a minute at most', async () => {
    await access.canIssue('U0GINA');
    await access.canIssue('U0SAM');
    expect(directory.groupLookUps).toEqual([CSMS, ADMINS]);
    aMinuteLater();
    await access.canIssue('U0GINA');
    expect(directory.groupLookUps).toEqual([CSMS, ADMINS, CSMS]);
  });

  it('sees a group\'s new members after a minute', async () => {
    expect(await access.canIssue('U0NEW')).toBe(false);
    directory.setGroup(CSMS, ['U0GINA', 'U0NEW']);
    aMinuteLater();
    expect(await access.canIssue('U0NEW')).toBe(true);
  });

  it('keeps the last known members while Slack cannot say who is in a group', async () => {
    expect(await access.canIssue('U0GINA')).toBe(true);
    directory.unavailable = true;
    aMinuteLater();
    expect(await access.canIssue('U0GINA')).toBe(true);
    expect(await access.canIssue('U0SAM')).toBe(false);
    expect(directory.groupLookUps.filter((group) => group === CSMS).length).toBeGreaterThan(1);
  });

  it('lets no group member in while Slack is down and their group was never read', async () => {
    directory.unavailable = true;
    expect(await access.canIssue('U0GINA')).toBe(false);
    expect(await access.isAdmin('U0ARNO')).toBe(false);
  });
});
