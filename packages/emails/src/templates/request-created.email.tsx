/** @jsxRuntime automatic @jsxImportSource react */
import { Text } from '@react-email/text';
import { styles } from './email.styles.ts';
import { EmailLayout } from './email-layout.component.tsx';
import { REQUEST_TYPES, type RequestPriority, type RequestType } from './request-display.ts';
import { RequestSummary } from './request-summary.component.tsx';

/**
 * Everything the mail shows, already resolved by the worker: templates run no queries, so a preview,
 * a snapshot test and production all render the same props.
 */
export type RequestCreatedEmailProps = {
  technicianName: string;
  subject: string;
  type: RequestType;
  priority: RequestPriority;
  equipmentName: string;
  serialNumber: string;
  location: string | null;
  requesterName: string;
  teamName: string;
  requestId: string;
  description: string | null;
  /** ISO 8601; shown in UTC. */
  scheduledDate: string | null;
  /** Shown as a button only when it is an http(s) URL. */
  requestUrl: string | null;
};

/**
 * The mail a technician gets when a maintenance request is assigned to them: it has to be actionable
 * on its own (what, where, how urgent, who asked) because the technician may read it on a phone in the field.
 */
export function RequestCreatedEmail(props: RequestCreatedEmailProps) {
  return (
    <EmailLayout
      preview={`${REQUEST_TYPES[props.type].label} request: ${props.subject} (${props.equipmentName})`}
      footer="You are receiving this email because you are the technician assigned to this request in fixstream."
    >
      <Text style={styles.intro}>
        Hi {props.technicianName}, a new maintenance request has been assigned to you.
      </Text>
      <RequestSummary {...props} />
    </EmailLayout>
  );
}

RequestCreatedEmail.PreviewProps = {
  technicianName: 'Alex Morgan',
  subject: 'Hydraulic press leaking oil',
  type: 'corrective',
  priority: 2,
  equipmentName: 'Hydraulic press HP-200',
  serialNumber: 'HP200-2023-0042',
  location: 'Building B, Line 3',
  requesterName: 'Jamie Chen',
  teamName: 'Mechanical',
  requestId: '665f1c2ab3e4d5f6a7b8c9d0',
  description: 'Oil is pooling under the main cylinder.\nThe press was stopped at 08:40.',
  scheduledDate: '2026-03-02T09:30:00.000Z',
  requestUrl: 'https://app.fixstream.example/requests/665f1c2ab3e4d5f6a7b8c9d0',
} satisfies RequestCreatedEmailProps;
