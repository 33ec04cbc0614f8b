// Hash routes: #/, #/groups?state=DEAD, #/groups/<id>, #/messages, #/clients, #/servers, #/login.

/** The current route: { path, query: URLSearchParams }. */
export function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  return { path: path || '/', query: new URLSearchParams(search || '') };
}

/** Finds the page for `path` in [[regexp, page]]; captured groups are decoded into `params`. */
export function match(routes, path) {
  for (const [pattern, page] of routes) {
    const found = pattern.exec(path);
    if (found) return { page, params: found.slice(1).map(decodeURIComponent) };
  }
  return null;
}

export function go(path, query) {
  const search = query ? new URLSearchParams(query).toString() : '';
  location.hash = `#${path}${search ? `?${search}` : ''}`;
}

/** The link for a group's detail page. */
export function groupHref(groupId) {
  return `#/groups/${encodeURIComponent(groupId)}`;
}
