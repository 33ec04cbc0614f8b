// A tiny element builder: h('a', {href: '#/'}, 'text', child). Text is always set as text, never as HTML.

export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    setAttribute(element, key, value);
  }
  append(element, children);
  return element;
}

function setAttribute(element, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key.startsWith('on') && typeof value === 'function') {
    element.addEventListener(key.slice(2).toLowerCase(), value);
  } else if (key === 'class') {
    element.className = value;
  } else if (key === 'dataset') {
    Object.assign(element.dataset, value);
  } else if (value === true) {
    element.setAttribute(key, '');
  } else {
    element.setAttribute(key, String(value));
  }
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces the children of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/**
 * Replaces the children of `element` like replace(), keeping the open/closed state of every
 * <details data-key> the operator toggled, so a live refresh does not fold what they are reading.
 */
export function replaceKeepingOpen(element, ...children) {
  const states = new Map([...element.querySelectorAll('details[data-key]')].map((d) => [d.dataset.key, d.open]));
  replace(element, ...children);
  for (const details of element.querySelectorAll('details[data-key]')) {
    if (states.has(details.dataset.key)) details.open = states.get(details.dataset.key);
  }
  return element;
}
