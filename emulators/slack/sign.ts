// Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
// `v0=` + hex HMAC-SHA256(signingSecret, `v0:${timestamp}:${rawBody}`).

import { createHmac } from 'node:crypto';

export interface SlackSignedHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
  'content-type': string;
  [header: string]: string;
}

export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
  contentType = 'application/x-www-form-urlencoded',
): SlackSignedHeaders {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return {
    'x-slack-signature': `v0=${hmac}`,
    'x-slack-request-timestamp': String(timestampSeconds),
    'content-type': contentType,
  };
}
