/** @jsxRuntime automatic @jsxImportSource react */
import { Button } from '@react-email/button';
import { Column } from '@react-email/column';
import { Section } from '@react-email/section';
import { Fragment, type ReactNode } from 'react';
import { styles } from './email.styles.ts';
import { safeHttpUrl } from './request-display.ts';

/** A coloured pill; `kind` lands in `data-badge` so tests and client-side filters can find it. */
export function Badge({
  kind,
  display,
}: {
  kind: string;
  display: { label: string; color: string; background: string };
}) {
  return (
    <span
      data-badge={kind}
      style={{ ...styles.badge, backgroundColor: display.background, color: display.color }}
    >
      {display.label}
    </span>
  );
}

/**
 * Label/value rows as a real table: it lines up in every client, and `data-text-format="dataTable"` makes
 * the text part keep each label and value on one line (see render.ts).
 */
export function DetailsTable({ children }: { children: ReactNode }) {
  return (
    <table
      role="presentation"
      cellPadding="0"
      cellSpacing="0"
      border={0}
      width="100%"
      style={styles.detailsTable}
      data-text-format="dataTable"
    >
      <tbody>{children}</tbody>
    </table>
  );
}

export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <Column style={styles.label}>{label}</Column>
      <Column style={styles.value}>{children}</Column>
    </tr>
  );
}

/** Keeps the author's line breaks in HTML and in the text part without `white-space: pre` (Outlook ignores it). */
export function MultilineText({ value }: { value: string }) {
  const lines = value.split(/\r\n|\r|\n/);
  return lines.map((line, index) => (
    <Fragment key={index}>
      {index > 0 && <br />}
      {line}
    </Fragment>
  ));
}

/**
 * Renders nothing unless the link is http(s): the URL is built from configuration and a request id, but an
 * href is the one place where escaping alone would not make a bad value safe.
 */
export function ViewRequestButton({ requestUrl }: { requestUrl: string | null }) {
  const href = safeHttpUrl(requestUrl);
  if (!href) return null;
  return (
    <Section style={styles.buttonRow}>
      <Button href={href} style={styles.button}>
        View request
      </Button>
    </Section>
  );
}

export type GridColumn = { label: string; numeric?: boolean };

/**
 * A table with a header row, for lists and figures with several columns. Like {@link DetailsTable} it is marked
 * `data-text-format="dataTable"`, so the text part keeps it as aligned columns rather than one cell per line.
 */
export function GridTable({ columns, rows }: { columns: GridColumn[]; rows: ReactNode[][] }) {
  const align = (column: GridColumn | undefined) => (column?.numeric ? styles.gridNumber : undefined);
  return (
    <table
      role="presentation"
      cellPadding="0"
      cellSpacing="0"
      border={0}
      width="100%"
      style={styles.gridTable}
      data-text-format="dataTable"
    >
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} style={{ ...styles.gridHeader, ...align(column) }}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, row) => (
          <tr key={row}>
            {cells.map((cell, index) => (
              <td
                key={columns[index]?.label ?? index}
                style={{ ...styles.gridCell, ...align(columns[index]) }}
              >
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
