/**
 * Who calls: the manager sees the whole company, a technician their teams' and own work (`technician` is on the
 * team that maintains the pumps, `technicianElsewhere` on none that does), the employee their own.
 */
export type ReadCaller = 'manager' | 'technician' | 'technicianElsewhere' | 'employee';

/** The records the filtered shapes point at, and the cursor of the fifth page of the default list. */
export interface ShapeTargets {
  teamId: string;
  technicianId: string;
  equipmentId: string;
  page5Cursor: string;
}

/** One read the benchmark times: a procedure, its input, and who calls it. */
export interface ReadShape {
  name: string;
  /** The row of the results table. */
  label: string;
  caller: ReadCaller;
  procedure: string;
  input(targets: ShapeTargets): unknown;
  /**
   * For a read the API caches per company: `warm` times it right after an untimed identical call (served from the
   * cache), `invalidated` right after an untimed stage move of one request (its team counted afresh, the other
   * teams from the cache).
   */
  cache?: 'warm' | 'invalidated';
}

const page = { limit: 20 };
const list = (
  name: string,
  label: string,
  input: (t: ShapeTargets) => object,
  caller: ReadCaller = 'manager',
) =>
  ({
    name,
    label,
    caller,
    procedure: 'requests.list',
    input: (t: ShapeTargets) => ({ ...page, ...input(t) }),
  }) satisfies ReadShape;

/**
 * Every list a person opens in the product, 20 a page: the request list as each role sees it, with each filter,
 * each order and further pages, searched by subject, the kanban counts (as cached, and counted afresh), and the
 * other lists. Names are the results' JSON keys.
 */
export const readShapes: readonly ReadShape[] = [
  list('listDefault', '`requests.list` (manager, newest first)', () => ({})),
  list('listStatus', '… `status: in_progress`', () => ({ status: 'in_progress' })),
  list('listType', '… `type: preventive`', () => ({ type: 'preventive' })),
  list('listTeam', '… `team` (1 of 10)', (t) => ({ team: t.teamId })),
  list('listTechnician', '… `technician` (1 of 30)', (t) => ({ technician: t.technicianId })),
  list('listEquipment', '… `equipment` (1 of 200)', (t) => ({ equipment: t.equipmentId })),
  list('listOverdue', '… `overdue: true`', () => ({ overdue: true })),
  list('listPriority', "… `sort: 'priority'`", () => ({ sort: 'priority' })),
  list('listOldest', "… `sort: 'oldest'`", () => ({ sort: 'oldest' })),
  list('listPage5', '… 5th page (cursor)', (t) => ({ cursor: t.page5Cursor })),
  list('listAsTechnician', '… as a technician (own and teams’ work)', () => ({}), 'technician'),
  list('listAsEmployee', '… as an employee (own requests)', () => ({}), 'employee'),
  list('listSearch', '… `search: pump` (a word of 10 % of subjects)', () => ({ search: 'pump' })),
  list('listSearchTwoWords', '… `search: leak pu` (word beginnings, 1.3 %)', () => ({ search: 'leak pu' })),
  list('listSearchRarePair', '… `search: generator 17` (0.5 %)', () => ({ search: 'generator 17' })),
  list('listSearchNoMatch', '… `search: pump 21` (no subject has both)', () => ({ search: 'pump 21' })),
  list('listSearchNeverTogether', '… `search: pump generator` (10 % each, never together)', () => ({
    search: 'pump generator',
  })),
  list('listSearchStatus', '… `search: pump, status: in_progress`', () => ({
    search: 'pump',
    status: 'in_progress',
  })),
  list('listSearchPriority', "… `search: pump, sort: 'priority'`", () => ({
    search: 'pump',
    sort: 'priority',
  })),
  list(
    'listSearchAsTechnician',
    '… `search: pump` as a technician',
    () => ({ search: 'pump' }),
    'technician',
  ),
  list(
    'listSearchAsTechnicianElsewhere',
    '… `search: pump` as a technician of teams without pumps',
    () => ({ search: 'pump' }),
    'technicianElsewhere',
  ),
  list('listSearchAsEmployee', '… `search: pump` as an employee', () => ({ search: 'pump' }), 'employee'),
  {
    name: 'stats',
    label: '`requests.stats` (manager), from the cache',
    caller: 'manager',
    procedure: 'requests.stats',
    input: () => ({}),
    cache: 'warm',
  },
  {
    name: 'statsAfterStageMove',
    label: "… right after a stage move (the request's team counted afresh)",
    caller: 'manager',
    procedure: 'requests.stats',
    input: () => ({}),
    cache: 'invalidated',
  },
  {
    name: 'equipmentList',
    label: '`equipment.list`',
    caller: 'manager',
    procedure: 'equipment.list',
    input: () => page,
  },
  { name: 'usersList', label: '`users.list`', caller: 'manager', procedure: 'users.list', input: () => page },
  { name: 'teamsList', label: '`teams.list`', caller: 'manager', procedure: 'teams.list', input: () => page },
];

/**
 * Whether the shape searches subjects: without the index pushdown each such call reads every term, for minutes at
 * 10,000.
 */
export function searchesSubjects(shape: ReadShape): boolean {
  const input = shape.input({ teamId: '', technicianId: '', equipmentId: '', page5Cursor: '' });
  return typeof (input as { search?: unknown }).search === 'string';
}
