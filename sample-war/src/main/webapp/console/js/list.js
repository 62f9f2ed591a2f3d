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

/**
 * The parts every list screen shows around its table: a summary read out when it changes, the table's place, and a
 * pager labelled `label`. `show` writes one page's summary and page numbers and enables the pager's buttons.
 */
export function pagedList(label) {
  const summary = h('p', { class: 'summary', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'table-wrap' });
  const prev = h('button', { type: 'button', class: 'button secondary', text: 'Previous page' });
  const next = h('button', { type: 'button', class: 'button secondary', text: 'Next page' });
  const pageText = h('span', { class: 'page-text' });
  const nav = h('nav', { class: 'pager', 'aria-label': label }, prev, pageText, next);
  const show = (page, pages, summaryText) => {
    summary.textContent = summaryText;
    pageText.textContent = `Page ${page.page} of ${pages}`;
    prev.disabled = page.page <= 1;
    next.disabled = page.page >= pages;
  };
  return { summary, body, prev, next, pageText, nav, show };
}
