/** @jsxRuntime automatic @jsxImportSource react */
import { Text } from '@react-email/text';
import { styles } from './email.styles.ts';
import { EmailLayout } from './email-layout.component.tsx';
import type { RequestCreatedEmailProps } from './request-created.email.tsx';
import { presentText, REQUEST_TYPES, type RequestStatus } from './request-display.ts';
import { RequestSummary } from './request-summary.component.tsx';

/** The created mail's props (the request as the new technician sees it) plus who handed it over and when. */
export type RequestAssignedEmailProps = RequestCreatedEmailProps & {
  /** The person who made the assignment; a technician takes work more readily from a named colleague. */
  assignedByName: string;
  /** Set on a reassignment, so the new technician knows whom to ask about work already done. */
  previousTechnicianName: string | null;
  /** The request may already be in progress (or reopened) when it changes hands. */
  status: RequestStatus;
};

/**
 * The mail a technician gets when an existing request is (re)assigned to them: the same actionable details
 * as a new request, plus the handover (who assigned it, who had it before, which stage it is in).
 */
export function RequestAssignedEmail(props: RequestAssignedEmailProps) {
  const previousTechnician = presentText(props.previousTechnicianName);

  return (
    <EmailLayout
      preview={`${props.assignedByName} assigned you a ${REQUEST_TYPES[props.type].label.toLowerCase()} request: ${props.subject} (${props.equipmentName})`}
      footer="You are receiving this email because you are the technician assigned to this request in fixstream."
    >
      <Text style={styles.intro}>
        Hi {props.technicianName}, {props.assignedByName} assigned a maintenance request to you.
        {previousTechnician && ` It was assigned to ${previousTechnician} before.`}
      </Text>
      <RequestSummary {...props} />
    </EmailLayout>
  );
}

RequestAssignedEmail.PreviewProps = {
  technicianName: 'Alex Morgan',
  subject: 'Conveyor belt slipping under load',
  type: 'corrective',
  priority: 3,
  equipmentName: 'Conveyor CV-12',
  serialNumber: 'CV12-2022-0118',
  location: 'Warehouse, Dock 4',
  requesterName: 'Jamie Chen',
  teamName: 'Mechanical',
  requestId: '665f1c2ab3e4d5f6a7b8c9d2',
  description:
    'The belt slips once the load is over 40 kg.\nThe tensioner was adjusted on Monday; it did not help.',
  scheduledDate: '2026-03-04T07:00:00.000Z',
  requestUrl: 'https://app.fixstream.example/requests/665f1c2ab3e4d5f6a7b8c9d2',
  assignedByName: 'Ada Admin',
  previousTechnicianName: 'Tomas Novak',
  status: 'in_progress',
} satisfies RequestAssignedEmailProps;
