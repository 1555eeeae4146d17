// Slack emulator console (browser side). No framework, no network beyond this server.
// Every piece of message data reaches the page through textContent / createTextNode /
// setAttribute on elements built here: never innerHTML.

const POLL_MS = 500;
/** `state.channel` (and `?channel=`) for the chosen user's direct messages with the bot. */
const DM = 'dm';
const $ = (id) => document.getElementById(id);

const state = {
  workspace: { team: { name: '' }, bot: { id: '', name: 'bot' }, users: [], channels: [], app: null },
  user: '',
  channel: '',
  shown: '', // "<version>|<user>|<channel>" of what is on screen
  lastCall: 0,
  seen: {}, // user id → the newest DM message (its sequence number) they have had open
  unread: {}, // user id → how many of the bot's DM messages are newer than that
};

/** What the server calls the open conversation: for the DM, the user's own id. */
const conversation = (user, channel) => (channel === DM ? user : channel);
const messageSeq = (message) => Number(message.id.slice(1));

// ---------------------------------------------------------------------------------------------
// Tiny DOM helper: el('a', { class: 'x', href }, child, 'text', ...). Strings become text nodes.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

async function api(path, body) {
  const res = await fetch(`/console/api/${path}`, body === undefined
    ? { cache: 'no-store' }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

const isHttp = (url) => /^https?:\/\//i.test(url);
const userName = (id) => {
  if (id === state.workspace.bot.id) return state.workspace.bot.name;
  const user = state.workspace.users.find((u) => u.id === id);
  return user ? user.realName : id;
};
const channelName = (id) => state.workspace.channels.find((c) => c.id === id)?.name ?? id.toLowerCase();

// ---------------------------------------------------------------------------------------------
// mrkdwn → DOM

const EMOJI = {
  book: '📖', stopwatch: '⏱️', memo: '📝', warning: '⚠️', no_entry: '⛔', x: '❌', white_check_mark: '✅',
  large_green_circle: '🟢', white_circle: '⚪', red_circle: '🔴', lock: '🔒', key: '🔑', link: '🔗',
  wave: '👋', tada: '🎉', eyes: '👀', information_source: 'ℹ️', hourglass: '⌛', bulb: '💡', rocket: '🚀',
  hourglass_flowing_sand: '⏳', grey_question: '❔', heavy_plus_sign: '➕', heavy_minus_sign: '➖', wastebasket: '🗑️',
  alarm_clock: '⏰', clipboard: '📋', no_bell: '🔕', no_entry_sign: '🚫', recycle: '♻️', page_facing_up: '📄',
  envelope: '✉️', hammer_and_wrench: '🛠️', busts_in_silhouette: '👥',
};
const decodeEntities = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const emojify = (text) => text.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] ?? all);
const isWord = (ch) => ch !== undefined && /[A-Za-z0-9]/.test(ch);

/** Renders Slack mrkdwn into `parent`. */
function renderMrkdwn(text, parent) {
  // ```preformatted``` first: nothing inside is formatted.
  const parts = text.split('```');
  parts.forEach((part, index) => {
    const isPre = index % 2 === 1 && index < parts.length - 1;
    if (isPre) parent.append(el('pre', {}, decodeEntities(part.replace(/^\n/, '').replace(/\n$/, ''))));
    else if (index % 2 === 1) renderLines(`\`\`\`${part}`, parent); // an unclosed ``` is plain text
    else renderLines(index > 0 ? part.replace(/^\n/, '') : part, parent); // <pre> already breaks the line
  });
}

