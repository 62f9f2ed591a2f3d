// What can be done to keys, shared by the keys table and a key's page: create (the dialog with every field of the
// admin API), the shown-once panel, revoke (with confirmation) and regenerate (with a grace choice).

import * as api from './api.js';
import { announce, clear, field, h, option, setFieldError, uid } from './dom.js';
import { confirmDialog, openDialog } from './dialog.js';
import { checkNewKey, checkWhole, fieldOf, PERMISSIONS } from './rules.js';

/** Organizations the sample seeds: suggestions for platform admins' organization fields (any id may be typed). */
export const SEEDED_ORGANIZATIONS = ['platform', 'acme', 'globex', 'initech', 'hooli'];

export function organizationList() {
  const id = uid('orgs');
  return { id, element: h('datalist', { id }, SEEDED_ORGANIZATIONS.map((o) => option(o, o))) };
}

/**
 * The shown-once panel: the plaintext in a read-only input (selectable), a copy button and the warning. The key
 * exists only in this dialog: closing it removes the dialog from the document and drops the reference.
 */
export function showOnce(created, { title = 'Copy your new key now', onClose = null } = {}) {
  let plaintext = created.key;
  return openDialog(title, (dialog) => {
    // the value as a property only (no value attribute), so that it is gone with the element
    const keyInput = h('input', { type: 'text', readonly: true, class: 'secret', id: uid('secret'), spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'shown-once-warning' });
    keyInput.value = plaintext;
    const status = h('p', { class: 'notice', role: 'status' });
    const copy = h('button', { type: 'button', class: 'button primary', text: 'Copy key' });
    copy.addEventListener('click', async () => {
      try {
        if (!navigator.clipboard || !window.isSecureContext) {
          throw new Error('no clipboard');
        }
        await navigator.clipboard.writeText(plaintext);
        status.textContent = 'Copied to the clipboard.';
      } catch (e) {
        keyInput.focus();
        keyInput.select();
        status.textContent = 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
      }
    });
    const done = h('button', { type: 'button', class: 'button secondary', text: "I have copied it — close", onclick: () => dialog.close() });
    return h('div', { class: 'dialog-body shown-once' },
      h('p', { id: 'shown-once-warning', class: 'warning', role: 'note' },
        'This is the only time this key is shown. keygate keeps only a hash of it: store it somewhere safe now. ',
        'If it is lost, regenerate the key.'),
      created.replaces ? h('p', { text: `It replaces key ${created.replaces}.` }) : null,
      h('div', { class: 'field' }, h('label', { for: keyInput.id, text: `Key ${created.name ? `“${created.name}”` : created.id} (${created.environment})` }), keyInput),
      status,
      h('div', { class: 'dialog-actions' }, copy, done));
  }, {
    cls: 'dialog-secret',
    initialFocus: '.button.primary',
    onClose: () => {
      plaintext = null;
      if (onClose) {
        onClose();
      }
    },
  });
}

/** Revoke with confirmation; onDone after the key is revoked. */
export function revokeKey(key, onDone) {
  confirmDialog('Revoke key?',
    [h('p', {}, 'Revoke ', h('strong', { text: key.name || key.id }), ' (', h('code', { text: key.redacted }), ')?'),
      h('p', { text: 'Requests with this key are refused at once. Revocation cannot be undone.' })],
    'Revoke key',
    async (dialog) => {
      await api.del(`admin/keys/${encodeURIComponent(key.id)}`);
      dialog.close();
      announce(`Key ${key.name || key.id} revoked.`);
      onDone();
    });
}

