// Slack emulator console: Block Kit → DOM, for messages and for the App Home alike. Blocks:
// section (text, fields, accessory), context, divider, header, actions, image; others show as a
// placeholder. Elements: button (style primary / danger, url, confirm), static_select (options,
// option_groups, initial_option), users_select (initial_user), overflow, image.
//
// `ctx` says where the blocks are: `names` (user(id), channel(id)) for mentions, `users` for a
// users select, `selected(block, element)` for a select's current state in a view (or undefined),
// and `act(block, element, choice)` to send a click (`{}`) or a choice (`{ value }` / `{ user }`).

import { el, isHttp } from './dom.js';
import { emojify, renderMrkdwn } from './mrkdwn.js';

export function renderTextObject(object, names, extraClass = '') {
  if (!object || typeof object.text !== 'string') return null;
  if (object.type === 'mrkdwn') {
    const node = el('div', { class: `mrkdwn ${extraClass}` });
    renderMrkdwn(object.text, node, names);
    return node;
  }
  return el('div', { class: `plain ${extraClass}` }, object.emoji === false ? object.text : emojify(object.text));
}

const plainText = (object, fallback = '') => (typeof object?.text === 'string' ? emojify(object.text) : fallback);

function renderImage(element, className) {
  const alt = typeof element.alt_text === 'string' ? element.alt_text : '';
  const src = element.image_url;
  if (typeof src === 'string' && isHttp(src)) return el('img', { class: className, src, alt, title: alt, loading: 'lazy', referrerpolicy: 'no-referrer' });
  return el('span', { class: 'unsupported' }, `[image: ${alt}]`);
}

/** Asks as Slack's confirm dialog does; true when there is none or the person agreed. */
function confirmed(element) {
  const confirm = element.confirm;
  return !confirm || window.confirm([confirm.title?.text, confirm.text?.text].filter(Boolean).join('\n\n'));
}

function renderButton(element, block, ctx) {
  const styleClass = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
  const url = typeof element.url === 'string' && isHttp(element.url) ? element.url : undefined;
  const click = () => {
    if (!confirmed(element)) return;
    // Like Slack: a link button opens the link and also tells the app about the click.
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
    ctx.act(block, element, {});
  };
  return el(
    'button',
    { type: 'button', class: `button${styleClass}`, 'data-action-id': element.action_id, title: url, onclick: click },
    el('span', { class: url ? 'external' : undefined }, plainText(element.text, 'Button')),
  );
}

/** A `<select>` whose choice goes to the app; `choice(value)` makes the `{ value }` or `{ user }` sent. */
function renderSelect(element, block, ctx, { className, label, current, items, choice, resetAfter = false }) {
  const select = el(
    'select',
    { class: className, 'data-action-id': element.action_id, 'aria-label': label },
    el('option', { value: '', disabled: !resetAfter, selected: current === undefined }, resetAfter ? '⋯' : label),
    ...items,
  );
  let previous = select.value;
  select.addEventListener('change', () => {
    if (select.value === '' || !confirmed(element)) {
      select.value = previous;
      return;
    }
    ctx.act(block, element, choice(select.value));
    if (resetAfter) select.value = '';
    previous = select.value;
  });
  return select;
}

const optionItem = (option, current) => el('option', { value: option.value, selected: option.value === current }, plainText(option.text, option.value));

function renderStaticSelect(element, block, ctx) {
  const current = ctx.selected(block, element)?.selected_option?.value ?? element.initial_option?.value;
  const items = [
    ...(element.options ?? []).map((o) => optionItem(o, current)),
    ...(element.option_groups ?? []).map((group) => el('optgroup', { label: plainText(group.label) }, ...(group.options ?? []).map((o) => optionItem(o, current)))),
  ];
  return renderSelect(element, block, ctx, { className: 'select', label: plainText(element.placeholder, 'Select an item'), current, items, choice: (value) => ({ value }) });
}

function renderUsersSelect(element, block, ctx) {
  const current = ctx.selected(block, element)?.selected_user ?? element.initial_user;
  const items = ctx.users.map((u) => el('option', { value: u.id, selected: u.id === current }, u.realName));
  return renderSelect(element, block, ctx, { className: 'select', label: plainText(element.placeholder, 'Select a user'), current, items, choice: (user) => ({ user }) });
}

function renderOverflow(element, block, ctx) {
  const items = (element.options ?? []).map((o) => optionItem(o, undefined));
  return renderSelect(element, block, ctx, { className: 'overflow', label: 'More actions', current: undefined, items, choice: (value) => ({ value }), resetAfter: true });
}

function renderElement(element, block, ctx) {
  switch (element?.type) {
    case 'button': return renderButton(element, block, ctx);
    case 'static_select': return renderStaticSelect(element, block, ctx);
    case 'users_select': return renderUsersSelect(element, block, ctx);
    case 'overflow': return renderOverflow(element, block, ctx);
    case 'image': return renderImage(element, 'accessory-image');
    default: return el('span', { class: 'unsupported' }, `[${element?.type ?? 'element'} not shown in the emulator]`);
  }
}

function renderBlock(block, ctx) {
  const { names } = ctx;
  switch (block.type) {
    case 'section': {
      const main = el('div', { class: 'section-main' }, renderTextObject(block.text, names));
      if (Array.isArray(block.fields)) main.append(el('div', { class: 'fields' }, ...block.fields.map((f) => renderTextObject(f, names))));
      return el('div', { class: 'block section', 'data-block-id': block.block_id }, main, block.accessory ? renderElement(block.accessory, block, ctx) : null);
    }
    case 'context':
      return el('div', { class: 'block context' }, ...(block.elements ?? []).map((e) => (e.type === 'image' ? renderImage(e, '') : renderTextObject(e, names))));
    case 'divider':
      return el('hr', { class: 'block divider' });
    case 'header':
      return el('div', { class: 'block header', role: 'heading', 'aria-level': '3' }, plainText(block.text));
    case 'actions':
      return el('div', { class: 'block actions', 'data-block-id': block.block_id }, ...(block.elements ?? []).map((e) => renderElement(e, block, ctx)));
    case 'image':
      return el('figure', { class: 'block image-block' }, block.title ? renderTextObject(block.title, names) : null, renderImage(block, ''));
    default:
      return el('div', { class: 'block unsupported' }, `[${block.type} block not shown in the emulator]`);
  }
}

export function renderBlocks(blocks, ctx) {
  return blocks.map((block) => renderBlock(block, ctx));
}
