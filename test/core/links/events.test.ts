import { describe, expect, it } from 'vitest';
import { decidingEvent, meaningOf, PAGE_EVENT_NAMES, partCompletedBy, partDoneByEvents, SETUP_EVENTS } from '../../../src/core/links/events.js';

describe('what an event means for the setup', () => {
  it('reads Scalekit\'s webhook types and the portal\'s page events, current and older names', () => {
    expect(meaningOf('webhook', 'organization.sso_enabled')).toBe('sso_enabled');
    expect(meaningOf('webhook', 'organization.directory_disabled')).toBe('directory_disabled');
    expect(meaningOf('page', 'ORGANIZATION_SSO_ENABLED')).toBe('sso_enabled');
    expect(meaningOf('page', 'SSO_CONFIGURED')).toBe('sso_enabled');
  });

  it('knows nothing of events it does not track, nor of one source\'s names in the other', () => {
    expect(meaningOf('webhook', 'user.created')).toBeUndefined();
    expect(meaningOf('page', 'PORTAL_LOAD_SUCCESS')).toBeUndefined();
    expect(meaningOf('page', 'organization.sso_enabled')).toBeUndefined();
    expect(meaningOf('webhook', 'ORGANIZATION_SSO_ENABLED')).toBeUndefined();
  });

  it('lists every page event it reads, and each name means one thing', () => {
    const webhookTypes = Object.values(SETUP_EVENTS).flatMap((meaning): readonly string[] => meaning.webhook);
    expect(PAGE_EVENT_NAMES).toEqual(Object.values(SETUP_EVENTS).flatMap((meaning) => meaning.page));
    expect(new Set([...webhookTypes, ...PAGE_EVENT_NAMES]).size).toBe(webhookTypes.length + PAGE_EVENT_NAMES.length);
  });

  it('says which part an event finishes, if any', () => {
    expect(partCompletedBy('sso_enabled')).toBe('sso');
    expect(partCompletedBy('directory_enabled')).toBe('directory');
    expect(partCompletedBy('sso_created')).toBeUndefined();
    expect(partCompletedBy('sso_disabled')).toBeUndefined();
  });

  it('takes a part as done or not by the newest event about it', () => {
    expect(partDoneByEvents(['sso_disabled', 'directory_enabled', 'sso_enabled'], 'sso')).toBe(false);
    expect(partDoneByEvents(['sso_enabled', 'sso_disabled'], 'sso')).toBe(true);
    expect(partDoneByEvents(['sso_created'], 'sso')).toBe(false);
    expect(partDoneByEvents(['sso_disabled', 'directory_enabled'], 'directory')).toBe(true);
    expect(partDoneByEvents(['sso_enabled'], 'directory')).toBeUndefined();
    expect(partDoneByEvents([], 'sso')).toBeUndefined();
  });

  it('never lets a connection created after the part was set up (a second draft) undo it; only a disable or delete does', () => {
    expect(partDoneByEvents(['sso_created', 'sso_enabled'], 'sso')).toBe(true);
    expect(partDoneByEvents(['sso_created', 'sso_deleted', 'sso_enabled'], 'sso')).toBe(false);
    expect(partDoneByEvents(['sso_created', 'sso_created'], 'sso')).toBe(false);
    // Events the bot does not track keep their places, so the deciding one can be found among the events.
    expect(decidingEvent([undefined, 'sso_created', 'directory_enabled', 'sso_enabled'], 'sso')).toBe(3);
    expect(decidingEvent([undefined, 'sso_created'], 'sso')).toBe(1);
    expect(decidingEvent(['directory_enabled'], 'sso')).toBe(-1);
  });
});
