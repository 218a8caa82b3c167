import type { ReactNode } from "react";
import { cn } from "./cn";

export type Column<Row> = {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Numbers align right and use tabular figures. */
  numeric?: boolean;
};

/**
 * An accessible table (caption, column headers, the first cell of each row a row header) for the
 * numbers charts show: screen readers get the table, sighted users both.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  className,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  className?: string;
}) {
  return (
    <table className={cn("w-full text-left text-body", className)}>
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-line text-caption text-ink-subtle">
        <tr>
          {columns.map((c) => (
            <th
              key={c.header}
              scope="col"
              className={cn("py-1.5 font-medium whitespace-nowrap", c.numeric && "pl-4 text-right")}
            >
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-line">
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c, i) =>
              i === 0 ? (
                <th key={c.header} scope="row" className="py-1.5 pr-2 font-normal text-ink">
                  {c.cell(row)}
                </th>
              ) : (
                <td
                  key={c.header}
                  className={cn(
                    "py-1.5 text-ink-muted",
                    c.numeric && "pl-4 text-right whitespace-nowrap tabular-nums",
                  )}
                >
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
