// Every request the Slack Web API client makes, retries apart, goes through its `fetch`: the one
// place that sees them all (ours and Bolt's clients alike) to time them and count failures.
import type { FetchFunction } from '@slack/web-api';

/** A Web API method as named in its URL (`chat.postMessage`); anything else is a file upload. */
const METHOD = /\/([a-z]+(?:\.[A-Za-z]+)+)$/;

function slackMethodOf(url: string | URL): string {
  return METHOD.exec(String(url).split('?')[0] ?? '')?.[1] ?? 'file_upload';
}

/** Slack answers most refusals with HTTP 200 and `ok: false`. */
async function refusedInBody(response: Response): Promise<boolean> {
  if (!response.headers.get('content-type')?.includes('json')) return false;
  try {
    return ((await response.clone().json()) as { ok?: unknown }).ok === false;
  } catch {
    return false;
  }
}

/** `fetch` for the WebClient, telling `observeCall` of each request and whether it failed. */
export function observedFetch(observeCall: (method: string) => (failed: boolean) => void): FetchFunction {
  return async (url, init) => {
    const done = observeCall(slackMethodOf(url));
    let failed = true;
    try {
      const response = await fetch(url, init);
      failed = !response.ok || (await refusedInBody(response));
      return response;
    } finally {
      done(failed);
    }
  };
}
