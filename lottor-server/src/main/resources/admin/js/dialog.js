// Modal confirmations. While one is open the live refresh pauses, so nothing moves under the operator.
import { h } from './dom.js';

let open = 0;

export function isOpen() {
  return open > 0;
}

/**
 * Asks to confirm an action. Resolves to { reason } when confirmed (reason '' if not asked), else null.
 * options: { title, body: nodes, confirmLabel, danger, reason: 'required' | 'optional' | undefined }
 */
export function confirm({ title, body, confirmLabel, danger, reason }) {
  return new Promise((resolve) => {
    const reasonField = reason ? h('textarea', {
      id: 'dialog-reason', name: 'reason', rows: 3, maxlength: 1024, required: reason === 'required',
    }) : null;
    const form = h('form', { method: 'dialog', class: 'dialog-form' },
      h('h2', {}, title), h('div', { class: 'dialog-body' }, body),
      reasonField ? h('label', { for: 'dialog-reason' }, reason === 'required' ? 'Reason (required)' : 'Reason (optional)') : null,
      reasonField,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'secondary', value: 'cancel', onClick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: danger ? 'danger' : 'primary', value: 'ok' }, confirmLabel)));
    const dialog = h('dialog', { class: 'dialog', 'aria-label': title }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = reasonField ? reasonField.value.trim() : '';
      if (reason === 'required' && !text) {
        reasonField.setCustomValidity('Say why: the reason is kept in the group\'s history.');
        reasonField.reportValidity();
        return;
      }
      close({ reason: text });
    });
    reasonField?.addEventListener('input', () => reasonField.setCustomValidity(''));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    let done = false;

    function close(result) {
      if (done) return;
      done = true;
      open -= 1;
      dialog.close();
      dialog.remove();
      resolve(result);
    }

    document.body.append(dialog);
    open += 1;
    dialog.showModal();
    (reasonField || form.querySelector('button[type=submit]')).focus();
  });
}
