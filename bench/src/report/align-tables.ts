/** A row that separates a table's header from its body: every cell dashes, with optional alignment colons. */
const separatorCell = /^:?-+:?$/;

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

const widthOf = (text: string) => Array.from(text).length;

/**
 * Pads every cell of every pipe table to its column's width, and draws each separator row as dashes of that
 * width, so latest.md reads as a table in a terminal or a diff too (the formatter keeps a table's widths as
 * written). Lines outside tables are left as they are; a table is a run of lines that begin with `|`.
 */
export function alignTables(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let start = 0; start < lines.length; ) {
    if (!lines[start]?.startsWith('|')) {
      out.push(lines[start] ?? '');
      start++;
      continue;
    }
    let end = start;
    while (lines[end]?.startsWith('|')) end++;
    out.push(...alignedTable(lines.slice(start, end).map(cellsOf)));
    start = end;
  }
  return out.join('\n');
}

function alignedTable(rows: string[][]): string[] {
  const columns = Math.max(...rows.map((row) => row.length));
  const full = rows.map((row) => [...row, ...Array<string>(columns - row.length).fill('')]);
  const separator = (row: string[]) =>
    row.some((cell) => cell !== '') && row.every((cell) => cell === '' || separatorCell.test(cell));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(3, ...full.filter((row) => !separator(row)).map((row) => widthOf(row[column] ?? ''))),
  );
  return full.map((row) =>
    separator(row)
      ? `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`
      : `| ${row.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - widthOf(cell))).join(' | ')} |`,
  );
}
