import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { get, type ListPage, type Session } from './api';

interface Named {
  id: string;
  name: string;
  org_id?: string;
  team_id?: string;
}

export interface ScopeOption {
  value: string;
  label: string;
}

/**
 * Who is signed in, the tenant scope the pages look at, and the names of the organizations, teams and environments
 * the admin can read (for labels and pickers). What an admin may see is the admin API's decision: this only asks it.
 */
export interface Tenancy {
  session: Session;
  /** '' for every tenant (global admins only), else org:ID, team:ID or environment:ID. */
  scope: string;
  setScope: (scope: string) => void;
  options: ScopeOption[];
  label: (scope: string | null | undefined) => string;
  reload: () => void;
}

const TenancyContext = createContext<Tenancy | null>(null);

export function useTenancy(): Tenancy {
  const tenancy = useContext(TenancyContext);
  if (!tenancy) throw new Error('useTenancy outside TenancyProvider');
  return tenancy;
}

async function listAll<T>(path: string): Promise<T[]> {
  try {
    return (await get<ListPage<T>>(path)).data;
  } catch {
    return [];
  }
}

async function getOne<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch {
    return null;
  }
}

/** Reads the containers below a scope the admin holds, depth first, as [scope, label] pairs. */
async function loadScopes(session: Session): Promise<ScopeOption[]> {
  const options: ScopeOption[] = [];
  const addTeam = async (team: Named, prefix: string) => {
    const teamLabel = `${prefix}${team.name}`;
    options.push({ value: `team:${team.id}`, label: teamLabel });
    for (const environment of await listAll<Named>(`/admin/v1/teams/${team.id}/environments?limit=200`)) {
      options.push({ value: `environment:${environment.id}`, label: `${teamLabel} / ${environment.name}` });
    }
  };
  const addOrg = async (org: Named) => {
    options.push({ value: `org:${org.id}`, label: org.name });
    for (const team of await listAll<Named>(`/admin/v1/organizations/${org.id}/teams?limit=200`)) {
      await addTeam(team, `${org.name} / `);
    }
  };
  if (session.global) {
    for (const org of await listAll<Named>('/admin/v1/organizations?limit=200')) await addOrg(org);
    return options;
  }
  for (const scope of session.scopes) {
    const [kind, id] = scope.split(':');
    if (kind === 'org') {
      const org = await getOne<Named>(`/admin/v1/organizations/${id}`);
      if (org) await addOrg(org);
      else options.push({ value: scope, label: scope });
    } else if (kind === 'team') {
      const team = await getOne<Named>(`/admin/v1/teams/${id}`);
      if (team) await addTeam(team, '');
      else options.push({ value: scope, label: scope });
    } else if (kind === 'environment') {
      const environment = await getOne<Named>(`/admin/v1/environments/${id}`);
      options.push({ value: scope, label: environment ? environment.name : scope });
    }
  }
  return options;
}

export function TenancyProvider({ session, children }: { session: Session; children: ComponentChildren }) {
  const [options, setOptions] = useState<ScopeOption[]>([]);
  const [scope, setScope] = useState<string>(session.global ? '' : session.scopes[0] ?? '');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    loadScopes(session).then((loaded) => live && setOptions(loaded));
    return () => {
      live = false;
    };
  }, [session, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const tenancy = useMemo<Tenancy>(() => {
    const names = new Map(options.map((option) => [option.value, option.label]));
    return {
      session,
      scope,
      setScope,
      options,
      reload,
      label: (value) => (!value ? '—' : value === 'global' ? 'global' : names.get(value) ?? value),
    };
  }, [session, scope, options, reload]);
  return <TenancyContext.Provider value={tenancy}>{children}</TenancyContext.Provider>;
}

/**
 * The key of a resource page whose forms offer the scope list. It remounts the page when the scope changes, and for a
 * scoped admin once when the list first arrives (their create forms default to its first scope; a global admin's to
 * "global"), but never when the list reloads after a create elsewhere: that would close a form being filled in.
 */
export function scopedPageKey(tenancy: Tenancy): string {
  return tenancy.session.global || tenancy.options.length > 0 ? tenancy.scope : `${tenancy.scope}:loading`;
}