/** Regenerate (rotate) with a grace choice: the old key revoked now, or working for some more seconds. */
export function regenerateKey(key, onDone) {
  const now = h('input', { type: 'radio', name: 'grace', value: 'now', id: uid('grace-now'), checked: true });
  const later = h('input', { type: 'radio', name: 'grace', value: 'later', id: uid('grace-later') });
  const seconds = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', value: '3600', id: uid('grace-seconds'), disabled: true });
  const secondsField = field('Grace period in seconds', seconds, { hint: 'The old key keeps working this long, then expires.', name: 'grace_seconds' });
  const sync = () => { seconds.disabled = !later.checked; };
  now.addEventListener('change', sync);
  later.addEventListener('change', sync);
  const extra = h('fieldset', { class: 'fieldset' },
    h('legend', { text: 'The old key' }),
    h('div', { class: 'choice' }, now, h('label', { for: now.id, text: 'Revoke it now' })),
    h('div', { class: 'choice' }, later, h('label', { for: later.id, text: 'Keep it working for a grace period' })),
    secondsField.wrapper);
  confirmDialog('Regenerate key?',
    [h('p', {}, 'A new key replaces ', h('strong', { text: key.name || key.id }), ' (', h('code', { text: key.redacted }), ') with the same name, organization, team, owner, environment, permissions, restrictions, plan, rate limit and expiry.')],
    'Regenerate key',
    async (dialog) => {
      setFieldError(secondsField, null);
      let grace = 0;
      if (later.checked) {
        const problem = checkWhole('grace_seconds', seconds.value, 1, 31_536_000);
        if (problem) {
          setFieldError(secondsField, problem);
          seconds.focus();
          return;
        }
        grace = Number(seconds.value);
      }
      let created;
      try {
        created = await api.post(`admin/keys/${encodeURIComponent(key.id)}/rotate`, { grace_seconds: grace });
      } catch (e) {
        if (e instanceof api.ApiError && fieldOf(e.message, ['grace_seconds']) === 'grace_seconds') {
          setFieldError(secondsField, e.message);
          seconds.focus();
          return;
        }
        throw e;
      }
      dialog.close();
      announce(grace === 0 ? 'Key regenerated; the old key is revoked.' : `Key regenerated; the old key works for ${grace} more seconds.`);
      showOnce(created, { title: 'Copy the regenerated key now', onClose: onDone });
    }, { danger: false, extra });
}

