// Slack emulator console: the small helpers every part of the page uses. Every piece of data
// reaches the page through textContent / createTextNode / setAttribute on elements built here:
// never innerHTML.

/** el('a', { class: 'x', href, onclick }, child, 'text', ...): strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
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

/** GET (no body) or POST JSON to the console's API; the answer's JSON. */
export async function api(path, body) {
  const res = await fetch(`/console/api/${path}`, body === undefined
    ? { cache: 'no-store' }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

export const isHttp = (url) => /^https?:\/\//i.test(url);
