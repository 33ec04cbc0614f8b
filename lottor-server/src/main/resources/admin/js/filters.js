// A filter form whose values live in the hash's query (#/groups?state=PREPARED&source=orders), so a
// filtered view can be bookmarked, shared and reloaded.
import { h } from './dom.js';
import { go } from './router.js';

/**
 * fields: [{ name, label, type: 'text' | 'search' | 'time' | 'states', states?, placeholder?, primary? }].
 * Primary fields and the buttons stay in sight; the others fold into "More filters", open when one of
 * them is set. Applying navigates to `path` with the new query; Clear empties all.
 */
export function filterForm(path, fields, query, { submitLabel = 'Apply filters' } = {}) {
  const primary = fields.filter((f) => f.primary);
  const others = fields.filter((f) => !f.primary);
  const active = others.filter((f) => query.get(f.name)).length;
  const more = h('details', { class: 'more-filters', open: active > 0 },
    h('summary', {}, active ? `More filters (${active} set)` : 'More filters'),
    h('div', { class: 'filter-grid' }, others.map((field) => control(field, query.get(field.name) || ''))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filters' },
    h('div', { class: 'filter-main' }, primary.map((field) => control(field, query.get(field.name) || '')),
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'primary' }, submitLabel),
        h('button', { type: 'button', class: 'secondary', onClick: () => go(path) }, 'Clear'))),
    more);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go(path, values(form, fields));
  });
  return form;
}

function control(field, value) {
  const id = `filter-${field.name}`;
  if (field.type === 'states') return states(field, value);
  const input = h('input', {
    id, name: field.name, type: field.type === 'time' ? 'datetime-local' : field.type || 'text',
    value: field.type === 'time' ? toLocalInput(value) : value, placeholder: field.placeholder,
    step: field.type === 'time' ? 1 : undefined, autocomplete: 'off', spellcheck: 'false',
  });
  return h('div', { class: `field field-${field.name}` }, h('label', { for: id }, field.label), input);
}

function states(field, value) {
  const chosen = new Set(value ? value.split(',') : []);
  return h('fieldset', { class: 'field states' }, h('legend', {}, field.label),
    h('div', { class: 'chips' }, field.states.map((state) => h('label', { class: 'chip' },
      h('input', { type: 'checkbox', name: field.name, value: state, checked: chosen.has(state) }),
      ` ${state.replace('_', ' ')}`))));
}

function values(form, fields) {
  const query = {};
  for (const field of fields) {
    if (field.type === 'states') {
      const checked = [...form.querySelectorAll(`input[name="${field.name}"]:checked`)].map((i) => i.value);
      if (checked.length) query[field.name] = checked.join(',');
    } else {
      const raw = form.elements[field.name].value.trim();
      const value = field.type === 'time' && raw ? new Date(raw).toISOString() : raw;
      if (value) query[field.name] = value;
    }
  }
  return query;
}

/** ISO-8601 → the `YYYY-MM-DDTHH:MM:SS` local value a datetime-local input shows. */
function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}

/** The query's entries as an object for the API, keeping only `names`. */
export function pick(query, names) {
  const result = {};
  for (const name of names) {
    if (query.get(name)) result[name] = query.get(name);
  }
  return result;
}

/**
 * Cursor paging: remembers the cursors of the pages already seen, so "Newer" can go back.
 * render(nextCursor) returns the pager's buttons.
 */
export function pager(onMove) {
  const cursors = [null];
  return {
    cursor: () => cursors[cursors.length - 1],
    render(nextCursor) {
      const page = cursors.length;
      if (page === 1 && !nextCursor) return null;
      return h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', class: 'secondary', disabled: page === 1,
          onClick: () => { cursors.pop(); onMove(); } }, '← Newer'),
        h('span', { class: 'muted' }, `Page ${page}`),
        h('button', { type: 'button', class: 'secondary', disabled: !nextCursor,
          onClick: () => { cursors.push(nextCursor); onMove(); } }, 'Older →'));
    },
  };
}
