import { describe, expect, it } from "vitest";
import { tableRowsAsParagraphs } from "./paste";

describe("a pasted table", () => {
  it("keeps each row as a paragraph of its cells", () => {
    const html = `<meta charset="utf-8"><table><thead><tr><th>Goal</th><th>Owner</th></tr></thead><tbody><tr><td>Ship the API</td><td>Jonas</td></tr><tr><td><p>Write</p><p>docs</p></td><td>Priya</td></tr></tbody></table>`;
    expect(tableRowsAsParagraphs(html)).toBe(`<meta charset="utf-8"><p>Goal | Owner</p><p>Ship the API | Jonas</p><p> Write  docs  | Priya</p>`);
  });

  it("leaves HTML without a table as it is, and the text around a table too", () => {
    expect(tableRowsAsParagraphs("<p>Hello <b>there</b></p>")).toBe("<p>Hello <b>there</b></p>");
    expect(tableRowsAsParagraphs(`<p>Before</p><table><tr><td>a</td><td>b</td></tr></table><p>After</p>`)).toBe("<p>Before</p><p>a | b</p><p>After</p>");
  });
});
