// Service accounts: the list (search, status filter, pages), "Create service account", and Disable with a
// confirmation that says how many active keys it revokes (counted with GET admin/keys?owner_type=...&owner_id=...).

import * as api from './api.js';
import { latestPage, pagedList } from './list.js';
import { announce, badge, clear, debounce, field, h, option, setFieldError, timeEl } from './dom.js';
import { confirmDialog, openDialog } from './dialog.js';
import { organizationList } from './keyactions.js';
import { checkId, checkName, fieldOf } from './rules.js';

const PAGE_SIZE = 20;
const INITIAL = { q: '', status: '', page: 1 };
const state = { ...INITIAL };

/** Forgets the filters (another sign-in). */
export function resetServiceAccounts() {
  Object.assign(state, INITIAL);
}

export async function renderServiceAccounts(ctx) {
  const { session } = ctx;
  const search = h('input', { type: 'search', autocomplete: 'off', value: state.q, placeholder: 'Part of a name' });
  const status = h('select', {}, option('', 'Any status'), ['active', 'disabled'].map((s) => option(s, s, state.status === s)));
  const { summary, body, prev, next, nav, show } = pagedList('Pages of service accounts');
  const create = h('button', { type: 'button', class: 'button primary', text: 'Create service account' });
  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'sa-title' },
    h('div', { class: 'panel-head' }, h('h1', { id: 'sa-title', text: 'Service accounts' }), create),
    h('p', { class: 'hint', text: 'Non-human owners of keys. Disabling an account revokes every key it owns at once.' }),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field('Search by name', search, { cls: 'grow' }).wrapper,
      field('Status', status).wrapper),
    summary, body,
    nav));

  const fetchPage = latestPage(ctx, body);
  const load = async () => {
    const page = await fetchPage(`admin/service_accounts${api.query({ q: state.q, status: state.status, page: state.page, size: PAGE_SIZE })}`);
    if (page === null) {
      return;
    }
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    clear(body);
    if (page.items.length === 0) {
      body.appendChild(h('div', { class: 'empty' }, h('p', { class: 'empty-title', text: state.q || state.status ? 'No service accounts match.' : 'No service accounts yet.' })));
    } else {
      body.appendChild(h('table', { class: 'table accounts-table' },
        h('caption', { class: 'visually-hidden', text: 'Service accounts' }),
        h('thead', {}, h('tr', {}, ['Name', 'Id', 'Organization', 'Team', 'Status', 'Created', 'Disabled', 'Actions'].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, page.items.map((a) => h('tr', { 'data-account-id': a.id },
          h('td', { 'data-label': 'Name', text: a.name }),
          h('td', { 'data-label': 'Id' }, h('code', { text: a.id })),
          h('td', { 'data-label': 'Organization', text: a.organization_id }),
          h('td', { 'data-label': 'Team', text: a.team_id || '—' }),
          h('td', { 'data-label': 'Status' }, badge(a.status)),
          h('td', { 'data-label': 'Created' }, timeEl(a.created_at)),
          h('td', { 'data-label': 'Disabled' }, timeEl(a.disabled_at)),
          h('td', { 'data-label': 'Actions' }, h('button', {
            type: 'button', class: 'button small danger', disabled: a.status !== 'active', text: 'Disable',
            'aria-label': `Disable ${a.name}`, onclick: () => disable(a, load),
          })))))));
    }
    show(page, pages, page.total === 1 ? '1 service account' : `${page.total} service accounts`);
  };
  const reload = () => { state.page = 1; load(); };
  search.addEventListener('input', debounce(() => { state.q = search.value; reload(); }, 250));
  status.addEventListener('change', () => { state.status = status.value; reload(); });
  prev.addEventListener('click', () => { state.page = Math.max(1, state.page - 1); load(); });
  next.addEventListener('click', () => { state.page += 1; load(); });
  create.addEventListener('click', () => createAccount(session, reload));
  await load();
}

