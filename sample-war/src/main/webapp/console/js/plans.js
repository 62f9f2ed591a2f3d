// Plans: every plan with its limits; for platform admins, changing an organization's plan.

import * as api from './api.js';
import { announce, field, h, limitText, option, setFieldError } from './dom.js';
import { organizationList } from './keyactions.js';
import { checkId, fieldOf } from './rules.js';

export async function renderPlans(ctx) {
  const { session } = ctx;
  const plans = (await api.get('admin/plans')).items;
  if (!ctx.alive()) {
    return;
  }
  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'plans-title' },
    h('h1', { id: 'plans-title', text: 'Plans' }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table plans-table' },
      h('caption', { class: 'visually-hidden', text: 'Plans and their limits' }),
      h('thead', {}, h('tr', {}, ['Plan', 'API access', 'Limits'].map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, plans.map((p) => h('tr', { 'data-plan': p.name },
        h('td', { 'data-label': 'Plan' }, h('strong', { text: p.name })),
        h('td', { 'data-label': 'API access', text: p.api_access ? 'yes' : 'no' }),
        h('td', { 'data-label': 'Limits', text: p.limits.length === 0 ? '—' : p.limits.map(limitText).join(' + ') }))))))));
  if (session.platform_admin) {
    ctx.view.appendChild(changePlanForm(plans));
  } else {
    ctx.view.appendChild(h('p', { class: 'panel hint', text: `Only admin keys of the platform organization change plans. Ask them to change ${session.organization_id}'s plan.` }));
  }
}

function changePlanForm(plans) {
  const orgs = organizationList();
  const org = h('input', { type: 'text', list: orgs.id, autocomplete: 'off', spellcheck: 'false', required: true });
  const plan = h('select', { required: true }, option('', 'Choose a plan'), plans.map((p) => option(p.name, p.name)));
  const fields = {
    organization_id: field('Organization', org, { name: 'organization_id', hint: 'The organization id, e.g. acme.' }),
    plan: field('New plan', plan, { name: 'plan' }),
  };
  const result = h('p', { class: 'notice', id: 'plan-change-result', role: 'status' });
  const general = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary', text: 'Change plan' });
  const form = h('form', { class: 'inline-form', novalidate: true },
    fields.organization_id.wrapper, orgs.element, fields.plan.wrapper, h('div', { class: 'filter-submit' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => setFieldError(f, null));
    general.textContent = '';
    result.textContent = '';
    const id = org.value.trim();
    const idProblem = checkId('organization_id', id);
    if (idProblem) {
      setFieldError(fields.organization_id, idProblem);
      org.focus();
      return;
    }
    if (!plan.value) {
      setFieldError(fields.plan, 'plan: choose a plan');
      plan.focus();
      return;
    }
    submit.disabled = true;
    try {
      const changed = await api.put(`admin/organizations/${encodeURIComponent(id)}/plan`, { plan: plan.value });
      result.textContent = `Organization ${changed.id} is now on plan ${changed.plan}.`;
      announce(result.textContent);
    } catch (e) {
      const name = e.status === 404 ? 'organization_id' : fieldOf(e.message, ['organization_id', 'plan']);
      const f = fields[name];
      if (f) {
        setFieldError(f, e.message);
        f.control.focus();
      } else {
        general.textContent = e.message;
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'plan-change-title' },
    h('h2', { id: 'plan-change-title', text: "Change an organization's plan" }),
    h('p', { class: 'hint', text: 'The new plan governs requests at once.' }),
    form, general, result);
}
