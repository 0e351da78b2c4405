import type { ReactNode } from "react";

/** A compact table that scrolls sideways inside its card on narrow screens instead of widening the page. */
export function AdminTable({ headers, testId, children }: { headers: string[]; testId?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs text-slate-500">
          <tr>
            {headers.map((header, index) => (
              <th key={header} className={index === 0 ? "py-1 pr-3" : "pr-3"}>{header}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
