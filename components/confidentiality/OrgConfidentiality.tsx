import { setThemeThresholdAction } from "@/app/(app)/privacy/actions";
import { requireUser } from "@/lib/auth";
import { orgCapabilities } from "@/lib/policy";
import { countEscalationsByPerson } from "@/lib/server/escalations";
import { getThemeThreshold } from "@/lib/server/themes";
import { Card } from "@/components/ui/Card";
import { NumberSettingForm } from "@/components/ui/NumberSettingForm";

/** For org admins on the people page: the team-themes threshold, and only how many safety escalations exist per person. */
export async function OrgConfidentiality() {
  const actor = await requireUser();
  const org = orgCapabilities(actor);
  if (!org.setThemeThreshold || !org.seeEscalationCounts) return null;
  const [threshold, escalations] = await Promise.all([getThemeThreshold(actor), countEscalationsByPerson(actor)]);
  return (
    <Card title="Confidentiality">
      <NumberSettingForm
        action={setThemeThresholdAction}
        name="threshold"
        label="Team themes threshold (people per category, at least 3)"
        value={threshold}
        min={3}
        save="Save threshold"
        saved="Threshold saved."
      />
      <h3 className="mt-5 text-sm font-semibold text-stone-900">Safety escalations on record</h3>
      <p className="text-xs text-stone-600">Admins see only that escalations exist, never their reasons or any meeting content.</p>
      {escalations.length === 0 ? (
        <p className="mt-1 text-sm text-stone-700">None.</p>
      ) : (
        <ul className="mt-1 text-sm">
          {escalations.map((e) => (
            <li key={e.reportId}>
              {e.name}: {e.count}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
