/**
 * The Message-IDs of the mails a run sent, as its attempts recorded them (`ops.run`): what to search the
 * receiving mail system for. At most 100 are kept per attempt; the rest are counted.
 */
export function RunMessageIds({ messageIds, omitted }: { messageIds: string[]; omitted: number }) {
  if (messageIds.length === 0)
    return (
      <span className="muted">
        None recorded: the run sent no mail, or finished before they were recorded
      </span>
    );
  return (
    <ul className="plain">
      {messageIds.map((id) => (
        <li key={id}>
          <code>{id}</code>
        </li>
      ))}
      {omitted > 0 ? <li className="muted">and {omitted} more, not kept</li> : null}
    </ul>
  );
}
