// A key's page: its fields, Revoke and Regenerate, its requests of the last 30 days (uPlot, with the same numbers in
// a table for screen readers and keyboard users) and its audit events.

import * as api from './api.js';
import { badge, clear, h, limitText, ownerText, timeEl } from './dom.js';
import { regenerateKey, revokeKey } from './keyactions.js';

const DAYS = 30;

export async function renderKey(ctx, id) {
  let key;
  try {
    key = await api.get(`admin/keys/${encodeURIComponent(id)}`);
  } catch (e) {
    if (!ctx.alive() || e.status === 401) {
      return;
    }
    ctx.view.appendChild(h('section', { class: 'panel' },
      h('p', {}, h('a', { href: '#/keys', text: '← All keys' })),
      h('h1', { text: 'Key not found' }),
      h('p', { class: 'error', role: 'alert', text: e.status === 404 ? `There is no key ${id} that you may see.` : e.message })));
    return;
  }
  if (!ctx.alive()) {
    return;
  }
  const reload = () => { if (ctx.alive()) { clear(ctx.view); renderKey(ctx, id); } };
  const inactive = key.status === 'revoked';
  const chartHost = h('div', { class: 'chart', id: 'usage-chart' });
  const usageTable = h('div', { class: 'table-wrap' });
  const auditHost = h('div', { class: 'table-wrap' });
  const details = [
    ['Key', h('code', { text: key.redacted })],
    ['Id', h('code', { text: key.id })],
    ['Status', badge(key.status)],
    ['Environment', key.environment],
    ['Organization', key.organization_id],
    ['Team', key.team_id || '—'],
    ['Owner', ownerText(key.owner)],
    ['Permissions', (key.permissions || []).join(', ')],
    ['Workflow', key.workflow_id || '—'],
    ['Plan', key.plan || "the organization's"],
    ['Rate limit', key.rate_limit ? limitText(key.rate_limit) : "the plan's"],
    ['Created', timeEl(key.created_at)],
    ['Last used', timeEl(key.last_used_at)],
    ['Expires', timeEl(key.expires_at)],
    ['Revoked', timeEl(key.revoked_at)],
  ];
  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'key-title' },
    h('p', {}, h('a', { href: '#/keys', text: '← All keys' })),
    h('div', { class: 'panel-head' },
      h('h1', { id: 'key-title', text: key.name || '(no name)' }),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'button secondary', disabled: inactive, text: 'Regenerate', onclick: () => regenerateKey(key, reload) }),
        h('button', { type: 'button', class: 'button danger', disabled: inactive, text: 'Revoke', onclick: () => revokeKey(key, reload) }))),
    h('dl', { class: 'details' }, details.map(([k, v]) => h('div', { class: 'detail' }, h('dt', { text: k }), h('dd', {}, v))))));
  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'usage-title' },
    h('h2', { id: 'usage-title', text: `Requests in the last ${DAYS} days (UTC)` }),
    chartHost,
    h('details', { class: 'usage-details' }, h('summary', { text: 'The numbers per day' }), usageTable)));
  ctx.view.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'events-title' },
    h('h2', { id: 'events-title', text: 'Audit events of this key' }),
    auditHost));

  const [usage, events] = await Promise.allSettled([
    api.get(`admin/keys/${encodeURIComponent(id)}/usage${api.query({ days: DAYS })}`),
    api.get(`admin/audit${api.query({ target_id: id, size: 50 })}`),
  ]);
  if (!ctx.alive()) {
    return;
  }
  if (usage.status === 'fulfilled') {
    usageTable.appendChild(usageNumbers(usage.value.items));
    await drawUsage(chartHost, usage.value.items, ctx);
  } else {
    chartHost.appendChild(h('p', { class: 'error', role: 'alert', text: usage.reason.message }));
  }
  if (events.status === 'fulfilled') {
    auditHost.appendChild(events.value.items.length === 0
      ? h('p', { class: 'empty', text: 'No audit events for this key.' })
      : eventTable(events.value.items));
  } else {
    auditHost.appendChild(h('p', { class: 'error', role: 'alert', text: events.reason.message }));
  }
}

function totals(items) {
  return items.reduce((t, d) => ({
    authenticated: t.authenticated + d.authenticated,
    rate_limited: t.rate_limited + d.rate_limited,
    forbidden: t.forbidden + d.forbidden,
  }), { authenticated: 0, rate_limited: 0, forbidden: 0 });
}

