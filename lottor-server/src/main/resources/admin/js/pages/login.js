// Login: the operator types the admin token (checked with GET /api/v1/whoami) and an optional name.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, replace } from '../dom.js';

export default {
  title: 'Log in',
  nav: null,
  create(view) {
    const message = h('div', { id: 'login-message', 'aria-live': 'polite' });
    const tokenInput = h('input', {
      id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'current-password',
      spellcheck: 'false', 'aria-describedby': 'token-help',
    });
    const operatorInput = h('input', {
      id: 'operator-name', name: 'operator', type: 'text', maxlength: 64, autocomplete: 'username',
      'aria-describedby': 'operator-help',
    });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
    const form = h('form', { class: 'login-form', novalidate: true },
      h('label', { for: 'token' }, 'Admin token'), tokenInput,
      h('p', { class: 'help', id: 'token-help' }, 'Printed once when the server first starts, and stored in ',
        h('code', {}, '<data-dir>/admin-token'), ', unless set with ', h('code', {}, '--admin-token'), ' or ',
        h('code', {}, 'LOTTOR_ADMIN_TOKEN'), '.'),
      h('label', { for: 'operator-name' }, 'Your name (optional)'), operatorInput,
      h('p', { class: 'help', id: 'operator-help' }, 'Recorded as the operator in the history of the groups you retry or resolve.'),
      message, submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      attempt(tokenInput.value.trim(), operatorInput.value.trim(), message, submit);
    });
    replace(view, h('div', { class: 'login' },
      h('h1', {}, 'Lottor admin'), h('p', { class: 'lead' }, 'Log in with the server\'s admin token.'), form));
    showReason(message);
    tokenInput.focus();
    return {};
  },
};

function showReason(message) {
  const reason = sessionStorage.getItem('lottor.loginReason');
  sessionStorage.removeItem('lottor.loginReason');
  if (reason === 'rejected') {
    say(message, 'The server no longer accepts your token (401). Log in again.', 'warn');
  }
}

async function attempt(token, operator, message, submit) {
  if (!token) {
    say(message, 'Enter the admin token.', 'bad');
    return;
  }
  submit.disabled = true;
  say(message, 'Checking the token…', 'muted');
  try {
    const who = await api.request('GET', '/api/v1/whoami', { tokenOverride: token });
    if (who?.role !== 'admin') {
      say(message, 'This is a client token: it can send messages but not administer. Use the admin token.', 'bad');
      return;
    }
    session.logIn(token, operator);
    const next = sessionStorage.getItem('lottor.afterLogin');
    sessionStorage.removeItem('lottor.afterLogin');
    location.hash = next && next !== '#/login' ? next : '#/';
  } catch (error) {
    say(message, loginError(error), 'bad');
  } finally {
    submit.disabled = false;
  }
}

function loginError(error) {
  if (error.status === 401) return 'Wrong token: the server rejected it (401).';
  if (error.unreachable) return 'Server unreachable: no answer from the Lottor server.';
  return `The server answered ${error.status}: ${error.message}`;
}

function say(container, text, tone) {
  replace(container, h('p', { class: `flash ${tone}`, role: tone === 'bad' ? 'alert' : 'status' }, text));
}
