import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boltLogger, createLogger } from '../src/logger.js';

describe("Bolt's log lines", () => {
  it("hide a hosted link's token, a button's value included, should a request body be logged", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const token = 'a-Z_9'.repeat(8).concat('xyz');
    const body = { type: 'block_actions', actions: [{ action_id: 'link_message_copy', value: `L-abc https://bot.example/p/${token}` }] };
    boltLogger(createLogger('debug', sink)).debug(JSON.stringify(body));
    const logged = lines.join('');
    expect(logged).toContain('L-abc https://bot.example/p/[redacted]');
    expect(logged).not.toContain(token);
  });
});
