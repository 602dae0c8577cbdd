import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActionItemForm } from "@/components/action-items/ActionItemForm";
import { GoalForm } from "@/components/goals/GoalForm";
import { TopicForm } from "@/components/topics/TopicForm";
import { counterText } from "@/components/ui/CharCounter";
import { GOAL_FIELD_MAX } from "@/lib/goals/smart";
import { ACTION_TEXT_MAX, TOPIC_TEXT_MAX } from "@/lib/topics/constants";
import { addActionItemSchema } from "./action-items";
import { createGoalSchema } from "./goals";
import { addTopicSchema } from "./topics";

const ID = "3f1c2a54-7a8b-4c1d-9e2f-0a1b2c3d4e5f";
const action = async () => undefined;
/** The maxLength the browser enforces on the named field of a rendered form. */
const maxLengthOf = (html: string, name: string) => {
  const tag = html.match(new RegExp(`<(?:input|textarea)[^>]*name="${name}"[^>]*>`))?.[0] ?? "";
  return Number(tag.match(/maxLength="(\d+)"/i)?.[1]);
};
/** The longest text the schema accepts in `field`: it takes `max` characters and refuses one more. */
const schemaMax = (accepts: (text: string) => boolean, max: number) => accepts("x".repeat(max)) && !accepts("x".repeat(max + 1));

describe("the forms' limits are the server's", () => {
  it("cuts a topic where the server refuses it", () => {
    const html = renderToStaticMarkup(createElement(TopicForm, { action, hidden: {}, submitLabel: "Add topic", idPrefix: "t" }));
    expect(maxLengthOf(html, "text")).toBe(TOPIC_TEXT_MAX);
    const accepts = (text: string) => addTopicSchema.safeParse({ seriesId: ID, text, kind: "strategic", category: "other" }).success;
    expect(schemaMax(accepts, TOPIC_TEXT_MAX)).toBe(true);
  });

  it("cuts an action item where the server refuses it", () => {
    const html = renderToStaticMarkup(createElement(ActionItemForm, { action, meetingId: ID, managerName: "M", reportName: "R" }));
    expect(maxLengthOf(html, "text")).toBe(ACTION_TEXT_MAX);
    const accepts = (text: string) => addActionItemSchema.safeParse({ meetingId: ID, text, owner: "report" }).success;
    expect(schemaMax(accepts, ACTION_TEXT_MAX)).toBe(true);
  });

  it("cuts every typed goal field where the server refuses it", () => {
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const valid = {
      seriesId: ID,
      title: "Ship the guide",
      specific: "Write and publish the guide.",
      measureKind: "numeric",
      metric: "Chapters",
      baseline: "0",
      target: "8",
      unit: "chapters",
      doneCondition: "",
      achievable: "Two hours a week.",
      relevant: "People ramp up faster.",
      dueDate: due,
    };
    const numeric = renderToStaticMarkup(createElement(GoalForm, { action, hidden: {}, submitLabel: "Save" }));
    const done = renderToStaticMarkup(createElement(GoalForm, { action, hidden: {}, submitLabel: "Save", initial: { measureKind: "done_condition" } }));
    for (const [field, max] of Object.entries(GOAL_FIELD_MAX)) {
      expect(maxLengthOf(field === "doneCondition" ? done : numeric, field), field).toBe(max);
      if (field === "baseline" || field === "target") continue; // numbers: longer than 20 digits is not a number
      const kind = field === "doneCondition" ? { measureKind: "done_condition" } : {};
      const accepts = (text: string) => createGoalSchema.safeParse({ ...valid, ...kind, [field]: text }).success;
      expect(schemaMax(accepts, max), field).toBe(true);
    }
  });
});

describe("the counter", () => {
  it("shows itself within a tenth of the limit, as 'n / max'", () => {
    expect(counterText(449, 500)).toBeNull();
    expect(counterText(450, 500)).toBe("450 / 500");
    expect(counterText(500, 500)).toBe("500 / 500");
    expect(counterText(107, 120)).toBeNull();
    expect(counterText(108, 120)).toBe("108 / 120");
  });
});
