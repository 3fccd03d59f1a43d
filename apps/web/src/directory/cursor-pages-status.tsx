import type { useCursorPages } from './use-cursor-pages.ts';

type Pages = Pick<
  ReturnType<typeof useCursorPages<unknown>>,
  | 'isError'
  | 'error'
  | 'isPending'
  | 'isSuccess'
  | 'items'
  | 'hasNextPage'
  | 'fetchNextPage'
  | 'isFetchingNextPage'
>;

/** A paged list's failure, worded by the API, above the list. */
export function CursorPagesError({ pages }: { pages: Pages }) {
  return pages.isError ? (
    <p role="alert" className="alert alert-error">
      {pages.error?.message}
    </p>
  ) : null;
}

/**
 * Below a paged list: loading, `empty` when the list has no item (omitted: nothing), and "Load more" while the
 * API has further pages, so every management list pages the same way.
 */
export function CursorPagesFooter({ pages, empty }: { pages: Pages; empty?: string }) {
  return (
    <>
      {pages.isPending ? <p className="muted">Loading…</p> : null}
      {empty && pages.isSuccess && pages.items.length === 0 ? <p className="muted">{empty}</p> : null}
      {pages.hasNextPage ? (
        <button type="button" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </>
  );
}
