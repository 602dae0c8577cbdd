import { formatDate, formatTimeFor } from "@/lib/format";
import { Card } from "@/components/ui/Card";

type Version = { version: number; previous: Record<string, string | null>; changedAt: Date; changedByName: string };

const LABELS: [string, string][] = [
  ["title", "Title"],
  ["specific", "Specific"],
  ["metric", "Metric"],
  ["baseline", "Baseline"],
  ["target", "Target"],
  ["unit", "Unit"],
  ["doneCondition", "Done when"],
  ["achievable", "Achievable"],
  ["relevant", "Relevant"],
  ["dueDate", "Due date"],
];

/** Each change of the SMART parts: who, when, and what the goal said before. */
export function GoalHistory({ versions, viewerZone }: { versions: Version[]; viewerZone: string | null }) {
  return (
    <Card title="History">
      {versions.length === 0 ? (
        <p className="text-sm text-stone-600">The goal has not been changed since it was set.</p>
      ) : (
        <ol className="flex flex-col gap-3 text-sm">
          {versions.map((v) => (
            <li key={v.version}>
              <details>
                <summary className="cursor-pointer">
                  {v.changedByName} changed it on {formatTimeFor(v.changedAt, viewerZone)}: version {v.version} before
                </summary>
                <dl className="mt-2 grid grid-cols-[7rem_1fr] gap-1 text-stone-700">
                  {LABELS.filter(([key]) => v.previous[key] !== null && v.previous[key] !== undefined).map(([key, label]) => (
                    <div key={key} className="contents">
                      <dt className="font-medium">{label}</dt>
                      <dd dir="auto" className="whitespace-pre-wrap wrap-anywhere">
                        {key === "dueDate" ? formatDate(v.previous[key]!) : v.previous[key]}
                      </dd>
                    </div>
                  ))}
                </dl>
              </details>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
