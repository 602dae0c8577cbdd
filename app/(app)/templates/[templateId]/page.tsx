import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getTemplate } from "@/lib/server/templates";
import { TEMPLATE_KIND_LABELS } from "@/lib/validation/templates";
import { DocumentView } from "@/components/documents/DocumentView";
import { Card, PageHeader } from "@/components/ui/Card";
import { buttonClass, secondaryButtonClass } from "@/components/ui/Field";
import { TemplateForm } from "@/components/templates/TemplateForm";
import { copyTemplateAction, deleteTemplateAction, updateTemplateAction } from "../actions";

export const metadata: Metadata = { title: "Template" };

export default async function TemplatePage({ params, searchParams }: { params: Promise<{ templateId: string }>; searchParams: Promise<{ saved?: string }> }) {
  const actor = await requireUser();
  const id = decodeURIComponent((await params).templateId);
  const template = await getTemplate(actor, id).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const { saved } = await searchParams;
  const copy = (
    <form action={copyTemplateAction}>
      <input type="hidden" name="id" value={template.id} />
      <button className={template.builtin ? buttonClass : secondaryButtonClass}>Make a copy</button>
    </form>
  );
  if (template.builtin) {
    return (
      <>
        <PageHeader title={template.name} subtitle={`${TEMPLATE_KIND_LABELS[template.kind]} · built-in, read-only`} actions={copy} />
        <Card>
          <DocumentView content={template.content as never} label={`${template.name} agenda`} />
        </Card>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={template.name}
        subtitle={TEMPLATE_KIND_LABELS[template.kind]}
        actions={
          <div className="flex gap-2">
            {copy}
            <form action={deleteTemplateAction}>
              <input type="hidden" name="id" value={template.id} />
              <button className={secondaryButtonClass}>Delete</button>
            </form>
          </div>
        }
      />
      {saved ? (
        <p role="status" className="mb-4 text-sm text-teal-800">
          Template created.
        </p>
      ) : null}
      <Card>
        <TemplateForm
          action={updateTemplateAction}
          template={{ id: template.id, name: template.name, kind: template.kind, content: template.content as never }}
        />
      </Card>
    </>
  );
}
