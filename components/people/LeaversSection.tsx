import { eraseAction, setNoteRetentionAction } from "@/app/(app)/admin/people/leaver-actions";
import { requireUser } from "@/lib/auth";
import { leaverCapabilities } from "@/lib/policy";
import { erasureCandidates, getNoteRetention, noteRetentionPreview } from "@/lib/server/leavers";
import { Card } from "@/components/ui/Card";
import { ErasureForm } from "./ErasureForm";
import { NumberSettingForm } from "@/components/ui/NumberSettingForm";

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * For org admins on the people page: how long a leaver's private notes are kept, what the
 * retention sweep will delete and when (counts and dates, never content), and erasure requests.
 */
export async function LeaversSection() {
  const actor = await requireUser();
  const may = leaverCapabilities(actor);
  if (!may.previewNoteRetention || !may.setNoteRetention || !may.erase) return null;
  const [retention, leavers, candidates] = await Promise.all([getNoteRetention(actor), noteRetentionPreview(actor), erasureCandidates(actor)]);
  return (
    <Card title="People who left">
      <p className="text-sm text-stone-700">
        A deactivated person&apos;s private notes stay theirs, unread by anyone, until the retention period ends; then they are deleted. Reactivating someone
        before then gives them their notes back.
      </p>
      <div className="mt-3">
        <NumberSettingForm
          action={setNoteRetentionAction}
          name="days"
          label="Keep a leaver's private notes for (days)"
          value={retention.days}
          min={1}
          max={3650}
          save="Save retention period"
          saved="Retention period saved."
        />
      </div>
      <h3 className="mt-5 text-sm font-semibold text-stone-900">Private notes due for deletion</h3>
      <p className="text-xs text-stone-600">A dry run: what the daily retention sweep will delete, and from when. Counts only, never content.</p>
      {leavers.length === 0 ? (
        <p className="mt-1 text-sm text-stone-700">Nobody is deactivated.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-stone-600">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Person
              </th>
              <th scope="col" className="py-1 font-medium">
                Deactivated
              </th>
              <th scope="col" className="py-1 font-medium">
                Private notes
              </th>
              <th scope="col" className="py-1 font-medium">
                Deleted from
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {leavers.map((p) => (
              <tr key={p.id}>
                <td className="py-1">{p.name}</td>
                <td className="py-1 text-stone-700">{day(p.deactivatedAt)}</td>
                <td className="py-1 text-stone-700">
                  {p.notes} {p.notes === 1 ? "note" : "notes"}
                  {p.documents ? ` (${p.documents} ${p.documents === 1 ? "document" : "documents"})` : ""}
                </td>
                <td className="py-1 text-stone-700">{p.notes || p.documents ? (p.due ? "the next sweep" : day(p.deletesAt)) : "nothing to delete"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="mt-5 text-sm font-semibold text-stone-900">Erasure request</h3>
      <p className="text-xs text-stone-600">
        Removes a person&apos;s personal data except what the promise or the law requires keeping, and reports what was kept and why. Preview first: a preview
        changes nothing. See docs/ERASURE.md.
      </p>
      <div className="mt-2">
        <ErasureForm action={eraseAction} people={candidates.map((p) => ({ id: p.id, label: `${p.name} (${p.email})${p.active ? "" : " · deactivated"}` }))} />
      </div>
    </Card>
  );
}
