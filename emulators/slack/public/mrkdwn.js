// Slack emulator console: Slack's mrkdwn → DOM. `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
// ```pre```, `>` quotes, `<url|text>`, mentions (`<@U..>`, `<#C..>`, `<!here>`, `<!subteam^S..>`),
// `<!date^...>` in the reader's local time, entities, and the emoji the bot uses. Only http(s)
// links become anchors; everything else is text.

import { el, isHttp } from './dom.js';

const EMOJI = {
  book: '📖', stopwatch: '⏱️', memo: '📝', warning: '⚠️', no_entry: '⛔', x: '❌', white_check_mark: '✅',
  large_green_circle: '🟢', white_circle: '⚪', red_circle: '🔴', lock: '🔒', key: '🔑', link: '🔗',
  wave: '👋', tada: '🎉', eyes: '👀', information_source: 'ℹ️', hourglass: '⌛', bulb: '💡', rocket: '🚀',
  hourglass_flowing_sand: '⏳', grey_question: '❔', heavy_plus_sign: '➕', heavy_minus_sign: '➖', wastebasket: '🗑️',
  alarm_clock: '⏰', clipboard: '📋', no_bell: '🔕', no_entry_sign: '🚫', recycle: '♻️', page_facing_up: '📄',
  envelope: '✉️', hammer_and_wrench: '🛠️', busts_in_silhouette: '👥',
};
export const decodeEntities = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
export const emojify = (text) => text.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] ?? all);
const isWord = (ch) => ch !== undefined && /[A-Za-z0-9]/.test(ch);

/** Renders Slack mrkdwn into `parent`; `names` has `user(id)` and `channel(id)` for mentions. */
export function renderMrkdwn(text, parent, names) {
  // ```preformatted``` first: nothing inside is formatted.
  const parts = text.split('```');
  parts.forEach((part, index) => {
    const isPre = index % 2 === 1 && index < parts.length - 1;
    if (isPre) parent.append(el('pre', {}, decodeEntities(part.replace(/^\n/, '').replace(/\n$/, ''))));
    else if (index % 2 === 1) renderLines(`\`\`\`${part}`, parent, names); // an unclosed ``` is plain text
    else renderLines(index > 0 ? part.replace(/^\n/, '') : part, parent, names); // <pre> already breaks the line
  });
}

function renderLines(text, parent, names) {
  const lines = text.split('\n');
  let quote = null;
  lines.forEach((line, index) => {
    const quoted = /^(>|&gt;) ?/.exec(line);
    if (quoted) {
      if (!quote) parent.append((quote = el('blockquote')));
      else quote.append('\n');
      renderInline(line.slice(quoted[0].length), quote, names);
      return;
    }
    const afterQuote = quote !== null;
    quote = null;
    if (index > 0 && !afterQuote) parent.append('\n');
    renderInline(line, parent, names);
  });
}

/** Index of the marker closing a `*bold*`-style span opened at `start`, or -1. */
function findClose(text, start, marker) {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<' || ch === '`') {
      const end = text.indexOf(ch === '<' ? '>' : '`', i + 1);
      if (end !== -1) i = end;
      continue;
    }
    if (ch === marker && !/\s/.test(text[i - 1]) && !isWord(text[i + 1])) return i;
  }
  return -1;
}

function renderInline(text, parent, names) {
  let buffer = '';
  const flush = () => {
    if (buffer) parent.append(document.createTextNode(emojify(decodeEntities(buffer))));
    buffer = '';
  };
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '<') {
      const end = text.indexOf('>', i + 1);
      if (end > i + 1) {
        flush();
        parent.append(renderAngle(text.slice(i + 1, end), names));
        i = end + 1;
        continue;
      }
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        parent.append(el('code', {}, decodeEntities(text.slice(i + 1, end))));
        i = end + 1;
        continue;
      }
    }
    if ((ch === '*' || ch === '_' || ch === '~') && !isWord(text[i - 1]) && text[i + 1] && !/\s/.test(text[i + 1])) {
      const end = findClose(text, i, ch);
      if (end > i + 1) {
        flush();
        const span = el(ch === '*' ? 'strong' : ch === '_' ? 'em' : 's');
        renderInline(text.slice(i + 1, end), span, names);
        parent.append(span);
        i = end + 1;
        continue;
      }
    }
    buffer += ch;
    i++;
  }
  flush();
}

/** `<...>`: links, mentions, special commands and dates. */
function renderAngle(inner, names) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    return el('span', { class: 'mention', 'data-user': target.slice(1) }, `@${label || names.user(target.slice(1))}`);
  }
  if (target.startsWith('#')) {
    return el('span', { class: 'mention', 'data-channel': target.slice(1) }, `#${label || names.channel(target.slice(1))}`);
  }
  if (target.startsWith('!date^')) return renderDate(target, label);
  if (target.startsWith('!subteam^')) return el('span', { class: 'mention' }, label || `@${target.slice('!subteam^'.length)}`);
  if (target.startsWith('!')) return el('span', { class: 'mention' }, `@${label || target.slice(1)}`);
  const url = decodeEntities(target);
  if (isHttp(url)) return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, label || url);
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return document.createTextNode(label || url); // mailto:, javascript:, ...: no anchor
  return document.createTextNode(decodeEntities(`<${inner}>`)); // not a Slack token: shown as typed
}

// <!date^1392734382^{date_short_pretty} at {time}^optional_link|fallback>
function renderDate(target, fallback) {
  const [, seconds, format = '', link] = target.split('^');
  const date = new Date(Number(seconds) * 1000);
  if (!/^\d+$/.test(seconds ?? '') || Number.isNaN(date.getTime())) return document.createTextNode(fallback);
  const text = format.replace(/\{(\w+)\}/g, (all, token) => formatDateToken(date, token) ?? all);
  const node = el('time', { datetime: date.toISOString(), title: fallback || date.toString() }, text);
  return link && isHttp(link) ? el('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, node) : node;
}

function formatDateToken(date, token) {
  const fmt = (options) => new Intl.DateTimeFormat(undefined, options).format(date);
  const dayDiff = () => {
    const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    return Math.round((start(date) - start(new Date())) / 86_400_000);
  };
  const pretty = (options) => ({ '-1': 'yesterday', 0: 'today', 1: 'tomorrow' })[dayDiff()] ?? fmt(options);
  const long = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' };
  const medium = { year: 'numeric', month: 'long', day: 'numeric' };
  const short = { year: 'numeric', month: 'short', day: 'numeric' };
  switch (token) {
    case 'date_num': return date.toISOString().slice(0, 10);
    case 'date': return fmt(medium);
    case 'date_short': return fmt(short);
    case 'date_long': return fmt(long);
    case 'date_pretty': return pretty(medium);
    case 'date_short_pretty': return pretty(short);
    case 'date_long_pretty': return pretty(long);
    case 'day_divider_pretty': return pretty(long);
    case 'time': return fmt({ hour: 'numeric', minute: '2-digit' });
    case 'time_secs': return fmt({ hour: 'numeric', minute: '2-digit', second: '2-digit' });
    case 'ago': {
      const minutes = Math.round((date.getTime() - Date.now()) / 60_000);
      const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
      if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
      if (Math.abs(minutes) < 1440) return rtf.format(Math.round(minutes / 60), 'hour');
      return rtf.format(Math.round(minutes / 1440), 'day');
    }
    default: return undefined;
  }
}
