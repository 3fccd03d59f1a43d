import type { FunctionDefinition } from '@fixstream/events';
import type { FunctionDeps } from './function-deps.ts';
import { type MaintenanceJobDeps, maintenanceJobs } from './maintenance-jobs.ts';
import { planCompanyReports } from './reports/plan-company-reports.function.ts';
import type { ReportSettings } from './reports/report-settings.ts';
import { sendPeriodicReport } from './reports/send-periodic-report.function.ts';
import { sendAssignmentNotification } from './send-assignment-notification.function.ts';
import { type PasswordResetSettings, sendPasswordReset } from './send-password-reset.function.ts';
import { sendRequestNotification } from './send-request-notification.function.ts';
import { sendStatusUpdate } from './send-status-update.function.ts';
import type { WebhookDeps } from './webhooks/webhook-deps.ts';
import { webhookFunctions } from './webhooks/webhook-functions.ts';

/** Every function this worker runs; the webhook functions when their settings are given. */
export function createFunctions(
  deps: FunctionDeps &
    PasswordResetSettings &
    MaintenanceJobDeps & { reports: ReportSettings; webhooks?: WebhookDeps },
): FunctionDefinition[] {
  return [
    sendRequestNotification(deps),
    sendStatusUpdate(deps),
    sendAssignmentNotification(deps),
    sendPasswordReset(deps),
    planCompanyReports(deps, deps.reports),
    sendPeriodicReport(deps),
    ...maintenanceJobs(deps),
    ...(deps.webhooks ? webhookFunctions(deps, deps.webhooks) : []),
  ] as FunctionDefinition[];
}
