import { createHash, randomBytes } from 'node:crypto';

/** A hosted-link token: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashLinkToken(token) };
}

/**
 * Tokens are looked up by their SHA-256, so a lookup never compares the secret itself and a
 * database leak reveals no usable link.
 */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Well-formed tokens only: anything else is refused before touching the database. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A short, unambiguous id people can read out and type (`revoke L-7hq2m9xk`); not a secret. */
export function newLinkId(): string {
  const bytes = randomBytes(8);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `L-${id}`;
}

/**
 * Whether `url` is the hosted page of the token whose hash is `tokenHash`: exactly the address
 * `hostedPageUrl` makes of that token. A button that carries a link's address back is checked
 * with this before the address is shown again, so a forged one cannot put another address in a
 * message.
 */
export function isHostedPageOf(url: string, tokenHash: string | null, hostedPageUrl: (token: string) => string): boolean {
  const token = url.slice(url.lastIndexOf('/') + 1);
  return tokenHash !== null && isWellFormedToken(token) && hashLinkToken(token) === tokenHash && hostedPageUrl(token) === url;
}
