import type { IndexDescription } from 'mongodb';

/**
 * A collection of the run storage: its name and its indexes, declared once beside its document type. The
 * storage opens it through the driver, never through mongoose, so that every reader and writer sees the same
 * documents, without casting or defaults.
 */
export interface CollectionSpec<TDocument> {
  name: string;
  indexes: IndexDescription[];
  /** Only for the type: the document this collection holds. */
  readonly document?: TDocument;
}
