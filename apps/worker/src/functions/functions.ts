import type { FunctionDefinition } from '@fixstream/events';
import type { FunctionDeps } from './function-deps.ts';
import { planCompanyReports } from './reports/plan-company-reports.function.ts';
import type { ReportSettings } from './reports/report-settings.ts';
import { sendPeriodicReport } from './reports/send-periodic-report.function.ts';
import { type MaintenanceJobDeps, maintenanceJobs } from './maintenance-jobs.ts';
import { sendAssignmentNotification } from './send-assignment-notification.function.ts';
import { type PasswordResetSettings, sendPasswordReset } from './send-password-reset.function.ts';
import { sendRequestNotification } from './send-request-notification.function.ts';
import { sendStatusUpdate } from './send-status-update.function.ts';

/** Every function this worker runs. */
export function createFunctions(
  deps: FunctionDeps & PasswordResetSettings & MaintenanceJobDeps & { reports: ReportSettings },
): FunctionDefinition[] {
  return [
    sendRequestNotification(deps),
    sendStatusUpdate(deps),
    sendAssignmentNotification(deps),
    sendPasswordReset(deps),
    planCompanyReports(deps, deps.reports),
    sendPeriodicReport(deps),
    ...maintenanceJobs(deps),
  ] as FunctionDefinition[];
}
