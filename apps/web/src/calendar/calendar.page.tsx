import { Link, useSearch } from 'wouter';
import { useDirectory } from '../directory/use-directory.ts';
import { typeLabels } from '../requests/request-meta.ts';
import { addMonths, containsDay, dayKey, type Month, monthOf, monthParam, parseMonth } from './month-days.ts';
import { MonthGrid } from './month-grid.tsx';
import { maxPages, type ScheduledRequest, useScheduledRequests } from './use-scheduled-requests.ts';

interface DueEquipment {
  id: string;
  name: string;
  nextPreventiveAt: string | null;
}

function groupByDay<T>(items: T[], dateOf: (item: T) => string | null, month: Month): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const item of items) {
    const iso = dateOf(item);
    if (!iso) continue;
    const date = new Date(iso);
    if (!containsDay(month, date)) continue;
    const key = dayKey(date);
    days.set(key, [...(days.get(key) ?? []), item]);
  }
  return days;
}

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' });

/**
 * Scheduled and preventive work by month: every request with a scheduled date (preventive ones marked), and the
 * day each piece of equipment's next preventive request is due. A request opens its detail page.
 */
export function CalendarPage() {
  const search = useSearch();
  const month = parseMonth(new URLSearchParams(search).get('month')) ?? monthOf(new Date());
  const directory = useDirectory();
  const requests = useScheduledRequests();
  const title = new Date(month.year, month.month, 1).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
  });
  const requestDays = groupByDay(requests.data?.scheduled ?? [], (item) => item.scheduledDate, month);
  const dueDays = groupByDay<DueEquipment>(directory.equipment, (item) => item.nextPreventiveAt, month);
  const renderDay = (key: string) => {
    const scheduled = requestDays.get(key) ?? [];
    const due = dueDays.get(key) ?? [];
    if (scheduled.length === 0 && due.length === 0) return null;
    return (
      <ul className="day-entries">
        {scheduled.map((request: ScheduledRequest) => (
          <li key={request.id} className={`entry entry-${request.type}`}>
            <Link href={`/requests/${request.id}`}>
              {timeOf(request.scheduledDate)} {request.subject}
            </Link>
            {request.type === 'preventive' ? (
              <span className="badge badge-preventive">{typeLabels.preventive}</span>
            ) : null}
          </li>
        ))}
        {due.map((item) => (
          <li key={item.id} className="entry entry-due">
            Preventive due: {item.name}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <>
      <h1>Calendar</h1>
      <nav className="month-nav" aria-label="Months">
        <Link href={`/calendar?month=${monthParam(addMonths(month, -1))}`}>← Previous month</Link>
        <h2>{title}</h2>
        <Link href={`/calendar?month=${monthParam(addMonths(month, 1))}`}>Next month →</Link>
      </nav>
      {requests.isError ? (
        <p role="alert" className="alert alert-error">
          {requests.error.message}
        </p>
      ) : null}
      {requests.data?.truncated ? (
        <p className="alert alert-info">
          Showing the newest {maxPages * 100} requests; older scheduled requests are not shown.
        </p>
      ) : null}
      {requests.isPending ? <p className="muted">Loading…</p> : null}
      <MonthGrid month={month} caption={`Scheduled work in ${title}`} renderDay={renderDay} />
      <p className="muted legend">
        <span className="badge badge-preventive">{typeLabels.preventive}</span> preventive maintenance;
        “Preventive due” is when the equipment’s next preventive request will be opened.
      </p>
    </>
  );
}
