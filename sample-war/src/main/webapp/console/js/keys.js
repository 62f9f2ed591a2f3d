// The keys table: live search (debounced), status and environment filters, pagination, an empty state, and per row
// Revoke and Regenerate. The table turns into cards on narrow screens (CSS, from the cells' data-label).

import * as api from './api.js';
import { latestPage, pagedList } from './list.js';
import { announce, badge, clear, debounce, field, h, option, ownerEl, timeEl } from './dom.js';
import { createKeyDialog, regenerateKey, revokeKey } from './keyactions.js';

const PAGE_SIZE = 20;
// the filters survive a visit to a key's page and back (memory only, like everything else)
const INITIAL = { q: '', status: '', environment: '', page: 1 };
const state = { ...INITIAL };

/** Forgets the filters (another sign-in). */
export function resetKeys() {
  Object.assign(state, INITIAL);
}

const COLUMNS = ['Name', 'Key', 'Status', 'Environment', 'Organization', 'Owner', 'Team', 'Workflow', 'Created', 'Last used', 'Actions'];

export async function renderKeys(ctx) {
  const { session } = ctx;
  if (session.environment === 'test') {
    state.environment = 'test';
  }
  const search = h('input', { type: 'search', autocomplete: 'off', spellcheck: 'false', value: state.q, placeholder: 'Part of a name' });
  const status = h('select', {}, option('', 'Any status'), ['active', 'expired', 'revoked'].map((s) => option(s, s, state.status === s)));
  const environment = h('select', {},
    session.environment === 'test' ? null : option('', 'Any environment'),
    (session.environment === 'test' ? ['test'] : ['live', 'test']).map((e) => option(e, e, state.environment === e)));
  const { summary, body, prev, next, pageText, nav, show } = pagedList('Pages of keys');
  const create = h('button', { type: 'button', class: 'button primary', text: 'Create key' });

  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'keys-title' },
    h('div', { class: 'panel-head' }, h('h1', { id: 'keys-title', text: 'Keys' }), create),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field('Search by name', search, { cls: 'grow' }).wrapper,
      field('Status', status).wrapper,
      field('Environment', environment).wrapper),
    summary,
    body,
    nav));

  const fetchPage = latestPage(ctx, body);
  const load = async () => {
    const params = { q: state.q, status: state.status, environment: state.environment, page: state.page, size: PAGE_SIZE };
    const page = await fetchPage(`admin/keys${api.query(params)}`);
    if (page === null) {
      return;
    }
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    if (page.items.length === 0 && state.page > 1 && page.total > 0) {
      state.page = pages;
      load();
      return;
    }
    clear(body);
    const filtered = state.q || state.status || (state.environment && session.environment !== 'test');
    if (page.items.length === 0) {
      body.appendChild(h('div', { class: 'empty' },
        h('p', { class: 'empty-title', text: filtered ? 'No keys match these filters.' : 'No keys yet.' }),
        h('p', { text: filtered ? 'Change the search or the filters to see more.' : 'Create the first key with "Create key".' })));
    } else {
      body.appendChild(table(page.items, ctx, load));
    }
    show(page, pages, page.total === 1 ? '1 key' : `${page.total} keys`);
  };

  const reload = () => { state.page = 1; load(); };
  search.addEventListener('input', debounce(() => { state.q = search.value; reload(); }, 250));
  status.addEventListener('change', () => { state.status = status.value; reload(); });
  environment.addEventListener('change', () => { state.environment = environment.value; reload(); });
  prev.addEventListener('click', () => { state.page = Math.max(1, state.page - 1); load().then(() => announce(pageText.textContent)); });
  next.addEventListener('click', () => { state.page += 1; load().then(() => announce(pageText.textContent)); });
  create.addEventListener('click', () => createKeyDialog(session, () => { state.page = 1; load(); }));
  await load();
}

function table(keys, ctx, reload) {
  return h('table', { class: 'table keys-table' },
    h('caption', { class: 'visually-hidden', text: 'Keys, newest first' }),
    h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, keys.map((k) => row(k, ctx, reload))));
}

function cell(label, ...content) {
  return h('td', { 'data-label': label }, ...content);
}

function row(k, ctx, reload) {
  const inactive = k.status === 'revoked';
  return h('tr', { 'data-key-id': k.id },
    cell('Name', h('a', { href: `#/keys/${k.id}`, class: 'key-link', text: k.name || '(no name)' })),
    cell('Key', h('code', { text: k.redacted })),
    cell('Status', badge(k.status)),
    cell('Environment', k.environment),
    cell('Organization', k.organization_id),
    cell('Owner', ownerEl(k.owner)),
    cell('Team', k.team_id || '—'),
    cell('Workflow', k.workflow_id || '—'),
    cell('Created', timeEl(k.created_at, { stacked: true })),
    cell('Last used', timeEl(k.last_used_at, { stacked: true })),
    cell('Actions', h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'button small secondary', disabled: inactive, 'aria-label': `Regenerate ${k.name || k.id}`, text: 'Regenerate', onclick: () => regenerateKey(k, reload) }),
      h('button', { type: 'button', class: 'button small danger', disabled: inactive, 'aria-label': `Revoke ${k.name || k.id}`, text: 'Revoke', onclick: () => revokeKey(k, reload) }))));
}
