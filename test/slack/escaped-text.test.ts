import { describe, expect, it } from 'vitest';
import { mentionedUserId, readableText } from '../../src/slack/escaped-text.js';

describe('readableText: Slack-escaped text as it was typed', () => {
  it.each([
    ['<@U0CSM|carl>', '@carl'],
    ['<@U0CSM>', '@U0CSM'],
    ['<#C0ACME|customer-acme>', '#customer-acme'],
    ['<#C0ACME>', '#C0ACME'],
    ['<http://acme.com|acme.com>', 'acme.com'],
    ['<https://x.example/a?b=1&amp;c=2>', 'https://x.example/a?b=1&c=2'],
    ['<mailto:it@acme.com|it@acme.com>', 'it@acme.com'],
    ['<!here>', '@here'],
    ['<!channel|@channel>', '@channel'],
    ['<!subteam^S0CSMS|@csms>', '@csms'],
    ['<!subteam^S0CSMS>', '@S0CSMS'],
    ['<!date^1700000000^{date}|Nov 14>', 'Nov 14'],
    ['fish &amp; chips &lt;b&gt; &amp;lt;', 'fish & chips <b> &lt;'],
    ['plain words', 'plain words'],
  ])('%s → %s', (sent, typed) => {
    expect(readableText(sent)).toBe(typed);
  });
});

describe('mentionedUserId', () => {
  it('takes a mention with or without a name, or a bare id', () => {
    expect(['<@U0CSM|carl>', '<@U0CSM>', 'U0CSM', 'W0GRID'].map(mentionedUserId)).toEqual(['U0CSM', 'U0CSM', 'U0CSM', 'W0GRID']);
  });

  it('takes nothing else', () => {
    expect(['@carl', 'carl', '<#C0ACME|x>', '<!here>', 'u0csm', '<@U0CSM|carl> x', ''].map(mentionedUserId)).toEqual(Array(7).fill(undefined));
  });
});
