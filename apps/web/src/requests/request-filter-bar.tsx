import { requestTypes } from '@fixstream/schemas';
import { useMemo } from 'react';
import type { Directory } from '../directory/use-directory.ts';
import type { RequestFilters } from './request-filters.ts';
import { typeLabels } from './request-meta.ts';

/** The filter bar shared by the board and the list. */
export function RequestFilterBar(props: {
  filters: RequestFilters;
  onChange: (filters: RequestFilters) => void;
  directory: Directory;
}) {
  const { filters, onChange, directory } = props;
  const set = <K extends keyof RequestFilters>(key: K, value: RequestFilters[K]) =>
    onChange({ ...filters, [key]: value });
  const technicians = useMemo(() => {
    const teams = filters.team ? directory.teams.filter((team) => team.id === filters.team) : directory.teams;
    return [...new Set(teams.flatMap((team) => team.members))];
  }, [directory.teams, filters.team]);
  return (
    <fieldset className="filters">
      <legend>Filters</legend>
      <label>
        Team
        <select value={filters.team} onChange={(event) => set('team', event.target.value)}>
          <option value="">All teams</option>
          {directory.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Technician
        <select value={filters.technician} onChange={(event) => set('technician', event.target.value)}>
          <option value="">Anyone</option>
          {technicians.map((id) => (
            <option key={id} value={id}>
              {directory.personName(id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select
          value={filters.type}
          onChange={(event) => set('type', event.target.value as RequestFilters['type'])}
        >
          <option value="">Any type</option>
          {requestTypes.map((type) => (
            <option key={type} value={type}>
              {typeLabels[type]}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filters.overdue}
          onChange={(event) => set('overdue', event.target.checked)}
        />
        Overdue only
      </label>
      <label>
        Search subjects
        <input
          type="search"
          value={filters.search}
          maxLength={100}
          onChange={(event) => set('search', event.target.value)}
          placeholder="e.g. pump leak"
        />
      </label>
    </fieldset>
  );
}
