// Slack emulator console: a message in a conversation (author, time, "Only visible to you",
// its blocks or mrkdwn text, files shared with it).

import { renderBlocks } from './blocks.js';
import { el, isHttp } from './dom.js';
import { renderMrkdwn } from './mrkdwn.js';

/** One message as `ctx.user` sees it; `ctx` as blocks.js takes it, plus `botId`. */
export function renderMessage(message, ctx) {
  const bot = message.author === ctx.botId;
  const name = ctx.names.user(message.author);
  const time = new Date(Number(message.ts.split('.')[0]) * 1000);
  let content;
  if (message.via === 'command' || message.via === 'message') {
    content = el('div', { class: message.via === 'command' ? 'plain command-line' : 'plain' }, message.text);
  } else if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    content = el('div', {}, ...renderBlocks(message.blocks, ctx));
  } else {
    content = el('div', { class: 'mrkdwn' });
    renderMrkdwn(message.text, content, ctx.names);
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
