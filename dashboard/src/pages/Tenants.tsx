import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { Badge, Notice, PageHeader } from '../components/ui';
import { formatTime } from '../format';
import { useTenancy } from '../tenancy';

interface Organization {
  id: string;
  name: string;
  created_at: string;
}

interface Team {
  id: string;
  org_id: string;
  name: string;
  created_at: string;
}

interface Environment {
  id: string;
  team_id: string;
  name: string;
  store_bodies: boolean;
  created_at: string;
}

const nameField = [{ name: 'name', label: 'Name', autocomplete: 'off' }];

function environmentsSpec(team: { id: string; name: string }): ResourceSpec<Environment> {
  return {
    title: `Environments of ${team.name}`,
    noun: 'environment',
    list: () => `/admin/v1/teams/${team.id}/environments?limit=200`,
    create: () => `/admin/v1/teams/${team.id}/environments`,
    update: (environment) => `/admin/v1/environments/${environment.id}`,
    remove: (environment) => `/admin/v1/environments/${environment.id}`,
    key: (environment) => environment.id,
    columns: [
      { label: 'Name', render: (environment) => environment.name },
      { label: 'Stores bodies', render: (environment) => (environment.store_bodies ? <Badge tone="warn">stores bodies</Badge> : 'no') },
      { label: 'Id', render: (environment) => <code>{environment.id}</code> },
      { label: 'Created', render: (environment) => formatTime(environment.created_at) },
    ],
    fields: [...nameField, { name: 'store_bodies', label: 'Store request and response bodies', type: 'checkbox' }],
    defaults: () => ({ store_bodies: false }),
    toValues: (environment) => ({ name: environment.name, store_bodies: environment.store_bodies }),
  };
}

function teamsSpec(org: { id: string; name: string }): ResourceSpec<Team> {
  return {
    title: `Teams of ${org.name}`,
    noun: 'team',
    list: () => `/admin/v1/organizations/${org.id}/teams?limit=200`,
    create: () => `/admin/v1/organizations/${org.id}/teams`,
    update: (team) => `/admin/v1/teams/${team.id}`,
    remove: (team) => `/admin/v1/teams/${team.id}`,
    key: (team) => team.id,
    columns: [
      { label: 'Name', render: (team) => team.name },
      { label: 'Id', render: (team) => <code>{team.id}</code> },
      { label: 'Created', render: (team) => formatTime(team.created_at) },
    ],
    fields: nameField,
    toValues: (team) => ({ name: team.name }),
    detail: (team) => <ResourcePage nested spec={environmentsSpec(team)} />,
  };
}

const organizationsSpec: ResourceSpec<Organization> = {
  title: 'Organizations',
  noun: 'organization',
  list: () => '/admin/v1/organizations?limit=200',
  create: () => '/admin/v1/organizations',
  update: (org) => `/admin/v1/organizations/${org.id}`,
  remove: (org) => `/admin/v1/organizations/${org.id}`,
  key: (org) => org.id,
  columns: [
    { label: 'Name', render: (org) => org.name },
    { label: 'Id', render: (org) => <code>{org.id}</code> },
    { label: 'Created', render: (org) => formatTime(org.created_at) },
  ],
  fields: nameField,
  toValues: (org) => ({ name: org.name }),
  detail: (org) => <ResourcePage nested spec={teamsSpec(org)} />,
};

/** Organizations, their teams and the teams' environments, from the top the admin holds. */
export function TenantsPage() {
  const tenancy = useTenancy();
  if (tenancy.session.global) return <ResourcePage spec={organizationsSpec} />;
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Organizations, teams and environments" />
      <Notice>This key administers {tenancy.session.scopes.map(tenancy.label).join(', ')}: containers are created from above.</Notice>
      {tenancy.session.scopes.map((scope) => {
        const [kind, id] = scope.split(':');
        const name = tenancy.label(scope);
        if (kind === 'org') return <ResourcePage nested key={scope} spec={teamsSpec({ id, name })} />;
        if (kind === 'team') return <ResourcePage nested key={scope} spec={environmentsSpec({ id, name })} />;
        return null;
      })}
    </section>
  );
}
