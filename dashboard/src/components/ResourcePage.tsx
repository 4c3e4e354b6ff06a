import type { ComponentChildren, VNode } from 'preact';
import { useState } from 'preact/hooks';
import { del, get, post, put, type ListPage } from '../api';
import { useTenancy, type Tenancy } from '../tenancy';
import { ResourceForm, type FieldSpec, type Values } from './Form';
import { ActionButton, Empty, ErrorBanner, Loading, Notice, PageHeader, useLoad } from './ui';

export interface Column<T> {
  label: string;
  render: (item: T) => ComponentChildren;
}

export interface ResourceSpec<T> {
  title: string;
  /** What one item is called in buttons and messages ("provider"). */
  noun: string;
  /** The list's path; null when the page needs a scope chosen first (the message says so). */
  list: (tenancy: Tenancy) => string | null;
  needsScope?: string;
  columns: Column<T>[];
  key: (item: T) => string;
  /** Create, when the API offers it here. */
  create?: (tenancy: Tenancy) => string;
  update?: (item: T) => string;
  remove?: (item: T) => string;
  fields?: FieldSpec[];
  defaults?: (tenancy: Tenancy) => Values;
  toValues?: (item: T) => Values;
  toBody?: (values: Values, mode: 'create' | 'edit') => unknown;
  /** More about one item, shown when its row is opened. */
  detail?: (item: T, reload: () => void) => VNode;
  /** Shown after a create, with what the API answered (a key's secret). */
  created?: (answer: unknown) => VNode | null;
  intro?: ComponentChildren;
}

/** A list with create, edit and delete, all through the admin API; forms show the API's own validation errors. */
export function ResourcePage<T>({ spec, nested = false }: { spec: ResourceSpec<T>; nested?: boolean }) {
  const tenancy = useTenancy();
  const path = spec.list(tenancy);
  const [extra, setExtra] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(async () => {
    setExtra([]);
    if (!path) return null;
    const page = await get<ListPage<T>>(path);
    setCursor(page.next_cursor ?? null);
    return page.data;
  }, [path]);
  const [mode, setMode] = useState<'closed' | 'create' | 'edit'>('closed');
  const [editing, setEditing] = useState<T | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const [createdNotice, setCreatedNotice] = useState<VNode | null>(null);
  const items = [...(data ?? []), ...extra];

  const more = async () => {
    if (!path || !cursor) return;
    const page = await get<ListPage<T>>(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`);
    setExtra((current) => [...current, ...page.data]);
    setCursor(page.next_cursor ?? null);
  };

  const submit = async (values: Values) => {
    const body = spec.toBody ? spec.toBody(values, mode === 'edit' ? 'edit' : 'create') : values;
    if (mode === 'edit' && editing && spec.update) {
      await put(spec.update(editing), body);
    } else if (spec.create) {
      const answer = await post(spec.create(tenancy), body);
      setCreatedNotice(spec.created ? spec.created(answer) : <Notice kind="success">Created the {spec.noun}.</Notice>);
    }
    setMode('closed');
    setEditing(null);
    reload();
    tenancy.reload();
  };

  const actions = spec.update || spec.remove || spec.detail;
  return (
    <section aria-label={nested ? spec.title : undefined} aria-labelledby={nested ? undefined : 'page-title'} class={nested ? 'nested' : undefined}>
      <PageHeader title={spec.title} level={nested ? 2 : 1}>
        {spec.create && path !== null && mode === 'closed' && (
          <button type="button" class="primary" onClick={() => { setMode('create'); setCreatedNotice(null); }}>
            New {spec.noun}
          </button>
        )}
      </PageHeader>
      {spec.intro && <p class="intro">{spec.intro}</p>}
      {createdNotice}
      {mode !== 'closed' && spec.fields && (
        <ResourceForm
          key={mode + (editing ? spec.key(editing) : '')}
          fields={spec.fields}
          mode={mode}
          title={mode === 'edit' ? `Edit ${spec.noun}` : `New ${spec.noun}`}
          submitLabel={mode === 'edit' ? 'Save' : `Create ${spec.noun}`}
          initial={mode === 'edit' && editing && spec.toValues ? spec.toValues(editing) : spec.defaults?.(tenancy) ?? {}}
          onSubmit={submit}
          onCancel={() => { setMode('closed'); setEditing(null); }}
        />
      )}
      {path === null && <Notice>{spec.needsScope ?? 'Choose a scope above to see this list.'}</Notice>}
      <ErrorBanner error={error ?? actionError} />
      <Loading when={loading && path !== null} />
      {!loading && path !== null && !error && items.length === 0 && <Empty>No {spec.noun}s yet.</Empty>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {spec.columns.map((column) => (
                  <th scope="col" key={column.label}>
                    {column.label}
                  </th>
                ))}
                {actions && <th scope="col"><span class="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const id = spec.key(item);
                return [
                  <tr key={id}>
                    {spec.columns.map((column) => (
                      <td key={column.label}>{column.render(item)}</td>
                    ))}
                    {actions && (
                      <td class="row-actions">
                        {spec.detail && (
                          <button type="button" class="plain" aria-expanded={open === id} onClick={() => setOpen(open === id ? null : id)}>
                            {open === id ? 'Close' : 'Details'}
                          </button>
                        )}
                        {spec.update && spec.fields && (
                          <button type="button" class="plain" onClick={() => { setEditing(item); setMode('edit'); }}>
                            Edit
                          </button>
                        )}
                        {spec.remove && (
                          <ActionButton label="Delete" kind="danger" confirm={`Delete this ${spec.noun}?`} onError={setActionError}
                            run={async () => { await del(spec.remove!(item)); setActionError(null); reload(); tenancy.reload(); }} />
                        )}
                      </td>
                    )}
                  </tr>,
                  open === id && spec.detail ? (
                    <tr key={`${id}-detail`} class="detail-row">
                      <td colSpan={spec.columns.length + 1}>{spec.detail(item, reload)}</td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" class="plain" onClick={more}>
          Load more
        </button>
      )}
    </section>
  );
}
