import { rebuildSearchTerms } from '@fixstream/db';
import { Types } from 'mongoose';
import { parseCommandArgs } from '../cli/args.ts';
import type { OpsCommand } from '../cli/command.ts';
import { UsageError } from '../cli/errors.ts';
import { printJson, printLines } from '../cli/io.ts';

const usage = `Usage: pnpm ops search-terms rebuild [--company ID] [--json]

Writes the search terms (request_search_terms) that stored requests lack, so \`requests.list\` finds them by
subject: run it once after upgrading to a version with search, for the requests stored before, and after
upgrading to one whose terms carry the request's team and requester (a search within some teams, such as a
technician's, finds a request only by terms that name its team; an employee's, by terms that name them). The API
writes the terms of every request it creates or changes, before the request itself, so nothing else needs it.
Terms already there are kept: safe to run again, and while the API and the worker run. Reads every request (of
the company), 500 at a time in creation order.

Options:
  --company ID   only this company's requests
  --json         print one JSON document: { requests, termsWritten, termsGivenParties }
  -h, --help     show this help`;

/** \`pnpm ops search-terms rebuild\`: the search terms of requests stored before search existed. */
export const searchTermsRebuildCommand: OpsCommand = {
  name: 'search-terms rebuild',
  summary: 'write the search terms requests stored before search lack',
  usage,
  async run(args, runtime) {
    const { values } = parseCommandArgs(
      args,
      { company: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    const companyId = values.company;
    if (companyId !== undefined && !Types.ObjectId.isValid(companyId))
      throw new UsageError(`"${companyId}" is not a company id (24 hexadecimal digits)`, usage);
    const db = await runtime.database();
    const done = await rebuildSearchTerms(db, {
      companyId,
      onPage: (progress) => runtime.io.progress?.(`${progress.requests} requests read`),
    });
    runtime.io.progress?.('');
    if (values.json) printJson(runtime.io, done);
    else
      printLines(
        runtime.io,
        `${done.requests} requests read, ${done.termsWritten} missing search terms written, ${done.termsGivenParties} given their team and requester.`,
      );
  },
};
