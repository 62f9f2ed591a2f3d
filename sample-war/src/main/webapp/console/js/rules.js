// The server's input rules, checked in the browser before a request is sent, with the same words where the server
// has them (sample-war's CreateKeyRequest, Ids, ServiceAccountRequest; contract 6, 7.1, 7.2). The server checks
// everything again: these rules only save a round trip. Its answers name the field in "detail"; fieldOf() finds it.

export const ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
export const ID_RULE = 'must be 1..64 letters, digits or _ - . @';
export const MAX_NAME = 128;
export const MAX_LIMIT = 1_000_000_000;
export const MAX_WINDOW_SECONDS = 31_536_000;
export const PERMISSIONS = ['read', 'write', 'admin'];

/** Length in characters (code points), as the server counts them. */
export function length(text) {
  return [...text].length;
}

/** Text every supported database stores: no NUL, no unpaired surrogate. */
export function storable(text) {
  if (text.includes('\u0000')) {
    return false;
  }
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) {
        return false;
      }
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

export function checkName(name, { required = false } = {}) {
  if (required && name.trim() === '') {
    return 'name is required';
  }
  if (length(name) > MAX_NAME) {
    return `name must be 0..${MAX_NAME} characters, was ${length(name)}`;
  }
  if (!storable(name)) {
    return 'name must not contain NUL or unpaired surrogate characters';
  }
  return null;
}

export function checkId(label, value) {
  return ID_PATTERN.test(value) ? null : `${label} ${ID_RULE}`;
}

/** A whole number in [min, max] from an input's text, or an error naming the field. */
export function checkWhole(label, text, min, max) {
  if (!/^\d+$/.test(text.trim())) {
    return `${label} must be a whole number`;
  }
  const n = Number(text.trim());
  if (n < min || n > max) {
    return `${label} must be ${min.toLocaleString('en-US')}..${max.toLocaleString('en-US')}`;
  }
  return null;
}

/**
 * The create-key form's values checked like the server; returns {body, errors} where errors maps a field name of
 * the API (name, organization_id, team_id, permissions, environment, workflow_id, expires_at, plan,
 * rate_limit.limit, rate_limit.window_seconds, owner.type, owner.id) to a message, and body is the request body
 * (empty fields left out so that the server applies its defaults and inheritance).
 */
export function checkNewKey(values, session, now = new Date()) {
  const errors = {};
  const body = {};
  const nameError = checkName(values.name);
  if (nameError) {
    errors.name = nameError;
  } else if (values.name !== '') {
    body.name = values.name;
  }
  if (values.organization_id) {
    if (checkId('organization_id', values.organization_id)) {
      errors.organization_id = checkId('organization_id', values.organization_id);
    } else if (!session.platform_admin && values.organization_id !== session.organization_id) {
      errors.organization_id = `organization_id must be your key's organization '${session.organization_id}'`;
    } else {
      body.organization_id = values.organization_id;
    }
  }
  if (values.team_id) {
    if (checkId('team_id', values.team_id)) {
      errors.team_id = checkId('team_id', values.team_id);
    } else {
      body.team_id = values.team_id;
    }
  }
  if (values.permissions.length === 0) {
    errors.permissions = "permissions must name at least one of 'read', 'write', 'admin'";
  } else {
    const own = new Set(session.permissions || []);
    const extra = values.permissions.filter((p) => !own.has(p));
    if (extra.length > 0) {
      errors.permissions = `permissions must be a subset of your key's (${[...own].join(', ')}); ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not`;
    } else {
      body.permissions = values.permissions;
    }
  }
  if (values.environment) {
    if (!['live', 'test'].includes(values.environment)) {
      errors.environment = "environment must be 'live' or 'test'";
    } else if (session.environment === 'test' && values.environment !== 'test') {
      errors.environment = "environment: a test key manages test keys only, so environment must be 'test'";
    } else {
      body.environment = values.environment;
    }
  }
  if (values.workflow_id) {
    const e = checkId('workflow_id', values.workflow_id);
    if (e) {
      errors.workflow_id = e;
    } else {
      body.workflow_id = values.workflow_id;
    }
  }
  if (values.expires_at) {
    const at = new Date(values.expires_at);
    if (Number.isNaN(at.getTime())) {
      errors.expires_at = 'expires_at must be a date and time';
    } else if (at.getTime() <= now.getTime()) {
      errors.expires_at = 'expires_at must be in the future';
    } else {
      body.expires_at = at.toISOString();
    }
  }
  if (values.plan) {
    if (!session.platform_admin) {
      errors.plan = "plan: only admin keys of 'platform' may set a key's plan";
    } else {
      body.plan = values.plan;
    }
  }
  const limit = values.rate_limit_limit.trim();
  const windowSeconds = values.rate_limit_window.trim();
  if (limit !== '' || windowSeconds !== '') {
    const le = limit === '' ? 'rate_limit.limit is required with a window' : checkWhole('rate_limit.limit', limit, 1, MAX_LIMIT);
    const we = windowSeconds === '' ? 'rate_limit.window_seconds is required with a limit'
      : checkWhole('rate_limit.window_seconds', windowSeconds, 1, MAX_WINDOW_SECONDS);
    if (le) {
      errors['rate_limit.limit'] = le;
    }
    if (we) {
      errors['rate_limit.window_seconds'] = we;
    }
    if (!le && !we) {
      body.rate_limit = { limit: Number(limit), window_seconds: Number(windowSeconds) };
    }
  }
  const ownerId = values.owner_id.trim();
  if (values.owner_type || ownerId !== '') {
    if (!values.owner_type) {
      errors['owner.type'] = "owner.type must be 'user' or 'service_account'";
    }
    if (ownerId === '') {
      errors['owner.id'] = 'owner.id is required with an owner type';
    } else if (checkId('owner.id', ownerId)) {
      errors['owner.id'] = checkId('owner.id', ownerId);
    }
    if (!errors['owner.type'] && !errors['owner.id']) {
      body.owner = { type: values.owner_type, id: ownerId };
    }
  }
  return { body, errors };
}

const KNOWN_FIELDS = ['rate_limit.window_seconds', 'rate_limit.limit', 'rate_limit', 'owner.type', 'owner.id', 'owner',
  'organization_id', 'team_id', 'workflow_id', 'expires_at', 'permissions', 'environment', 'plan', 'name',
  'grace_seconds'];

/**
 * The field a server error's detail is about: the known field name that occurs first in it, as a whole word
 * ("team: team_id must be ...", "rate_limit.limit: must be ...", "owner.id: 'x' is not ..."), or null.
 */
export function fieldOf(detail, fields = KNOWN_FIELDS) {
  if (!detail) {
    return null;
  }
  let best = null;
  let bestAt = Infinity;
  for (const f of fields) {
    const re = new RegExp(`(^|[^A-Za-z0-9_.])${f.replace(/\./g, '\\.')}(?![A-Za-z0-9_])`);
    const m = re.exec(detail);
    if (m) {
      const at = m.index + m[1].length;
      if (at < bestAt || (at === bestAt && f.length > best.length)) {
        best = f;
        bestAt = at;
      }
    }
  }
  return best;
}