/** The chart library is loaded when a chart is drawn: without it the console still works, with the numbers only. */
async function drawUsage(host, items, ctx) {
  const t = totals(items);
  host.appendChild(h('p', { class: 'summary', id: 'usage-totals',
    text: `${t.authenticated} authenticated, ${t.rate_limited} rate limited, ${t.forbidden} forbidden` }));
  let uPlot;
  try {
    uPlot = (await import('../vendor/uplot/uPlot.esm.js')).default;
  } catch (e) {
    host.appendChild(h('p', { class: 'error', text: 'The chart library could not be loaded: the numbers per day are below.' }));
    const details = host.parentElement.querySelector('details');
    if (details) {
      details.open = true;
    }
    return;
  }
  if (!ctx.alive()) {
    return;
  }
  const x = items.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
  const data = [x, items.map((d) => d.authenticated), items.map((d) => d.rate_limited), items.map((d) => d.forbidden)];
  const plotHost = h('div', { class: 'plot', role: 'img', 'aria-label': `Requests per day: ${t.authenticated} authenticated, ${t.rate_limited} rate limited, ${t.forbidden} forbidden in ${items.length} days` });
  host.appendChild(plotHost);
  const width = () => Math.max(280, Math.min(host.clientWidth || 600, 1100));
  const plot = new uPlot({
    width: width(),
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    // whole requests: no 0.2 ticks
    axes: [{}, { size: 50, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8, 1e9] }],
    series: [
      { label: 'Day' },
      { label: 'Authenticated', stroke: '#1d4ed8', width: 2, fill: 'rgba(29, 78, 216, 0.08)' },
      { label: 'Rate limited', stroke: '#b45309', width: 2 },
      { label: 'Forbidden', stroke: '#b91c1c', width: 2 },
    ],
  }, data, plotHost);
  const resize = () => {
    if (!plotHost.isConnected) {
      window.removeEventListener('resize', resize);
      plot.destroy();
      return;
    }
    plot.setSize({ width: width(), height: 240 });
  };
  window.addEventListener('resize', resize);
}

function usageNumbers(items) {
  return h('table', { class: 'table compact' },
    h('caption', { class: 'visually-hidden', text: 'Requests per UTC day' }),
    h('thead', {}, h('tr', {}, ['Day', 'Authenticated', 'Rate limited', 'Forbidden'].map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, items.slice().reverse().map((d) => h('tr', {},
      h('td', { 'data-label': 'Day', text: d.date }),
      h('td', { 'data-label': 'Authenticated', text: String(d.authenticated) }),
      h('td', { 'data-label': 'Rate limited', text: String(d.rate_limited) }),
      h('td', { 'data-label': 'Forbidden', text: String(d.forbidden) })))));
}

export function eventTable(events) {
  const cols = ['When', 'Action', 'Outcome', 'Actor', 'Target', 'Organization', 'Client address'];
  return h('table', { class: 'table audit-table' },
    h('caption', { class: 'visually-hidden', text: 'Audit events, newest first' }),
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, events.map((e) => h('tr', { 'data-event-id': e.id },
      h('td', { 'data-label': 'When' }, timeEl(e.at, { stacked: true })),
      h('td', { 'data-label': 'Action' }, h('code', { text: e.action })),
      h('td', { 'data-label': 'Outcome' }, badge(e.outcome)),
      h('td', { 'data-label': 'Actor' }, actorCell(e.actor)),
      h('td', { 'data-label': 'Target' }, e.target ? targetCell(e.target) : '—'),
      h('td', { 'data-label': 'Organization', text: e.organization_id || '—' }),
      h('td', { 'data-label': 'Client address', text: e.client_address || '—' })))));
}

/** The calling key: its organization in small print above its id (a link to its page). */
function actorCell(actor) {
  if (!actor || !actor.key_id) {
    return '—';
  }
  return h('span', { class: 'owner' },
    h('span', { class: 'owner-type', text: actor.organization_id ? `key of ${actor.organization_id}` : 'key' }),
    keyLink(actor.key_id));
}

function keyLink(id) {
  return h('a', { href: `#/keys/${id}` }, h('code', { text: id }));
}

function targetCell(target) {
  const type = target.type.replace('_', ' ');
  if (!target.id) {
    return type;
  }
  return h('span', { class: 'owner' }, h('span', { class: 'owner-type', text: type }),
    target.type === 'key' ? keyLink(target.id) : h('code', { text: target.id }));
}
