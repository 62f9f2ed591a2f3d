// The console's entry point: the session (sign-in, sign-out, the 401 that ends it), the hash router and the
// navigation. The admin key typed into the sign-in form goes to the server once and is dropped: the browser keeps
// no copy (no storage, no cookie of its own, the input cleared before the request is even answered).

import * as api from './api.js';
import { announce, clear, h } from './dom.js';
import { closeAll } from './dialog.js';
import { renderKeys, resetKeys } from './keys.js';
import { renderKey } from './key.js';
import { renderServiceAccounts, resetServiceAccounts } from './accounts.js';
import { renderAudit, resetAudit } from './audit.js';
import { renderPlans } from './plans.js';

const ROUTES = [
  { pattern: /^#\/keys\/([A-Za-z0-9_-]{1,64})$/, nav: 'keys', title: 'Key', render: (ctx, m) => renderKey(ctx, m[1]) },
  { pattern: /^#\/keys$/, nav: 'keys', title: 'Keys', render: (ctx) => renderKeys(ctx) },
  { pattern: /^#\/service-accounts$/, nav: 'service-accounts', title: 'Service accounts', render: (ctx) => renderServiceAccounts(ctx) },
  { pattern: /^#\/audit$/, nav: 'audit', title: 'Audit log', render: (ctx) => renderAudit(ctx) },
  { pattern: /^#\/plans$/, nav: 'plans', title: 'Plans', render: (ctx) => renderPlans(ctx) },
];

const el = {
  signIn: document.getElementById('sign-in'),
  form: document.getElementById('sign-in-form'),
  key: document.getElementById('sign-in-key'),
  error: document.getElementById('sign-in-error'),
  notice: document.getElementById('sign-in-notice'),
  submit: document.getElementById('sign-in-submit'),
  nav: document.getElementById('nav'),
  who: document.getElementById('who'),
  whoText: document.getElementById('who-text'),
  signOut: document.getElementById('sign-out'),
  view: document.getElementById('view'),
  main: document.getElementById('main'),
};

let session = null;
let renderCount = 0;

function showSignIn(notice) {
  session = null;
  api.setCsrfToken(null);
  closeAll();
  renderCount += 1;
  clear(el.view);
  el.nav.hidden = true;
  el.who.hidden = true;
  el.whoText.textContent = '';
  el.signIn.hidden = false;
  el.notice.textContent = notice || '';
  el.error.textContent = '';
  el.key.value = '';
  el.key.removeAttribute('aria-invalid');
  document.title = 'Sign in · keygate console';
  el.key.focus();
}

function signedIn(body) {
  session = body;
  // filters belong to a session: a new sign-in starts from none
  resetKeys();
  resetServiceAccounts();
  resetAudit();
  api.setCsrfToken(body.csrf_token);
  el.signIn.hidden = true;
  el.notice.textContent = '';
  el.nav.hidden = false;
  el.who.hidden = false;
  const scope = body.platform_admin ? 'platform admin' : `admin of ${body.organization_id}`;
  el.whoText.textContent = `${body.name || body.key_id} · ${scope} · ${body.environment}`;
  el.whoText.title = `key ${body.key_id}, organization ${body.organization_id}${body.team_id ? `, team ${body.team_id}` : ''}`;
}

async function route() {
  if (!session) {
    return;
  }
  const hash = window.location.hash || '#/keys';
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m);
  if (!match) {
    window.location.replace('#/keys');
    return;
  }
  renderCount += 1;
  const mine = renderCount;
  closeAll();
  for (const link of el.nav.querySelectorAll('a')) {
    if (link.dataset.route === match.r.nav) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = `${match.r.title} · keygate console`;
  clear(el.view);
  const ctx = {
    session,
    view: el.view,
    /** False once another route has rendered (or the session ended): late answers then change nothing. */
    alive: () => mine === renderCount && session !== null,
    navigate: (hashRoute) => { window.location.hash = hashRoute; },
  };
  try {
    await match.r.render(ctx, match.m);
  } catch (e) {
    if (ctx.alive() && !(e instanceof api.ApiError && e.status === 401)) {
      el.view.appendChild(h('p', { class: 'error panel', role: 'alert', text: e.message || String(e) }));
    }
  }
}

el.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = el.key.value.trim();
  // the key leaves the page's state at once: the input is cleared before the answer comes
  el.key.value = '';
  el.error.textContent = '';
  el.notice.textContent = '';
  if (key === '') {
    el.error.textContent = 'Enter an admin key.';
    el.key.setAttribute('aria-invalid', 'true');
    el.key.focus();
    return;
  }
  el.submit.disabled = true;
  try {
    const body = await api.call('POST', 'session', { key });
    el.key.removeAttribute('aria-invalid');
    signedIn(body);
    announce('Signed in.');
    if (!window.location.hash || window.location.hash === '#/' || window.location.hash === '#') {
      window.location.hash = '#/keys';
    }
    await route();
    el.main.focus();
  } catch (e) {
    el.error.textContent = e.message;
    el.key.setAttribute('aria-invalid', 'true');
    el.key.focus();
  } finally {
    el.submit.disabled = false;
  }
});

el.signOut.addEventListener('click', async () => {
  try {
    await api.del('session');
  } catch (e) {
    // a session that has already ended is signed out all the same
  }
  showSignIn('Signed out.');
  announce('Signed out.');
});

api.onUnauthorized((error) => {
  if (session !== null) {
    showSignIn(error.message);
    announce(error.message);
  }
});

window.addEventListener('hashchange', () => { route(); });

async function start() {
  try {
    signedIn(await api.get('session'));
    await route();
  } catch (e) {
    showSignIn(e instanceof api.ApiError && e.status === 401 ? '' : e.message);
  }
}

start();
