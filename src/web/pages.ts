import { escape } from 'html-escaper';
import type { Brand } from '../config.js';
import { describeUtc } from '../core/dates.js';
import { guidesInScope, type IdpGuides } from '../core/guides.js';
import { meaningOf, PAGE_EVENT_NAMES, partCompletedBy, type PageEventKey } from '../core/links/events.js';
import type { DeadState } from '../core/links/hosted.js';
import type { LinkScope } from '../core/links/scope.js';

export interface HostedPageInput {
  orgName: string;
  issuerName: string;
  expiresAt: Date;
  idp: IdpGuides | null;
  /** What the portal offers; the page says that and nothing more. */
  scope: LinkScope;
  /** The only origin the page accepts portal messages from. */
  portalOrigin: string;
  nonce: string;
  brand: Brand;
}

/** What the page says when the portal reports a step of the setup (the portal offers the parts in `scope`). */
const PAGE_EVENT_BANNERS: Record<PageEventKey, (scope: LinkScope) => string> = {
  sso_enabled: (scope) =>
    scope === 'all' ? 'Single sign-on is enabled. You can close this page, or set up user provisioning below.' : 'Single sign-on is enabled. You can close this page.',
  sso_disabled: () => 'Single sign-on was turned off.',
  directory_enabled: () => 'User provisioning (directory sync) is enabled.',
  directory_disabled: () => 'User provisioning was turned off.',
};

/** What the page is for, by scope: its heading and what the IT admin is asked to connect. */
const PURPOSE: Record<LinkScope, { heading: string; connect: string }> = {
  all: {
    heading: 'Set up single sign-on',
    connect: 'identity provider (Okta, Microsoft Entra ID, Google Workspace, …) for single sign-on and, if you like, user provisioning (SCIM)',
  },
  sso: { heading: 'Set up single sign-on', connect: 'identity provider (Okta, Microsoft Entra ID, Google Workspace, …) for single sign-on' },
  directory: { heading: 'Set up user provisioning', connect: 'directory (Okta, Microsoft Entra ID, Google Workspace, …) for user provisioning (SCIM)' },
};

/**
 * The portal events the page's script relays to the bot, each with its banner: generated from
 * the events table, so the script has no list of its own to drift.
 */
function portalEventBanners(scope: LinkScope): Record<string, { text: string; kind: 'success' | 'warning' }> {
  return Object.fromEntries(
    PAGE_EVENT_NAMES.map((name) => {
      const key = meaningOf('page', name) as PageEventKey;
      return [name, { text: PAGE_EVENT_BANNERS[key](scope), kind: partCompletedBy(key) ? 'success' : 'warning' }];
    }),
  );
}

/**
 * The outer frame shared by every page. Everything shown is escaped; the accent color was
 * checked as #rrggbb by the configuration. The page stays readable if the stylesheet fails.
 */
function layout(title: string, brand: Brand, nonce: string, main: string, script = false): string {
  const logo = brand.logoUrl ? `<img class="logo" src="${escape(brand.logoUrl)}" alt="" height="28">` : '';
  const brandName = brand.name ? `<span class="brand-name">${escape(brand.name)}</span>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/assets/hosted-page.css">
<style nonce="${nonce}">:root { --accent: ${brand.accentColor}; }</style>
</head>
<body>
<header class="top">${logo}${brandName}</header>
<main>
${main}
</main>
${script ? '<script src="/assets/hosted-page.js" defer></script>' : ''}
</body>
</html>`;
}

/**
 * The hosted setup page. Its script asks `POST <this page>/session` for the Scalekit link, so a
 * link scanner that only GETs the page spends nothing.
 */
export function hostedPage(input: HostedPageInput): string {
  const org = escape(input.orgName);
  const { idp } = input;
  const inScope = idp && guidesInScope(idp, input.scope);
  const guideLinks = inScope ? [...inScope.sso, ...inScope.scim] : [];
  const guides = idp && guideLinks.length
    ? `<p class="guides">Using ${escape(idp.name)}? Follow the guide: ${guideLinks
        .map((guide) => `<a href="${escape(guide.url)}" target="_blank" rel="noopener noreferrer">${escape(guide.title)}</a>`)
        .join(' · ')}</p>`
    : '';
  const purpose = PURPOSE[input.scope];
  const main = `
<h1>${purpose.heading} for ${org}</h1>
<p class="intro">${escape(input.issuerName)} sent you this page to connect ${org}'s ${escape(purpose.connect)}. You will need administrator access to your identity provider.</p>
<p class="expiry">This page works until ${escape(describeUtc(input.expiresAt))}.</p>
${guides}
<div id="banner" class="banner" role="status" aria-live="polite" hidden></div>
<p id="status" class="status" role="status">Opening the setup portal…</p>
<p id="problem" class="problem" role="alert" hidden><span id="problem-text"></span> <button id="retry" type="button">Try again</button></p>
<noscript><p class="problem">This page needs JavaScript to open the setup portal.</p></noscript>
<iframe id="portal" title="SSO setup portal" allow="clipboard-write" data-portal-origin="${escape(input.portalOrigin)}" data-portal-events="${escape(JSON.stringify(portalEventBanners(input.scope)))}" hidden></iframe>`;
  return layout(`${purpose.heading} for ${input.orgName}`, input.brand, input.nonce, main, true);
}

const DEAD_REASONS: Record<DeadState, string> = {
  expired: 'This setup link has expired.',
  revoked: 'This setup link has been withdrawn.',
  replaced: 'This setup link has been replaced by a newer one.',
  exhausted: 'This setup link has been used as many times as it allows.',
  unknown: 'This setup link is not valid.',
};

const NEXT_STEP = 'Please ask your contact for a new link to set up single sign-on.';
const NEXT_STEP_REPLACED = 'Please use the newer link your contact sent you, or ask them for it.';

/** For expired, revoked, replaced, used-up and unknown links: what happened and what to do. */
export function deadLinkPage(state: DeadState, brand: Brand, nonce: string): string {
  const main = `<h1>${DEAD_REASONS[state]}</h1>
<p>${state === 'replaced' ? NEXT_STEP_REPLACED : NEXT_STEP}</p>`;
  return layout('Setup link unavailable', brand, nonce, main);
}
