// The audit log: every management action and console sign-in/out, newest first, filtered and paged.

import * as api from './api.js';
import { latestPage, pagedList } from './list.js';
import { clear, field, h, option } from './dom.js';
import { eventTable } from './key.js';
import { checkId } from './rules.js';

const PAGE_SIZE = 25;
const ACTIONS = ['key.create', 'key.rotate', 'key.revoke', 'service_account.create', 'service_account.disable',
  'organization.plan', 'console.sign_in', 'console.sign_out'];
const INITIAL = { action: '', outcome: '', target_id: '', actor_key_id: '', organization_id: '', page: 1 };
const state = { ...INITIAL };

/** Forgets the filters (another sign-in). */
export function resetAudit() {
  Object.assign(state, INITIAL);
}

export async function renderAudit(ctx) {
  const { session } = ctx;
  const action = h('select', {}, option('', 'Any action'), ACTIONS.map((a) => option(a, a, state.action === a)));
  const outcome = h('select', {}, option('', 'Any outcome'), ['success', 'denied'].map((o) => option(o, o, state.outcome === o)));
  const target = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', value: state.target_id });
  const actor = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', value: state.actor_key_id });
  const org = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', value: state.organization_id });
  const fields = {
    target_id: field('Target id', target, { name: 'target_id' }),
    actor_key_id: field('Actor key id', actor, { name: 'actor_key_id' }),
    organization_id: field('Organization', org, { name: 'organization_id' }),
  };
  const { summary, body, prev, next, nav, show } = pagedList('Pages of audit events');
  const form = h('form', { class: 'filters', role: 'search', novalidate: true },
    field('Action', action).wrapper,
    field('Outcome', outcome).wrapper,
    fields.target_id.wrapper,
    fields.actor_key_id.wrapper,
    session.platform_admin ? fields.organization_id.wrapper : null,
    h('div', { class: 'filter-submit' }, h('button', { type: 'submit', class: 'button secondary', text: 'Apply filters' })));
  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'audit-title' },
    h('h1', { id: 'audit-title', text: 'Audit log' }),
    h('p', { class: 'hint', text: session.platform_admin ? 'Events of every organization.' : `Events of organization ${session.organization_id}.` }),
    form, summary, body,
    nav));

  const fetchPage = latestPage(ctx, body);
  const load = async () => {
    const page = await fetchPage(`admin/audit${api.query({ action: state.action, outcome: state.outcome, target_id: state.target_id, actor_key_id: state.actor_key_id, organization_id: session.platform_admin ? state.organization_id : '', page: state.page, size: PAGE_SIZE })}`);
    if (page === null) {
      return;
    }
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    clear(body).appendChild(page.items.length === 0
      ? h('div', { class: 'empty' }, h('p', { class: 'empty-title', text: 'No events match these filters.' }))
      : eventTable(page.items));
    show(page, pages, page.total === 1 ? '1 event' : `${page.total} events`);
  };
  const apply = () => {
    Object.values(fields).forEach((f) => { f.error.textContent = ''; f.control.removeAttribute('aria-invalid'); });
    let bad = null;
    for (const [name, f] of Object.entries(fields)) {
      const v = f.control.value.trim();
      const problem = v === '' ? null : checkId(name, v);
      if (problem) {
        f.error.textContent = problem;
        f.control.setAttribute('aria-invalid', 'true');
        bad = bad || f;
      }
    }
    if (bad) {
      bad.control.focus();
      return;
    }
    state.action = action.value;
    state.outcome = outcome.value;
    state.target_id = target.value.trim();
    state.actor_key_id = actor.value.trim();
    state.organization_id = org.value.trim();
    state.page = 1;
    load();
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  action.addEventListener('change', apply);
  outcome.addEventListener('change', apply);
  prev.addEventListener('click', () => { state.page = Math.max(1, state.page - 1); load(); });
  next.addEventListener('click', () => { state.page += 1; load(); });
  await load();
}
