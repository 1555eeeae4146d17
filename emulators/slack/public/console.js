// Slack emulator console (browser side): the page. No framework, no network beyond this server.
// dom.js builds elements (never innerHTML), mrkdwn.js and blocks.js draw what the bot sends,
// messages.js a conversation's messages, home.js the app's Home tab.

import { api, el } from './dom.js';
import { renderHome, openHome } from './home.js';
import { renderMessage } from './messages.js';

const POLL_MS = 500;
/** `state.channel` (and `?channel=`) for the chosen user's direct messages with the bot, and for the app's Home tab. */
const DM = 'dm';
const HOME = 'home';
const $ = (id) => document.getElementById(id);

const state = {
  workspace: { team: { name: '' }, bot: { id: '', name: 'bot' }, users: [], channels: [], app: null },
  user: '',
  channel: '',
  shown: '', // "<version>|<user>|<channel>" of what is on screen
  homeShown: '', // "<user>|<revision>" of the Home view on screen
  lastCall: 0,
  seen: {}, // user id → the newest DM message (its sequence number) they have had open
  unread: {}, // user id → how many of the bot's DM messages are newer than that
};

/** What the server calls the open conversation: for the DM, the user's own id. */
const conversation = (user, channel) => (channel === DM ? user : channel);
const messageSeq = (message) => Number(message.id.slice(1));

const names = {
  user: (id) => {
    if (id === state.workspace.bot.id) return state.workspace.bot.name;
    return state.workspace.users.find((u) => u.id === id)?.realName ?? id;
  },
  channel: (id) => state.workspace.channels.find((c) => c.id === id)?.name ?? id.toLowerCase(),
};

/** What blocks.js needs to draw a message and send its clicks. */
const messageContext = (message) => ({
  names,
  users: state.workspace.users,
  botId: state.workspace.bot.id,
  selected: () => undefined,
  act: async (block, element, choice) => {
    const reply = await api('action', { userId: state.user, messageId: message.id, blockId: block.block_id, actionId: element.action_id, ...choice });
    status(reply.ok ? '' : `Click not delivered: ${reply.error}`);
    poll();
  },
});

function status(text) {
  $(state.channel === HOME ? 'home-status' : 'composer-status').textContent = text;
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
  $('apps').replaceChildren(el('li', {}, appButton(HOME, state.channel === HOME)));
  renderDms();
  const inApp = state.channel === DM || state.channel === HOME;
  $('channel-title').textContent = inApp ? state.workspace.bot.name : `# ${names.channel(state.channel)}`;
  $('app-tabs').hidden = !inApp;
  for (const tab of $('app-tabs').querySelectorAll('button')) tab.setAttribute('aria-selected', String(tab.dataset.tab === state.channel));
  for (const id of ['messages', 'composer']) $(id).hidden = state.channel === HOME;
  for (const id of ['home', 'home-status']) $(id).hidden = state.channel !== HOME;
  const appStatus = $('app-status');
  appStatus.className = `app-status${app ? '' : ' missing'}`;
  appStatus.textContent = !app
    ? 'No app connected: commands cannot be delivered yet.'
    : app.socketMode
      ? `App: Socket Mode (${app.connections} connection${app.connections === 1 ? '' : 's'})`
      : `App: ${app.eventsUrl}`;
}

/** The bot's entry in the sidebar: under Apps for its Home tab, under Direct messages for the DM. */
function appButton(channel, current, ...extra) {
  const { bot } = state.workspace;
  return el(
    'button',
    { type: 'button', 'data-channel': channel, 'aria-current': current ? 'true' : 'false', onclick: () => choose({ channel }) },
    el('span', { class: 'dm-avatar', 'aria-hidden': 'true' }, bot.name.slice(0, 1).toUpperCase()),
    el('span', { class: 'dm-name' }, bot.name),
    ...extra,
  );
}

/** The bot's DM with the chosen user, with an unread count while another conversation is open. */
function renderDms() {
  const unread = state.channel === DM ? 0 : (state.unread[state.user] ?? 0);
  const button = appButton(DM, state.channel === DM, unread ? el('span', { class: 'badge', title: `${unread} unread` }, String(unread)) : null);
  if (unread) button.classList.add('unread');
  $('dms').replaceChildren(el('li', {}, button));
}

