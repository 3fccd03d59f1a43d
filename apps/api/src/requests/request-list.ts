import { type Branch, type IdPage, mergedIdPage, type RequestStatus } from '@fixstream/db';
import { indexedDates } from '@fixstream/run-storage';
import { searchWords } from '@fixstream/schemas';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { requestVisibilityBranches } from '../policy/request-visibility.ts';
import type { SessionUser } from '../trpc/init.ts';
import { type RequestDocument, toRequestOutput } from './request.dto.ts';
import type { ListRequestsInput, RequestOutput } from './request.schemas.ts';
import { companyTeamsOnce, searchPage } from './request-search.ts';

const openStages: RequestStatus[] = ['new', 'in_progress'];
const prioritiesHighFirst = [3, 2, 1, 0];

/**
 * The requests the caller may see, filtered, in the chosen order, a page at a time.
 *
 * Every page is read as a few index range scans in `_id` order, never as a sort of the company's history: the
 * caller's visibility and the filter are split into branches of plain equalities (one per team a technician
 * belongs to), each branch reads at most a page from its index, and the branches are merged. An `overdue` branch
 * reads the short range of its open requests scheduled before now from `{company, closedAt, scheduledDate, _id}`,
 * sorted by `_id` in the database (`narrowBy`), instead of walking the history for the few that are late. The priority order reads priority 3, then 2, 1 and 0 the same way. Each read hints the
 * index declared with the model that serves it (`idOrderIndex`), and a test explains every shape the API sends.
 *
 * A `search` reads the same pages through the search terms of the subjects as well (`searchPage`).
 *
 * The cursor carries the sort key of the last row (`<priority>:<id>` for priority order), so pages never shift
 * when requests are added.
 */
export async function listRequests(
  deps: ApiDeps,
  user: SessionUser,
  input: ListRequestsInput,
): Promise<{ items: RequestOutput[]; nextCursor: string | null }> {
  const branches = withFilter(await requestVisibilityBranches(deps.db, user), input);
  const want = input.limit + 1;
  const narrowBy = input.overdue ? 'scheduledDate' : undefined;
  const words = input.search ? searchWords(input.search) : [];
  const companyTeams = companyTeamsOnce(deps, user.companyId);
  const read: PageRead = (within, page, priorities) =>
    words.length > 0
      ? searchPage(
          deps,
          { companyId: user.companyId, branches: within, words, priorities, companyTeams },
          page,
        )
      : mergedIdPage<RequestDocument>(deps.db.models.Request, within, page);
  const rows =
    input.sort === 'priority'
      ? await priorityPage(read, branches, { cursor: input.cursor, want, narrowBy })
      : await read(
          branches,
          {
            order: input.sort === 'oldest' ? 1 : -1,
            after: input.cursor ? new Types.ObjectId(input.cursor.slice(-24)) : null,
            limit: want,
            narrowBy,
          },
          prioritiesHighFirst,
        );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const cursorOf = (doc: { _id: Types.ObjectId; priority: number }) =>
    input.sort === 'priority' ? `${doc.priority}:${doc._id.toString()}` : doc._id.toString();
  return {
    items: page.map(toRequestOutput),
    nextCursor: rows.length > input.limit && last ? cursorOf(last) : null,
  };
}

/** One page of the branches, with or without a search; `priorities` are those the branches may hold. */
type PageRead = (branches: Branch[], page: IdPage, priorities: number[]) => Promise<RequestDocument[]>;

async function priorityPage(
  read: PageRead,
  branches: Branch[],
  { cursor, want, narrowBy }: { cursor: string | undefined; want: number; narrowBy: string | undefined },
) {
  const [from, afterId] = cursor?.includes(':') ? cursor.split(':') : ['3', cursor];
  const rows: RequestDocument[] = [];
  for (const priority of prioritiesHighFirst.filter((p) => p <= Number(from))) {
    const after = priority === Number(from) && afterId ? new Types.ObjectId(afterId) : null;
    rows.push(
      ...(await read(
        branches.flatMap((branch) => narrowed(branch, 'priority', priority)),
        { order: -1, after, limit: want - rows.length, narrowBy },
        [priority],
      )),
    );
    if (rows.length >= want) break;
  }
  return rows;
}

/** The visibility branches narrowed by the list's filters; branches the filter contradicts drop out. */
function withFilter(visible: Branch[], input: ListRequestsInput): Branch[] {
  const equalities: [string, unknown][] = [];
  if (input.type) equalities.push(['type', input.type]);
  if (input.team) equalities.push(['maintenanceTeam', new Types.ObjectId(input.team)]);
  if (input.technician) equalities.push(['assignedTechnician', new Types.ObjectId(input.technician)]);
  if (input.equipment) equalities.push(['equipment', new Types.ObjectId(input.equipment)]);
  if (input.status) equalities.push(['status', input.status]);
  if (input.overdue && input.status && !openStages.includes(input.status)) return [];
  let branches = visible;
  for (const [field, value] of equalities) branches = branches.flatMap((b) => narrowed(b, field, value));
  if (input.overdue) {
    // open is closedAt null: every move to a closed stage sets it, every reopening clears it
    const now = new Date();
    branches = branches.map((branch) => ({
      ...branch,
      closedAt: null,
      scheduledDate: indexedDates({ until: now }),
    }));
  }
  return branches;
}

/** The branch with field = value added, or none when the branch already requires another value. */
function narrowed(branch: Branch, field: string, value: unknown): Branch[] {
  if (!(field in branch)) return [{ ...branch, [field]: value }];
  return String(branch[field]) === String(value) ? [branch] : [];
}
