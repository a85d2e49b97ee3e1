import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../../api/client';
import { useApp } from '../../app/context';
import { useCommonI18n } from './desk-i18n';
import { ProblemAlert } from './ProblemAlert';

/** One page of a listing, as every Posta listing answers: `{ items, nextCursor? }`. */
export interface CursorPage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface CursorTableProps<T> {
  /** The table's title (an h2 unless `headerVariant` says otherwise). */
  header: string;
  description?: ReactNode;
  /** Buttons beside the title (a download, a "new …"). */
  actions?: ReactNode;
  columns: ReadonlyArray<TableProps.ColumnDefinition<T>>;
  /** One page from the server: no cursor for the first, then the `nextCursor` it gave. */
  load(api: Api, cursor: string | undefined): Promise<CursorPage<T>>;
  /** Reads from the first page again when these change (a search, a chosen institution). */
  deps: DependencyList;
  trackBy?: TableProps['trackBy'];
  /** What an empty listing means here ("no problems: every row was read"); a generic line otherwise. */
  empty?: ReactNode;
  /** A text filter over the rows loaded so far (the server's own filters are the page's fields). */
  filtering?: boolean;
  /** Selection of rows, for actions on them: the page holds `selectedItems` and names each row's checkbox. */
  selectionType?: TableProps['selectionType'];
  selectedItems?: readonly T[];
  selectionLabel?(item: T): string;
  onSelectionChange?(items: readonly T[]): void;
  /** Raises `reload` to read again from the first page (after an action on a row). */
  reloadKey?: number;
}

/**
 * A Cloudscape table over a server listing that pages with cursors: the first page on open,
 * "load more" while the server gives a `nextCursor` (never an offset, never a cursor made up by
 * the console), loading, empty and error states, and — over the rows loaded — sorting by any
 * column with a `sortingField`/`sortingComparator` and an optional text filter.
 */
export function CursorTable<T>(props: CursorTableProps<T>) {
  const { api } = useApp();
  const { t } = useCommonI18n();
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const { load } = props;

  const read = useCallback(
    async (cursor: string | undefined) => {
      const mine = generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const page = await load(api, cursor);
        if (mine !== generation.current) return;
        setRows((before) => (cursor ? [...before, ...page.items] : page.items));
        setNext(page.nextCursor ?? undefined);
      } catch (e) {
        if (mine === generation.current) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, load],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` and `reloadKey` say when to start again from the first page.
  useEffect(() => {
    generation.current += 1;
    setRows([]);
    setNext(undefined);
    void read(undefined);
  }, [...props.deps, props.reloadKey]);

  const { items, collectionProps, filterProps, filteredItemsCount } = useCollection(rows, {
    filtering: props.filtering ? { empty: props.empty ?? t('desk.empty'), noMatch: t('desk.noMatch') } : undefined,
    sorting: {},
  });

  return (
    <SpaceBetween size="s">
      <ProblemAlert error={error} onRetry={() => void read(next)} />
      <Table
        {...collectionProps}
        items={items}
        columnDefinitions={props.columns}
        trackBy={props.trackBy}
        loading={loading && rows.length === 0}
        loadingText={t('desk.loading')}
        selectionType={props.selectionType}
        selectedItems={props.selectedItems}
        onSelectionChange={(e) => props.onSelectionChange?.(e.detail.selectedItems)}
        ariaLabels={
          props.selectionType && {
            selectionGroupLabel: t('desk.selection'),
            allItemsSelectionLabel: () => t('desk.selectAll'),
            itemSelectionLabel: (_, item) => props.selectionLabel?.(item) ?? '',
          }
        }
        // A failed read is not an empty listing: the alert above says what happened, the table says nothing.
        empty={error ? null : <Box textAlign="center">{props.empty ?? t('desk.empty')}</Box>}
        header={
          <Header
            variant="h2"
            description={props.description}
            actions={props.actions}
            counter={rows.length ? `(${rows.length}${next ? '+' : ''})` : undefined}
          >
            {props.header}
          </Header>
        }
        filter={
          props.filtering ? (
            <TextFilter
              {...filterProps}
              filteringAriaLabel={t('desk.filter')}
              filteringPlaceholder={t('desk.filter')}
              filteringClearAriaLabel={t('desk.clearFilter')}
              countText={t('desk.loadedCount', { count: filteredItemsCount ?? 0 })}
            />
          ) : undefined
        }
        footer={
          next ? (
            <Box textAlign="center">
              <Button onClick={() => void read(next)} loading={loading} loadingText={t('desk.loading')}>
                {t('desk.loadMore')}
              </Button>
            </Box>
          ) : undefined
        }
        variant="container"
        wrapLines
      />
    </SpaceBetween>
  );
}
