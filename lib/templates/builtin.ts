import type { JSONContent } from "@tiptap/core";
import type { TEMPLATE_KINDS } from "./kinds";

type Kind = (typeof TEMPLATE_KINDS)[number];
type Inline = string | { text: string; bold?: boolean; href?: string };

const text = (part: Inline): JSONContent =>
  typeof part === "string"
    ? { type: "text", text: part }
    : {
        type: "text",
        text: part.text,
        marks: [...(part.bold ? [{ type: "bold" }] : []), ...(part.href ? [{ type: "link", attrs: { href: part.href } }] : [])],
      };
const p = (...parts: Inline[]): JSONContent => {
  const content = parts.filter((part) => part !== "").map(text);
  return content.length ? { type: "paragraph", content } : { type: "paragraph" };
};
const h = (level: 2 | 3, title: string): JSONContent => ({ type: "heading", attrs: { level }, content: [text(title)] });
const item = (...parts: Inline[]): JSONContent => ({ type: "listItem", content: [p(...parts)] });
const ol = (...items: JSONContent[]): JSONContent => ({ type: "orderedList", attrs: { start: 1 }, content: items });
const ul = (...items: JSONContent[]): JSONContent => ({ type: "bulletList", content: items });
const todo = (label: string): JSONContent => ({ type: "taskItem", attrs: { checked: false }, content: [p(label)] });
const tasks = (...labels: string[]): JSONContent => ({ type: "taskList", content: labels.map(todo) });
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });

/** The organization's employee-assistance resources, as an admin set them (either may be missing). */
export type SupportResources = { url: string | null; text: string | null };

/** The support paragraph: the organization's own words and link, else where to ask. */
function supportParagraph(support: SupportResources | string | null | undefined): JSONContent {
  const { url, text } = typeof support === "string" ? { url: support, text: null } : (support ?? { url: null, text: null });
  if (text && url) return p(`${text} `, { text: url, href: url });
  if (text) return p(text);
  if (url) return p("Our organization's support resources: ", { text: url, href: url });
  return p("Ask me or your admin for our organization's support resources.");
}

/** The first meeting, following PRODUCT.md "The first meeting", in our own words. */
export function firstMeetingContent(support?: SupportResources | string | null): JSONContent {
  return doc(
    h(2, "Our first one-on-one"),
    p("We start by agreeing on today's agenda, then talk through three questions that shape the sessions ahead."),
    ol(
      item({ text: "Goals and expectations: ", bold: true }, "What do you want to get out of these conversations, this quarter and beyond?"),
      item({ text: "Feedback and communication: ", bold: true }, "How do you prefer to hear feedback, and how would you like to give it to me?"),
      item({ text: "Challenges and concerns: ", bold: true }, "What is in your way right now? What is on your mind?"),
    ),
    h(3, "Format"),
    p("We can keep these sessions structured or open. We choose together and can change it later."),
    ul(
      item({ text: "Structured: ", bold: true }, "we talk about values, agree on SMART goals and review them together, much like mentorship."),
      item({ text: "Unstructured: ", bold: true }, "we talk about whatever matters most to you that week."),
    ),
    h(3, "Support"),
    p("I am here to listen and to help, especially on hard days, but I am not a therapist. If professional support could help, it is a good step to take."),
    supportParagraph(support),
    h(3, "Notes"),
    p(
      "I keep private notes so that we remember what we discussed; they stay with me. This shared agenda is ours: either of us can add topics to it at any time between meetings.",
    ),
    h(3, "Strategic over tactical"),
    p(
      "This time is best spent on the bigger picture: working with partner teams, productivity, your career and a sustainable work-life balance. Single issues, such as one bug, usually fit better in other channels.",
    ),
    h(3, "Confidentiality"),
    p("What we say here stays between the two of us, with three exceptions:"),
    ol(
      item("A concern that many people on the team share may be counted, never quoted, in anonymous team themes."),
      item("If sharing something could help you, I will ask first; only what you approve is shared, with one named person."),
      item("If I believe someone may be at risk of harm, I may need to act, and that is recorded where you can see it."),
    ),
    h(3, "Next steps"),
    tasks("Agree on the format", "Note your goals and feedback preferences", "Add topics for our next meeting"),
  );
}

const weeklyCheckIn = doc(
  h(2, "Weekly check-in"),
  h(3, "How are you doing?"),
  p(""),
  h(3, "Topics"),
  ul(item("")),
  h(3, "Follow-ups from last time"),
  tasks(""),
);

const careerConversation = doc(
  h(2, "Career conversation"),
  h(3, "Where you are"),
  p("What energizes you in your work today, and what drains you?"),
  h(3, "Where you want to go"),
  p("Where would you like to be in two to three years?"),
  h(3, "What gets you there"),
  ul(item("Skills to build"), item("Experiences to seek"), item("People to learn from")),
  tasks("Pick one step for the next month"),
);

const mentorship = doc(
  h(2, "Structured mentorship"),
  h(3, "Values"),
  p("Which values guide your decisions at work?"),
  h(3, "SMART goals review"),
  p("For each goal: progress since last time, what helped, what is in the way."),
  h(3, "Reflection"),
  p("What did you learn since we last met?"),
  tasks("Update goal progress"),
);

export type BuiltinTemplate = { id: string; kind: Kind; name: string; content: (support?: SupportResources | null) => JSONContent };

export const BUILTIN_TEMPLATES: BuiltinTemplate[] = [
  { id: "builtin:first_meeting", kind: "first_meeting", name: "First meeting", content: firstMeetingContent },
  { id: "builtin:weekly_check_in", kind: "weekly_check_in", name: "Weekly check-in", content: () => weeklyCheckIn },
  { id: "builtin:career_conversation", kind: "career_conversation", name: "Career conversation", content: () => careerConversation },
  { id: "builtin:mentorship", kind: "mentorship", name: "Structured mentorship", content: () => mentorship },
];

export const findBuiltin = (id: string) => BUILTIN_TEMPLATES.find((t) => t.id === id);
