import { describe, expect, it } from 'vitest';
import type { IssuedLink } from '../../../src/core/links/link.js';
import { customerCopyMessage } from '../../../src/slack/blocks/customer-copy.js';
import { newLink } from '../../helpers/fixtures.js';

const URL = 'https://bot.test/p/token';
const link = (overrides: Parameters<typeof newLink>[0]): IssuedLink => ({ ...newLink(overrides), revokedAt: null, revokedBy: null, replacedBy: null, posted: null });
const textOf = (l: IssuedLink) => JSON.stringify(customerCopyMessage(l, URL).blocks);

describe('the text a CSM pastes for the customer', () => {
  it('lists the guides of the chosen identity provider for the parts the link sets up', () => {
    const text = textOf(link({ id: 'L-1', idp: 'okta', scope: 'sso' }));
    expect(text).toContain('Setup guides for Okta:');
    expect(text).toContain('okta-saml');
    expect(text).not.toContain('okta-scim');
  });

  it('points to every guide when the provider has none for the part in scope, rather than an empty heading', () => {
    const text = textOf(link({ id: 'L-2', idp: 'adfs', scope: 'directory' }));
    expect(text).not.toContain('Setup guides for Microsoft AD FS:');
    expect(text).toContain('https://docs.scalekit.com/guides/integrations/');
  });

  it('keeps an organization name with $ patterns as it is', () => {
    expect(textOf(link({ id: 'L-3', orgName: "A$&B$'C" }))).toContain("for A$&B$'C");
  });
});
