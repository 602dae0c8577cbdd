import { dayStart } from "@/lib/goals/progress";
import { formatDate } from "@/lib/format";

type Props = {
  createdAt: Date;
  dueDate: string;
  checkIns: { checkedOn: string; progress: number | null }[];
  now?: Date;
};

const W = 320;
const H = 140;
const PAD = { left: 36, right: 10, top: 10, bottom: 24 };

/** Progress over time (0 % at the start, 100 % at the target) against the straight line to the due date. */
export function GoalChart({ createdAt, dueDate, checkIns, now = new Date() }: Props) {
  const start = dayStart(createdAt.toISOString().slice(0, 10));
  const points = checkIns.filter((c) => c.progress !== null).map((c) => ({ t: dayStart(c.checkedOn), p: c.progress! }));
  const end = Math.max(dayStart(dueDate), ...points.map((p) => p.t), start + 86_400_000);
  const from = Math.min(start, ...points.map((p) => p.t));
  const top = Math.max(1, ...points.map((p) => p.p));
  const bottom = Math.min(0, ...points.map((p) => p.p));
  const x = (t: number) => PAD.left + ((t - from) / (end - from)) * (W - PAD.left - PAD.right);
  const y = (p: number) => H - PAD.bottom - ((p - bottom) / (top - bottom)) * (H - PAD.top - PAD.bottom);
  const actual = [{ t: start, p: 0 }, ...points].sort((a, b) => a.t - b.t);
  const latest = points.at(-1);
  const summary = latest
    ? `Latest progress ${Math.round(latest.p * 100)} % on ${formatDate(new Date(latest.t))}; the plan reaches 100 % on ${formatDate(dueDate)}.`
    : `No check-ins yet; the plan reaches 100 % on ${formatDate(dueDate)}.`;
  const nowX = Math.min(Math.max(now.getTime(), from), end);
  return (
    <figure className="flex flex-col gap-2">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-md" role="img" aria-label={`Progress chart. ${summary}`}>
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} className="stroke-stone-300" />
        <line x1={PAD.left} y1={y(1)} x2={W - PAD.right} y2={y(1)} className="stroke-stone-300" strokeDasharray="2 3" />
        <text x={PAD.left - 4} y={y(0) + 4} fontSize="10" textAnchor="end" className="fill-stone-600">
          0%
        </text>
        <text x={PAD.left - 4} y={y(1) + 4} fontSize="10" textAnchor="end" className="fill-stone-600">
          100%
        </text>
        <line x1={x(nowX)} y1={PAD.top} x2={x(nowX)} y2={H - PAD.bottom} className="stroke-stone-200" />
        <polyline
          points={`${x(start)},${y(0)} ${x(dayStart(dueDate))},${y(1)}`}
          fill="none"
          className="stroke-stone-400"
          strokeDasharray="5 4"
          strokeWidth="2"
        />
        <polyline points={actual.map((a) => `${x(a.t)},${y(a.p)}`).join(" ")} fill="none" className="stroke-teal-800" strokeWidth="2.5" />
        {actual.map((a, i) => (
          <circle key={i} cx={x(a.t)} cy={y(a.p)} r="3" className="fill-teal-800" />
        ))}
        <text x={PAD.left} y={H - 6} fontSize="10" className="fill-stone-600">
          {formatDate(new Date(from))}
        </text>
        <text x={W - PAD.right} y={H - 6} fontSize="10" textAnchor="end" className="fill-stone-600">
          {formatDate(new Date(end))}
        </text>
      </svg>
      <figcaption className="text-xs text-stone-600">
        Solid: progress at each check-in. Dashed: the straight line from the start to the target on the due date. {summary}
      </figcaption>
    </figure>
  );
}
