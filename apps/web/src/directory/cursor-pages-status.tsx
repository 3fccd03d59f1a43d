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

/** What the footer reads of any paged query: `useCursorPages`' result, or an infinite query's own. */
interface FooterPages {
  isPending: boolean;
  isSuccess: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  items?: readonly unknown[];
}

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
 * API has further pages, so every paged list pages the same way.
 */
export function CursorPagesFooter({
  pages,
  items = pages.items ?? [],
  empty,
}: {
  pages: FooterPages;
  /** The items shown, when `pages` does not gather them (an infinite query read directly). */
  items?: readonly unknown[];
  empty?: string;
}) {
  return (
    <>
      {pages.isPending ? <p className="muted">Loading…</p> : null}
      {empty && pages.isSuccess && items.length === 0 ? <p className="muted">{empty}</p> : null}
      {pages.hasNextPage ? (
        <button type="button" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </>
  );
}