/** The "Create key" dialog: every field of POST admin/keys, checked here like the server, then the shown-once panel. */
export function createKeyDialog(session, onDone) {
  let plans = [];
  openDialog('Create key', (dialog) => {
    const fields = {};
    const add = (name, label, control, options = {}) => {
      fields[name] = field(label, control, { ...options, name });
      return fields[name].wrapper;
    };
    const orgs = organizationList();
    const nameInput = h('input', { type: 'text', maxlength: '128', autocomplete: 'off' });
    const orgInput = h('input', { type: 'text', list: orgs.id, value: session.organization_id, autocomplete: 'off', spellcheck: 'false' });
    const teamSelect = h('select', {}, option('', '(no team)'));
    const envSelect = h('select', {},
      session.environment === 'test' ? null : option('live', 'live'),
      option('test', 'test'));
    const workflowInput = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. wf_echo' });
    const expiresInput = h('input', { type: 'datetime-local' });
    const planSelect = h('select', {}, option('', "(the organization's plan)"));
    const limitInput = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric' });
    const windowInput = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric' });
    const ownerType = h('select', {}, option('', "(your key's owner)"), option('user', 'user'), option('service_account', 'service account'));
    const ownerId = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });

    const permissionBoxes = PERMISSIONS.map((p) => {
      const box = h('input', { type: 'checkbox', value: p, id: uid(`perm-${p}`), checked: p !== 'admin' && (session.permissions || []).includes(p) });
      return box;
    });
    // admin implies write, write implies read: checking one checks what it implies, unchecking one unchecks what implies it
    permissionBoxes.forEach((box, i) => box.addEventListener('change', () => {
      if (box.checked) {
        permissionBoxes.slice(0, i).forEach((b) => { b.checked = true; });
      } else {
        permissionBoxes.slice(i + 1).forEach((b) => { b.checked = false; });
      }
    }));
    const permError = h('p', { class: 'error', id: uid('perm-error') });
    const permFieldset = h('fieldset', { class: 'fieldset', 'aria-describedby': permError.id, 'data-field': 'permissions' },
      h('legend', { text: 'Permissions' }),
      permissionBoxes.map((box) => h('div', { class: 'choice' }, box, h('label', { for: box.id, text: box.value }))),
      permError);
    fields.permissions = { wrapper: permFieldset, control: permissionBoxes[0], error: permError };

    const generalError = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'button primary', text: 'Create key' });
    const form = h('form', { class: 'dialog-body form-grid', novalidate: true },
      add('name', 'Name', nameInput, { hint: 'Up to 128 characters; optional.' }),
      session.platform_admin ? add('organization_id', 'Organization', orgInput, { hint: 'Platform admins create keys for any organization.' }) : null,
      session.platform_admin ? orgs.element : null,
      add('team_id', 'Team', teamSelect, { hint: session.team_id ? `Your key belongs to team ${session.team_id}: new keys do too.` : null }),
      permFieldset,
      add('environment', 'Environment', envSelect),
      add('workflow_id', 'Workflow restriction', workflowInput, { hint: 'Optional: the key may only use this workflow.' }),
      add('expires_at', 'Expires at (your local time)', expiresInput, { hint: 'Optional; must be in the future.' }),
      session.platform_admin ? add('plan', 'Plan', planSelect, { hint: "Optional: this key's own plan (platform admins only)." }) : null,
      h('fieldset', { class: 'fieldset pair' },
        h('legend', { text: 'Rate limit override (optional)' }),
        add('rate_limit.limit', 'Requests', limitInput, { hint: '1..1,000,000,000' }),
        add('rate_limit.window_seconds', 'Per window of seconds', windowInput, { hint: '1..31,536,000' })),
      h('fieldset', { class: 'fieldset pair' },
        h('legend', { text: 'Owner (optional)' }),
        add('owner.type', 'Owner type', ownerType),
        add('owner.id', 'Owner id', ownerId, { hint: "A user id, or an active service account (sa_…) of the key's organization. Left empty, the key gets your key's owner, who belongs to your organization only." })),
      generalError,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button secondary', text: 'Cancel', onclick: () => dialog.close() }),
        submit));
    fields['rate_limit'] = fields['rate_limit.limit'];
    fields.owner = fields['owner.type'];

    const loadTeams = async () => {
      const org = session.platform_admin ? orgInput.value.trim() : session.organization_id;
      clear(teamSelect);
      teamSelect.appendChild(option('', '(no team)'));
      if (!org) {
        return;
      }
      try {
        const teams = await api.get(`admin/teams${api.query({ organization_id: org })}`);
        for (const t of teams.items) {
          teamSelect.appendChild(option(t.id, `${t.name} (${t.id})`, t.id === session.team_id));
        }
      } catch (e) {
        // an unknown organization has no teams; the create request names the problem
      }
    };
    orgInput.addEventListener('change', loadTeams);
    loadTeams();
    if (session.platform_admin) {
      api.get('admin/plans').then((p) => {
        plans = p.items;
        for (const plan of plans) {
          planSelect.appendChild(option(plan.name, plan.name));
        }
      }).catch(() => {});
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => setFieldError(f, null));
      generalError.textContent = '';
      const values = {
        name: nameInput.value,
        organization_id: session.platform_admin ? orgInput.value.trim() : '',
        team_id: teamSelect.value,
        permissions: permissionBoxes.filter((b) => b.checked).map((b) => b.value),
        environment: envSelect.value,
        workflow_id: workflowInput.value.trim(),
        expires_at: expiresInput.value,
        plan: session.platform_admin ? planSelect.value : '',
        rate_limit_limit: limitInput.value,
        rate_limit_window: windowInput.value,
        owner_type: ownerType.value,
        owner_id: ownerId.value,
      };
      const { body, errors } = checkNewKey(values, session);
      const names = Object.keys(errors);
      if (names.length > 0) {
        names.forEach((n) => setFieldError(fields[n], errors[n]));
        fields[names[0]].control.focus();
        generalError.textContent = names.length === 1 ? 'Correct the field marked above.' : `Correct the ${names.length} fields marked above.`;
        return;
      }
      submit.disabled = true;
      try {
        const created = await api.post('admin/keys', body);
        dialog.close();
        announce('Key created.');
        showOnce(created, { onClose: onDone });
      } catch (e) {
        const f = e instanceof api.ApiError ? fields[fieldOf(e.message)] : null;
        if (f && f.wrapper.isConnected) {
          setFieldError(f, e.message);
          f.control.focus();
        } else {
          generalError.textContent = e.message;
        }
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }, { cls: 'dialog-wide' });
}
