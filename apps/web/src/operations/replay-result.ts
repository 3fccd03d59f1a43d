import type { RouterOutputs } from '@fixstream/client';

type ReplayOutput = RouterOutputs['ops']['replay'];
type RedriveOutput = RouterOutputs['ops']['redrive'];

function publishNote(output: { published: boolean; publishError: string | null }): string {
  if (output.published) return '';
  return ` Its event is owed but not yet published (${output.publishError ?? 'Redis did not answer'}); the worker's relay will publish it.`;
}

/** The API's answer to a Replay, as a sentence: replayed, or left alone and why. */
export function describeReplay(output: ReplayOutput): string {
  if (!output.replayed) return `Left alone: ${output.reason ?? 'nothing to replay'}.`;
  return `Replayed: the run starts over at attempt 1.${publishNote(output)}`;
}

/** The API's answer to a Redrive, as a sentence: how many were replayed, which were left alone and why. */
export function describeRedrive(output: RedriveOutput): string {
  const parts = [
    output.replayed.length === 0
      ? `No dead run of ${output.functionId} was replayed.`
      : `Replayed ${output.replayed.length} dead run${output.replayed.length === 1 ? '' : 's'} of ${output.functionId}.`,
  ];
  for (const skipped of output.skipped) parts.push(`Left alone ${skipped.id}: ${skipped.reason}.`);
  if (output.more) parts.push('More dead runs remain: redrive again.');
  return parts.join(' ') + publishNote(output);
}
