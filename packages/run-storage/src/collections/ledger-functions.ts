import type { CollectionSpec } from './collection-spec.ts';

/**
 * A `ledger_functions` document: a function the ledger holds runs of, written before its first run is. It lets
 * `pnpm ops` and the retention sweep ask per function, by index, instead of reading every run to learn which
 * functions exist: one document per function id ever run, so reading them all is cheap.
 */
export interface FunctionEntry {
  _id: string;
  firstRecordedAt: Date;
}

export const ledgerFunctions: CollectionSpec<FunctionEntry> = { name: 'ledger_functions', indexes: [] };
