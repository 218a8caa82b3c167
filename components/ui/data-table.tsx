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
    <table className={cn("w-full text-left text-xs", className)}>
      <caption className="sr-only">{caption}</caption>
      <thead className="text-slate-500">
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col" className={cn("py-1 font-medium", c.numeric && "text-right")}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c, i) =>
              i === 0 ? (
                <th key={c.header} scope="row" className="py-1.5 font-normal">
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.header} className={cn("py-1.5", c.numeric && "text-right tabular-nums")}>
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