function renderLines(text, parent) {
  const lines = text.split('\n');
  let quote = null;
  lines.forEach((line, index) => {
    const quoted = /^(>|&gt;) ?/.exec(line);
    if (quoted) {
      if (!quote) parent.append((quote = el('blockquote')));
      else quote.append('\n');
      renderInline(line.slice(quoted[0].length), quote);
      return;
    }
    const afterQuote = quote !== null;
    quote = null;
    if (index > 0 && !afterQuote) parent.append('\n');
    renderInline(line, parent);
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

function renderInline(text, parent) {
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
        parent.append(renderAngle(text.slice(i + 1, end)));
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
        renderInline(text.slice(i + 1, end), span);
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
function renderAngle(inner) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    return el('span', { class: 'mention', 'data-user': target.slice(1) }, `@${label || userName(target.slice(1))}`);
  }
  if (target.startsWith('#')) {
    return el('span', { class: 'mention', 'data-channel': target.slice(1) }, `#${label || channelName(target.slice(1))}`);
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

// ---------------------------------------------------------------------------------------------
// Block Kit → DOM

function renderTextObject(object, extraClass = '') {
  if (!object || typeof object.text !== 'string') return null;
  if (object.type === 'mrkdwn') {
    const node = el('div', { class: `mrkdwn ${extraClass}` });
    renderMrkdwn(object.text, node);
    return node;
  }
  return el('div', { class: `plain ${extraClass}` }, object.emoji === false ? object.text : emojify(object.text));
}

function renderImage(element, className) {
  const alt = typeof element.alt_text === 'string' ? element.alt_text : '';
  const src = element.image_url;
  if (typeof src === 'string' && isHttp(src)) return el('img', { class: className, src, alt, title: alt, loading: 'lazy', referrerpolicy: 'no-referrer' });
  return el('span', { class: 'unsupported' }, `[image: ${alt}]`);
}

function renderElement(element, message, block) {
  if (element?.type === 'button') return renderButton(element, message, block);
  if (element?.type === 'image') return renderImage(element, 'accessory-image');
  return el('span', { class: 'unsupported' }, `[${element?.type ?? 'element'} not shown in the emulator]`);
}

function renderButton(element, message, block) {
  const text = element.text?.text ?? 'Button';
  const styleClass = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
  const url = typeof element.url === 'string' && isHttp(element.url) ? element.url : undefined;
  return el(
    'button',
    {
      type: 'button',
      class: `button${styleClass}`,
      'data-action-id': element.action_id,
      title: url,
      onclick: () => clickButton(element, message, block, url),
    },
    el('span', { class: url ? 'external' : undefined }, emojify(text)),
  );
}

async function clickButton(element, message, block, url) {
  const confirm = element.confirm;
  if (confirm && !window.confirm([confirm.title?.text, confirm.text?.text].filter(Boolean).join('\n\n'))) return;
  // Like Slack: a link button opens the link and also tells the app about the click.
  if (url) window.open(url, '_blank', 'noopener,noreferrer');
  const reply = await api('action', { userId: state.user, messageId: message.id, blockId: block.block_id, actionId: element.action_id });
  status(reply.ok ? '' : `Click not delivered: ${reply.error}`);
  poll();
}

function renderBlock(block, message) {
  switch (block.type) {
    case 'section': {
      const main = el('div', { class: 'section-main' }, renderTextObject(block.text));
      if (Array.isArray(block.fields)) main.append(el('div', { class: 'fields' }, ...block.fields.map((f) => renderTextObject(f))));
      return el('div', { class: 'block section' }, main, block.accessory ? renderElement(block.accessory, message, block) : null);
    }
    case 'context':
      return el('div', { class: 'block context' }, ...(block.elements ?? []).map((e) => (e.type === 'image' ? renderImage(e, '') : renderTextObject(e))));
    case 'divider':
      return el('hr', { class: 'block divider' });
    case 'header':
      return el('div', { class: 'block header', role: 'heading', 'aria-level': '3' }, emojify(block.text?.text ?? ''));
    case 'actions':
      return el('div', { class: 'block actions' }, ...(block.elements ?? []).map((e) => renderElement(e, message, block)));
    case 'image':
      return el('figure', { class: 'block image-block' }, block.title ? renderTextObject(block.title) : null, renderImage(block, ''));
    default:
      return el('div', { class: 'block unsupported' }, `[${block.type} block not shown in the emulator]`);
  }
}

function renderMessage(message) {
  const bot = message.author === state.workspace.bot.id;
  const name = userName(message.author);
  const time = new Date(Number(message.ts.split('.')[0]) * 1000);
  let content;
  if (message.via === 'command' || message.via === 'message') {
    content = el('div', { class: message.via === 'command' ? 'plain command-line' : 'plain' }, message.text);
  } else if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    content = el('div', {}, ...message.blocks.map((b) => renderBlock(b, message)));
  } else {
    content = el('div', { class: 'mrkdwn' });
    renderMrkdwn(message.text, content);
  }
  const files = Array.isArray(message.files) && message.files.length > 0 ? renderFiles(message.files) : null;
  const classes = ['message', message.ephemeral ? 'ephemeral' : '', message.via === 'error' ? 'error' : ''].filter(Boolean).join(' ');
  return el(
    'li',
    { class: classes, 'data-message-id': message.id, 'data-via': message.via },
    el('div', { class: `avatar${bot ? ' bot' : ''}`, 'aria-hidden': 'true' }, name.slice(0, 1).toUpperCase()),
    el(
      'div',
      { class: 'body' },
      el(
        'div',
        { class: 'meta' },
        el('span', { class: 'author' }, name),
        bot ? el('span', { class: 'app-badge' }, 'app') : null,
        el('time', { class: 'time', datetime: time.toISOString() }, time.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })),
        message.edited ? el('span', { class: 'edited' }, '(edited)') : null,
        message.ephemeral ? el('span', { class: 'only-you' }, 'Only visible to you') : null,
      ),
      el('div', { class: 'content' }, content, files),
    ),
  );
}

const fileSize = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Files shared with a message: name (a download link), title, size. */
function renderFiles(files) {
  return el(
    'ul',
    { class: 'files' },
    ...files.map((file) =>
      el(
        'li',
        { class: 'file', 'data-file-id': file.id },
        el('span', { class: 'file-icon', 'aria-hidden': 'true' }, '📄'),
        isHttp(file.url_private) ? el('a', { href: file.url_private, download: file.name, class: 'file-name' }, file.name) : el('span', { class: 'file-name' }, file.name),
        el('span', { class: 'file-size' }, fileSize(file.size)),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Page

function status(text) {
  $('composer-status').textContent = text;
}

function renderSidebar() {
  const { team, users, channels, app } = state.workspace;
  $('team').textContent = team.name || 'Slack emulator';
  const select = $('user');
  select.replaceChildren(...users.map((u) => el('option', { value: u.id, selected: u.id === state.user }, `${u.realName} (${u.id})`)));
  $('channels').replaceChildren(
    ...channels.map((c) =>
      el('li', {}, el('button', { type: 'button', 'data-channel': c.id, 'aria-current': c.id === state.channel ? 'true' : 'false', onclick: () => choose({ channel: c.id }) }, `${c.isPrivate ? '🔒' : '#'} ${c.name}`)),
    ),
  );
  renderDms();
  $('channel-title').textContent = state.channel === DM ? state.workspace.bot.name : `# ${channelName(state.channel)}`;
  const appStatus = $('app-status');
  appStatus.className = `app-status${app ? '' : ' missing'}`;
  appStatus.textContent = !app
    ? 'No app connected: commands cannot be delivered yet.'
    : app.socketMode
      ? `App: Socket Mode (${app.connections} connection${app.connections === 1 ? '' : 's'})`
      : `App: ${app.eventsUrl}`;
}

/** The bot's DM with the chosen user, with an unread count while another conversation is open. */
function renderDms() {
  const { bot } = state.workspace;
  const unread = state.channel === DM ? 0 : (state.unread[state.user] ?? 0);
  $('dms').replaceChildren(
    el(
      'li',
      {},
      el(
        'button',
        { type: 'button', class: unread ? 'unread' : undefined, 'data-channel': DM, 'aria-current': state.channel === DM ? 'true' : 'false', onclick: () => choose({ channel: DM }) },
        el('span', { class: 'dm-avatar', 'aria-hidden': 'true' }, bot.name.slice(0, 1).toUpperCase()),
        el('span', { class: 'dm-name' }, bot.name),
        unread ? el('span', { class: 'badge', title: `${unread} unread` }, String(unread)) : null,
      ),
    ),
  );
}

function choose(change) {
  Object.assign(state, change);
  const params = new URLSearchParams({ user: state.user, channel: state.channel });
  history.replaceState(null, '', `${location.pathname}?${params}`);
  renderSidebar();
  poll();
}

async function loadWorkspace() {
  state.workspace = await api('workspace');
  const params = new URLSearchParams(location.search);
  const { users, channels } = state.workspace;
  if (!state.user) state.user = users.some((u) => u.id === params.get('user')) ? params.get('user') : (users[0]?.id ?? '');
  const wanted = params.get('channel');
  if (!state.channel) state.channel = wanted === DM || channels.some((c) => c.id === wanted) ? wanted : (channels[0]?.id ?? '');
  renderSidebar();
}

let polling = null;
function poll() {
  if (!polling) polling = refresh().catch(() => status('Lost contact with the emulator; retrying...')).finally(() => (polling = null));
  return polling;
}

async function refresh() {
  let user, channel, version, messages;
  do {
    // Asked again when another user or conversation was chosen while the answer was on its way.
    ({ user, channel } = state);
    const query = new URLSearchParams({ channel: conversation(user, channel), user });
    ({ version, messages } = await api(`messages?${query}`));
  } while (user !== state.user || channel !== state.channel);
  const key = `${version}|${user}|${channel}`;
  if (key !== state.shown) {
    const known = new Set(state.workspace.channels.map((c) => c.id));
    state.shown = key;
    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const empty = channel === DM ? `No messages yet. ${state.workspace.bot.name} writes here what is for you alone.` : 'No messages yet. Try /sso-portal help';
    list.replaceChildren(...(messages.length ? messages.map(renderMessage) : [el('li', { class: 'empty' }, empty)]));
    if (atBottom) list.scrollTop = list.scrollHeight;
    await refreshUnread(user, channel, messages);
    list.dataset.shown = `${user}|${channel}`; // for tests: which conversation is on screen (and its badge is up to date)
    const { channels, app } = await api('workspace');
    if (channels.some((c) => !known.has(c.id)) || JSON.stringify(app) !== JSON.stringify(state.workspace.app)) {
      Object.assign(state.workspace, { channels, app });
      renderSidebar();
    }
    await refreshCalls();
  }
}

/** The open DM counts as read; otherwise count the bot's DM messages newer than the last look. */
async function refreshUnread(user, channel, shown) {
  const dm = channel === DM ? shown : (await api(`messages?${new URLSearchParams({ channel: user, user })}`)).messages;
  const newest = Math.max(0, ...dm.map(messageSeq));
  if (channel === DM) state.seen[user] = newest;
  const unread = dm.filter((m) => m.author !== user && messageSeq(m) > (state.seen[user] ?? 0)).length;
  if (unread === (state.unread[user] ?? 0)) return;
  state.unread[user] = unread;
  if (user === state.user) renderDms();
}

async function refreshCalls() {
  const { calls } = await api('calls');
  const last = calls.at(-1)?.seq ?? 0;
  if (last === state.lastCall) return;
  state.lastCall = last;
  $('call-count').textContent = String(calls.length);
  $('calls').replaceChildren(
    ...calls
      .slice()
      .reverse()
      .map((call) =>
        el(
          'li',
          { class: call.ok ? '' : 'failed' },
          el(
            'details',
            {},
            el('summary', {}, `${new Date(call.at).toLocaleTimeString()} ${call.method}${call.ok ? '' : ` → ${call.error ?? 'error'}`}`),
            el('pre', {}, JSON.stringify(call.args, null, 2)),
          ),
        ),
      ),
  );
}

async function send(event) {
  event.preventDefault();
  const box = $('message-box');
  const text = box.value.trim();
  if (!text) return;
  box.value = '';
  status('');
  const reply = await api('command', { userId: state.user, channelId: conversation(state.user, state.channel), text });
  if (!reply.ok) {
    box.value = text;
    status(`Not sent: ${reply.error}`);
  }
  poll();
}

async function start() {
  $('user').addEventListener('change', (event) => choose({ user: event.target.value }));
  $('composer').addEventListener('submit', send);
  await loadWorkspace();
  const loop = async () => {
    await poll();
    setTimeout(loop, POLL_MS);
  };
  loop();
  $('message-box').focus();
}

start();
