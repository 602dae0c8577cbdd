/**
 * The editor has no tables: a table pasted from a spreadsheet or a document would otherwise
 * become one run of text with its cells glued together. Each row becomes a paragraph of its
 * cells, separated by " | ", so the rows stay rows. HTML outside tables is left as it is.
 */
export function tableRowsAsParagraphs(html: string): string {
  if (!/<table[\s>]/i.test(html)) return html;
  return html.replace(/<table\b[^>]*>([\s\S]*?)<\/table>/gi, (_, inner: string) =>
    inner
      // A cell's own paragraphs and line breaks (Word, Google Docs) become spaces inside its row.
      .replace(/<\/?(p|div|span)\b[^>]*>|<br\s*\/?>/gi, " ")
      .replace(/<\/t[dh]>\s*<t[dh]\b[^>]*>/gi, " | ")
      .replace(/<\/?t[dh]\b[^>]*>/gi, "")
      .replace(/<tr\b[^>]*>/gi, "<p>")
      .replace(/<\/tr>/gi, "</p>")
      .replace(/<\/?(thead|tbody|tfoot|colgroup|caption)\b[^>]*>|<col\b[^>]*>/gi, ""),
  );
}
