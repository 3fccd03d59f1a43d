import { describe, expect, it } from 'vitest';
import { parseWorkerEnv } from './env.ts';
import { minimalWorkerEnv } from './functions/maintenance-jobs.test-util.ts';
import { maintenanceJobSettings } from './maintenance-jobs.env.ts';

const minimal = minimalWorkerEnv;

describe('maintenance job settings from env', () => {
  it('defaults to hourly preventive runs 7 days ahead, reminders 2 days before, levels at 24 h and 72 h', () => {
    expect(maintenanceJobSettings(parseWorkerEnv(minimal))).toEqual({
      preventiveCron: '0 * * * *',
      preventiveLeadDays: 7,
      reminderDaysBefore: 2,
      escalationCron: '*/15 * * * *',
      escalationLevelsHours: [24, 72],
      escalationDefaultHours: [168, 72, 24, 8],
      timeZone: 'UTC',
    });
  });

  it('takes fractions, lists and a time zone', () => {
    const settings = maintenanceJobSettings(
      parseWorkerEnv({
        ...minimal,
        PREVENTIVE_LEAD_DAYS: '0.5',
        REMINDER_DAYS_BEFORE: '0.0001',
        ESCALATION_LEVELS_HOURS: ' 1, 0.5 ,8',
        ESCALATION_DEFAULT_HOURS: '96,48,12,2',
        JOBS_TIME_ZONE: 'Europe/Paris',
      }),
    );
    expect(settings).toMatchObject({
      preventiveLeadDays: 0.5,
      reminderDaysBefore: 0.0001,
      escalationLevelsHours: [1, 0.5, 8],
      escalationDefaultHours: [96, 48, 12, 2],
      timeZone: 'Europe/Paris',
    });
  });

  it('refuses what it cannot use, naming the variable', () => {
    for (const [name, value, message] of [
      ['ESCALATION_LEVELS_HOURS', '24,,72', /ESCALATION_LEVELS_HOURS: must be hours/],
      ['ESCALATION_LEVELS_HOURS', '-1', /ESCALATION_LEVELS_HOURS: must be hours/],
      ['ESCALATION_DEFAULT_HOURS', '24,8', /ESCALATION_DEFAULT_HOURS: must give 4 numbers/],
      ['JOBS_TIME_ZONE', 'Mars/Olympus', /JOBS_TIME_ZONE: must be an IANA time zone/],
      ['REMINDER_DAYS_BEFORE', 'soon', /REMINDER_DAYS_BEFORE/],
    ] as const) {
      expect(() => parseWorkerEnv({ ...minimal, [name]: value }), name).toThrow(message);
    }
  });
});