function choose(change) {
  const opensHome = (change.channel ?? state.channel) === HOME && (change.channel !== state.channel || (change.user ?? state.user) !== state.user);
  Object.assign(state, change);
  const params = new URLSearchParams({ user: state.user, channel: state.channel });
  history.replaceState(null, '', `${location.pathname}?${params}`);
  renderSidebar();
  if (opensHome) tellHomeOpened();
  poll();
}

/** Like Slack, every time someone opens the Home tab the app hears of it. */
async function tellHomeOpened() {
  const user = state.user;
  const problem = await openHome(user);
  if (state.user === user && state.channel === HOME) status(problem);
  poll();
}

async function loadWorkspace() {
  state.workspace = await api('workspace');
  const params = new URLSearchParams(location.search);
  const { users, channels } = state.workspace;
  if (!state.user) state.user = users.some((u) => u.id === params.get('user')) ? params.get('user') : (users[0]?.id ?? '');
  const wanted = params.get('channel');
  if (!state.channel) state.channel = wanted === DM || wanted === HOME || channels.some((c) => c.id === wanted) ? wanted : (channels[0]?.id ?? '');
  renderSidebar();
}

let polling = null;
function poll() {
  if (!polling) polling = refresh().catch(() => status('Lost contact with the emulator; retrying...')).finally(() => (polling = null));
  return polling;
}

async function refresh() {
  let user, channel, version, messages, home;
  do {
    // Asked again when another user or conversation was chosen while the answer was on its way.
    ({ user, channel } = state);
    if (channel === HOME) {
      home = await api(`home?${new URLSearchParams({ user })}`);
      ({ version } = home);
      messages = [];
    } else {
      const query = new URLSearchParams({ channel: conversation(user, channel), user });
      ({ version, messages } = await api(`messages?${query}`));
    }
  } while (user !== state.user || channel !== state.channel);
  if (home) refreshHome(user, home);
  const key = `${version}|${user}|${channel}`;
  if (key === state.shown) return;
  const known = new Set(state.workspace.channels.map((c) => c.id));
  state.shown = key;
  if (channel !== HOME) {
    state.homeShown = '';
    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const empty = channel === DM ? `No messages yet. ${state.workspace.bot.name} writes here what is for you alone.` : 'No messages yet. Try /sso-portal help';
    list.replaceChildren(...(messages.length ? messages.map((m) => renderMessage(m, messageContext(m))) : [el('li', { class: 'empty' }, empty)]));
    if (atBottom) list.scrollTop = list.scrollHeight;
  }
  await refreshUnread(user, channel, channel === DM ? messages : undefined);
  if (channel !== HOME) $('messages').dataset.shown = `${user}|${channel}`; // for tests: which conversation is on screen (and its badge is up to date)
  const { channels, app } = await api('workspace');
  if (channels.some((c) => !known.has(c.id)) || JSON.stringify(app) !== JSON.stringify(state.workspace.app)) {
    Object.assign(state.workspace, { channels, app });
    renderSidebar();
  }
  await refreshCalls();
}

/** Redraws the Home tab when the app published again or a choice changed its state, not on every poll. */
function refreshHome(user, { revision, view }) {
  const key = `${user}|${revision}`;
  if (key === state.homeShown) return;
  state.homeShown = key;
  const pane = $('home');
  const ctx = { names, users: state.workspace.users, user, botName: state.workspace.bot.name, done: (problem) => (status(problem), poll()) };
  pane.replaceChildren(...renderHome(view, ctx));
  // For tests: whose Home tab is on screen, and which published view.
  pane.dataset.hash = view?.hash ?? '';
  pane.dataset.shown = user;
}

/** The open DM counts as read; otherwise count the bot's DM messages newer than the last look. */
async function refreshUnread(user, channel, shown) {
  const dm = shown ?? (await api(`messages?${new URLSearchParams({ channel: user, user })}`)).messages;
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
  for (const tab of $('app-tabs').querySelectorAll('button')) tab.addEventListener('click', () => choose({ channel: tab.dataset.tab }));
  await loadWorkspace();
  if (state.channel === HOME) tellHomeOpened();
  const loop = async () => {
    await poll();
    setTimeout(loop, POLL_MS);
  };
  loop();
  if (state.channel !== HOME) $('message-box').focus();
}

start();
