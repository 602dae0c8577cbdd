import Link from "next/link";

const URL_IN_TEXT = /https?:\/\/[^\s]+/g;
// Mail links point at the app; in the app they open as local links, whatever host mailed them.
const APP_PATH = /^\/(series|settings|privacy|dashboard)(\/|$)/;

/** A mail's plain-text body, with its links into the app made clickable; everything else is text. */
export function MailBody({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = URL.canParse(match[0]) ? new URL(match[0]) : null;
    if (!url || !APP_PATH.test(url.pathname)) continue;
    parts.push(text.slice(last, match.index));
    const path = url.pathname + url.search;
    parts.push(
      <Link key={match.index} href={path} className="text-teal-800 underline hover:text-teal-900">
        {path}
      </Link>,
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <pre className="mt-2 whitespace-pre-wrap break-words rounded bg-stone-50 p-2 font-sans text-sm text-stone-800">{parts}</pre>;
}
