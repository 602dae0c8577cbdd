import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { formatDateFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { listTemplates } from "@/lib/server/templates";
import { TEMPLATE_KIND_LABELS } from "@/lib/validation/templates";
import { Card, PageHeader } from "@/components/ui/Card";
import { buttonClass, secondaryButtonClass } from "@/components/ui/Field";
import { copyTemplateAction, deleteTemplateAction } from "./actions";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<{ error?: string; deleted?: string }> }) {
  const actor = await requireUser();
  const [{ builtin, own }, query, viewer] = await Promise.all([listTemplates(actor), searchParams, viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader
        title="Agenda templates"
        subtitle="Copy a built-in template to make it your own; your first-meeting template fills every new series' first agenda."
        actions={
          <Link href="/templates/new" className={buttonClass}>
            New template
          </Link>
        }
      />
      {query.error ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {query.error.slice(0, 200)}
        </p>
      ) : null}
      {query.deleted ? (
        <p role="status" className="mb-4 text-sm text-teal-800">
          Template deleted.
        </p>
      ) : null}
      <div className="flex flex-col gap-6">
        <Card title="Your templates">
          {own.length === 0 ? (
            <p className="text-sm text-stone-600">You have no templates of your own yet. Copy a built-in one to start.</p>
          ) : (
            <ul className="divide-y divide-stone-100">
              {own.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div>
                    <Link href={`/templates/${t.id}`} className="font-medium text-teal-800 hover:underline">
                      {t.name}
                    </Link>
                    <p className="text-xs text-stone-600">
                      {TEMPLATE_KIND_LABELS[t.kind]} · edited {formatDateFor(t.updatedAt, viewer)}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    <form action={copyTemplateAction}>
                      <input type="hidden" name="id" value={t.id} />
                      <button className={secondaryButtonClass} aria-label={`Copy ${t.name}`}>
                        Copy
                      </button>
                    </form>
                    <form action={deleteTemplateAction}>
                      <input type="hidden" name="id" value={t.id} />
                      <button className={secondaryButtonClass} aria-label={`Delete ${t.name}`}>
                        Delete
                      </button>
                    </form>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Built-in templates">
          <ul className="divide-y divide-stone-100">
            {builtin.map((t) => (
              <li key={t.id} className="flex items-center justify-between gap-2 py-2">
                <div>
                  <Link href={`/templates/${encodeURIComponent(t.id)}`} className="font-medium text-teal-800 hover:underline">
                    {t.name}
                  </Link>
                  <p className="text-xs text-stone-600">Built-in · read-only</p>
                </div>
                <form action={copyTemplateAction}>
                  <input type="hidden" name="id" value={t.id} />
                  <button className={secondaryButtonClass} aria-label={`Copy ${t.name}`}>
                    Copy
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