async function disable(account, onDone) {
  // how many keys the disable revokes: the account's active keys
  let count;
  try {
    const keys = await api.get(`admin/keys${api.query({ owner_type: 'service_account', owner_id: account.id, organization_id: account.organization_id, status: 'active', size: 1 })}`);
    count = keys.total;
  } catch (e) {
    if (e.status !== 401) {
      announce(e.message);
    }
    return;
  }
  const consequence = count === 0 ? 'It owns no active keys.'
    : `This revokes its ${count} active ${count === 1 ? 'key' : 'keys'} at once; requests with ${count === 1 ? 'it' : 'them'} are refused.`;
  confirmDialog('Disable service account?',
    [h('p', {}, 'Disable ', h('strong', { text: account.name }), ' (', h('code', { text: account.id }), ')?'),
      h('p', { class: 'warning', id: 'disable-consequence', text: consequence }),
      h('p', { text: 'A disabled account cannot be enabled again, and cannot own new keys.' })],
    count === 0 ? 'Disable account' : `Disable and revoke ${count} ${count === 1 ? 'key' : 'keys'}`,
    async (dialog) => {
      await api.del(`admin/service_accounts/${encodeURIComponent(account.id)}`);
      dialog.close();
      announce(`Service account ${account.name} disabled; ${count} ${count === 1 ? 'key' : 'keys'} revoked.`);
      onDone();
    });
}

function createAccount(session, onDone) {
  openDialog('Create service account', (dialog) => {
    const orgs = organizationList();
    const name = h('input', { type: 'text', maxlength: '128', autocomplete: 'off', required: true });
    const org = h('input', { type: 'text', list: orgs.id, value: session.organization_id, autocomplete: 'off', spellcheck: 'false' });
    const team = h('select', {}, option('', '(no team)'));
    const fields = {
      name: field('Name', name, { hint: '1..128 characters.', name: 'name' }),
      organization_id: field('Organization', org, { name: 'organization_id' }),
      team_id: field('Team', team, { name: 'team_id' }),
    };
    const loadTeams = async () => {
      clear(team).appendChild(option('', '(no team)'));
      const o = session.platform_admin ? org.value.trim() : session.organization_id;
      if (!o) {
        return;
      }
      try {
        for (const t of (await api.get(`admin/teams${api.query({ organization_id: o })}`)).items) {
          team.appendChild(option(t.id, `${t.name} (${t.id})`, t.id === session.team_id));
        }
      } catch (e) {
        // unknown organization: the create request says so
      }
    };
    org.addEventListener('change', loadTeams);
    loadTeams();
    const general = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'button primary', text: 'Create service account' });
    const form = h('form', { class: 'dialog-body', novalidate: true },
      fields.name.wrapper,
      session.platform_admin ? [fields.organization_id.wrapper, orgs.element] : null,
      fields.team_id.wrapper,
      general,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button secondary', text: 'Cancel', onclick: () => dialog.close() }), submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => setFieldError(f, null));
      general.textContent = '';
      const errors = {};
      const nameError = checkName(name.value, { required: true });
      if (nameError) {
        errors.name = nameError;
      }
      const body = { name: name.value };
      if (session.platform_admin && org.value.trim() !== '') {
        const e = checkId('organization_id', org.value.trim());
        if (e) {
          errors.organization_id = e;
        } else {
          body.organization_id = org.value.trim();
        }
      }
      if (team.value) {
        body.team_id = team.value;
      }
      const names = Object.keys(errors);
      if (names.length > 0) {
        names.forEach((n) => setFieldError(fields[n], errors[n]));
        fields[names[0]].control.focus();
        return;
      }
      submit.disabled = true;
      try {
        const created = await api.post('admin/service_accounts', body);
        dialog.close();
        announce(`Service account ${created.name} (${created.id}) created.`);
        onDone();
      } catch (e) {
        const f = fields[fieldOf(e.message, ['organization_id', 'team_id', 'name'])];
        if (f && f.wrapper.isConnected) {
          setFieldError(f, e.message);
          f.control.focus();
        } else {
          general.textContent = e.message;
        }
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  });
}
