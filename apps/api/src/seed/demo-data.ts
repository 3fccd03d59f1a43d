import type { UserRole } from '@fixstream/db';

/**
 * The demo company `pnpm seed` creates, with its weekly report in its own time zone. Passwords are public on
 * purpose: this is demo data.
 */
export const demoCompany = {
  name: 'Acme Facilities',
  timeZone: 'Europe/Berlin',
  reportFrequency: 'weekly' as const,
};

export const demoUsers = [
  {
    key: 'admin',
    name: 'Ada Admin',
    email: 'admin@acme.example',
    password: 'demo-admin-pass',
    role: 'admin',
  },
  {
    key: 'manager',
    name: 'Marco Manager',
    email: 'manager@acme.example',
    password: 'demo-manager-pass',
    role: 'manager',
  },
  {
    key: 'tara',
    name: 'Tara Torque',
    email: 'tara@acme.example',
    password: 'demo-tech-pass',
    role: 'technician',
  },
  {
    key: 'tomas',
    name: 'Tomas Wrench',
    email: 'tomas@acme.example',
    password: 'demo-tech-pass',
    role: 'technician',
  },
  { key: 'eli', name: 'Eli Volt', email: 'eli@acme.example', password: 'demo-tech-pass', role: 'technician' },
  {
    key: 'erin',
    name: 'Erin Employee',
    email: 'employee@acme.example',
    password: 'demo-employee-pass',
    role: 'employee',
  },
] as const satisfies readonly {
  key: string;
  name: string;
  email: string;
  password: string;
  role: UserRole;
}[];

type DemoUserKey = (typeof demoUsers)[number]['key'];

export const demoTeams = [
  { key: 'mechanical', name: 'Mechanical', members: ['tara', 'tomas'] },
  { key: 'electrical', name: 'Electrical', members: ['eli', 'tara'] },
] as const satisfies readonly { key: string; name: string; members: readonly DemoUserKey[] }[];

type DemoTeamKey = (typeof demoTeams)[number]['key'];

export const demoEquipment = [
  {
    name: 'CNC Mill 3000',
    serialNumber: 'CNC-3000-0001',
    location: 'Hall A, bay 2',
    category: 'Machine tools',
    team: 'mechanical',
    technician: 'tomas',
    preventiveIntervalDays: 90,
  },
  {
    name: 'Air Compressor AC-75',
    serialNumber: 'AIR-0075-0007',
    location: 'Hall A, utility room',
    category: 'Compressed air',
    team: 'mechanical',
    technician: 'tara',
    preventiveIntervalDays: 30,
  },
  {
    name: 'Main Switchboard',
    serialNumber: 'ELEC-MSB-0042',
    location: 'Basement, room B-04',
    category: 'Electrical',
    team: 'electrical',
    technician: 'eli',
    preventiveIntervalDays: 180,
  },
  {
    name: 'Forklift FL-20',
    serialNumber: 'FL-20-0020',
    location: 'Warehouse',
    category: 'Vehicles',
    team: 'mechanical',
    technician: 'tomas',
    preventiveIntervalDays: 60,
  },
  {
    // due the day after the first seed: the preventive job creates its request on its first run
    name: 'Cooling Tower CT-5',
    serialNumber: 'CT-0005-0005',
    location: 'Roof, north side',
    category: 'HVAC',
    team: 'mechanical',
    technician: 'tara',
    preventiveIntervalDays: 14,
    firstDueInDays: 1,
  },
] as const satisfies readonly {
  name: string;
  serialNumber: string;
  location: string;
  category: string;
  team: DemoTeamKey;
  technician: DemoUserKey;
  preventiveIntervalDays: number;
  /** When its first preventive maintenance falls, in days after the first seed; one interval by default. */
  firstDueInDays?: number;
}[];

/**
 * A request already two days past its scheduled date at the first seed, still new: the escalation job mails the
 * managers about it on its first run.
 */
export const demoOverdueRequest = {
  subject: 'Forklift brakes squeal when loaded',
  equipment: 'FL-20-0020',
  requester: 'erin',
  priority: 2,
  scheduledDaysAgo: 2,
  durationHours: 2,
} as const satisfies {
  subject: string;
  equipment: (typeof demoEquipment)[number]['serialNumber'];
  requester: DemoUserKey;
  priority: number;
  scheduledDaysAgo: number;
  durationHours: number;
};
