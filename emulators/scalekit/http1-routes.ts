// What the HTTP/1.1 side serves: the SDK's token endpoint (`POST /oauth/token`, client
// credentials in a form body, as axios sends it) and the portal's routes.

import type http from 'node:http';
import { readBody, sendJson } from '../http.js';
import type { Portal } from './portal.js';
import type { ScalekitState } from './state.js';

export function http1Routes(state: ScalekitState, portal: Portal, client: { clientId: string; clientSecret: string }) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      state.tokenRequests++;
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials') {
        return sendJson(res, 400, { error: 'unsupported_grant_type' });
      }
      if (form.get('client_id') !== client.clientId || form.get('client_secret') !== client.clientSecret) {
        return sendJson(res, 401, { error: 'invalid_client', error_description: 'invalid client credentials' });
      }
      return sendJson(res, 200, { access_token: state.issueToken(), token_type: 'Bearer', expires_in: 86_399 });
    }
    const page = /^\/portal\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && page) return portal.open(res, page[1] ?? '');
    const action = /^\/portal\/([A-Za-z0-9_-]+)\/actions\/([a-z-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && action) {
      await readBody(req);
      return portal.act(req, res, action[1] ?? '', action[2] ?? '');
    }
    return sendJson(res, 404, { error: 'not_found' });
  };
}
