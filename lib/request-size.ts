import { ACTION_BODY_LIMIT_BYTES, tooLargeMessage } from "./validation/people-import-limits";

/** Where the people import posts its file (the admin's People page and its server actions). */
const IMPORT_PATH = "/admin/people";

/**
 * A write whose body is larger than Next.js reads for a server action is answered here with a
 * 413 and a message a person can act on, instead of the 500 Next.js would give once it had read
 * a megabyte: on the import's page, the import's own size message. (The page checks the size of
 * a chosen file and of pasted text before sending; this answers a browser without JavaScript and
 * any other client.) A body without Content-Length is left to Next.js's own limit.
 */
export function oversizedWrite(method: string, pathname: string, headers: Headers): { status: 413; message: string } | null {
  if (["GET", "HEAD", "OPTIONS"].includes(method)) return null;
  const length = Number(headers.get("content-length") ?? "");
  if (!Number.isFinite(length) || length <= ACTION_BODY_LIMIT_BYTES) return null;
  if (pathname.replace(/\/+$/, "") === IMPORT_PATH) return { status: 413, message: tooLargeMessage(length) };
  return {
    status: 413,
    message: `This request is ${Math.ceil(length / 1024).toLocaleString("en")} KB; the app takes at most ${ACTION_BODY_LIMIT_BYTES / 1024} KB at once.`,
  };
}
