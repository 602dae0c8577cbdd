import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/Card";
import { TemplateForm } from "@/components/templates/TemplateForm";
import { createTemplateAction } from "../actions";

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage() {
  await requireUser();
  return (
    <>
      <PageHeader title="New template" />
      <Card>
        <TemplateForm action={createTemplateAction} />
      </Card>
    </>
  );
}
