// What the list screens (keys, service accounts, audit) share: loading one page of a listing where typing and
// paging start loads that overlap, so only the newest may land.

import * as api from './api.js';
import { clear, h } from './dom.js';

/**
 * A loader of pages for one screen. Each call fetches `path` (relative to the console API); it resolves to the page,
 * or to null when a newer call has started meanwhile, the screen has been left (`ctx.alive()` false), or the call
 * failed. A failure is shown in `body` in words, except a 401, which returns to the sign-in form (api.js).
 */
export function latestPage(ctx, body) {
  let latest = 0;
  return async (path) => {
    latest += 1;
    const mine = latest;
    try {
      const page = await api.get(path);
      return ctx.alive() && mine === latest ? page : null;
    } catch (e) {
      if (ctx.alive() && mine === latest && e.status !== 401) {
        clear(body).appendChild(h('p', { class: 'error', role: 'alert', text: e.message }));
      }
      return null;
    }
  };
}
