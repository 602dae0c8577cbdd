import { signOutEverywhereAction } from "@/app/(app)/actions";
import { Card } from "@/components/ui/Card";
import { secondaryButtonClass } from "@/components/ui/Field";

/** Ends the person's sessions in every browser, this one included. */
export function SignOutEverywhere() {
  return (
    <div className="mt-6">
      <Card title="Sessions">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <p className="text-sm text-stone-700">Lost a device or signed in on a shared computer? This signs you out in every browser, this one included.</p>
          <form action={signOutEverywhereAction}>
            <button className={secondaryButtonClass}>Sign out everywhere</button>
          </form>
        </div>
      </Card>
    </div>
  );
}
