// Response URLs (`POST <url>/response/<id>`), as Bolt's `respond()` posts to them: each takes up
// to 5 posts, like Slack's. One issued with a context also shows its posts in the console.

import type { BoundResponseUrl } from './console-timeline.js';
import type { Reply } from './web-api.js';

export interface SlackResponseUrlPost {
  id: string;
  body: unknown;
}

export interface ResponseUrls {
  /** A fresh `<base URL>/response/<id>`. */
  issue(context?: BoundResponseUrl): string;
  /** A post to `/response/<id>`: the HTTP status and body to answer. */
  post(id: string, raw: string): { status: number; reply: Reply };
}

const MAX_POSTS = 5;

export function createResponseUrls(deps: {
  baseUrl(): string;
  nextSeq(): number;
  onPost(post: SlackResponseUrlPost, context: BoundResponseUrl | undefined): void;
}): ResponseUrls {
  const posts = new Map<string, number>();
  const contexts = new Map<string, BoundResponseUrl>();
  return {
    issue(context) {
      const id = `R${Date.now().toString(36)}${String(deps.nextSeq()).padStart(6, '0')}`;
      posts.set(id, 0);
      if (context) contexts.set(id, context);
      return `${deps.baseUrl()}/response/${id}`;
    },
    post(id, raw) {
      const used = posts.get(id);
      if (used === undefined) return { status: 404, reply: { ok: false, error: 'invalid_response_url' } };
      if (used >= MAX_POSTS) return { status: 404, reply: { ok: false, error: 'used_url' } };
      let body: unknown;
      try {
        body = raw === '' ? {} : JSON.parse(raw);
      } catch {
        return { status: 400, reply: { ok: false, error: 'invalid_payload' } };
      }
      posts.set(id, used + 1);
      deps.onPost({ id, body }, contexts.get(id));
      return { status: 200, reply: { ok: true } };
    },
  };
}
