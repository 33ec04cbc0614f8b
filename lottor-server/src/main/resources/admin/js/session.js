// The operator's login: the admin token and an optional name, kept for this tab only (sessionStorage).
const TOKEN = 'lottor.token';
const OPERATOR = 'lottor.operator';

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function operator() {
  return sessionStorage.getItem(OPERATOR) || '';
}

export function isLoggedIn() {
  return Boolean(token());
}

export function logIn(newToken, operatorName) {
  sessionStorage.setItem(TOKEN, newToken);
  if (operatorName) {
    sessionStorage.setItem(OPERATOR, operatorName);
  } else {
    sessionStorage.removeItem(OPERATOR);
  }
}

export function logOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(OPERATOR);
}
