import type { Tenancy } from './tenancy';

/** Appends the chosen scope to a list path; a global admin with no scope chosen lists every scope. */
export function scoped(path: string, tenancy: Tenancy, extra = ''): string {
  const separator = path.includes('?') ? '&' : '?';
  const scope = tenancy.scope ? `scope=${encodeURIComponent(tenancy.scope)}` : '';
  const parts = [scope, extra].filter(Boolean).join('&');
  return parts ? `${path}${separator}${parts}` : path;
}

/** The scopes a form may name: global for a global admin, then every container the admin can read. */
export function scopeChoices(tenancy: Tenancy, includeGlobal = true) {
  return [...(includeGlobal && tenancy.session.global ? [{ value: 'global', label: 'global (every tenant)' }] : []), ...tenancy.options];
}

/** The default scope for a new item: the chosen scope, else global for a global admin. */
export function defaultScope(tenancy: Tenancy): string {
  return tenancy.scope || (tenancy.session.global ? 'global' : tenancy.options[0]?.value ?? '');
}
