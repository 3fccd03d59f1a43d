import type { ReactNode } from 'react';
import { dayKey, type Month, monthWeeks } from './month-days.ts';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * A month as a table of weeks, Monday first: a plain grid instead of a calendar library, since the app needs one
 * read-only view. `renderDay` fills a day's cell; days of the neighbouring months are dimmed, today is marked.
 */
export function MonthGrid(props: { month: Month; caption: string; renderDay: (key: string) => ReactNode }) {
  const today = dayKey(new Date());
  return (
    <table className="month-grid">
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {weekdays.map((name) => (
            <th key={name} scope="col" abbr={name}>
              {name.slice(0, 3)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthWeeks(props.month).map((week) => (
          <tr key={dayKey(week[0] ?? new Date())}>
            {week.map((day) => {
              const key = dayKey(day);
              const outside = day.getMonth() !== props.month.month;
              return (
                <td
                  key={key}
                  data-day={key}
                  className={
                    [outside ? 'outside' : '', key === today ? 'today' : ''].join(' ').trim() || undefined
                  }
                  aria-current={key === today ? 'date' : undefined}
                >
                  <span className="day-number">{day.getDate()}</span>
                  {props.renderDay(key)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
