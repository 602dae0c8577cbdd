import { cookies } from "next/headers";
import { DEVICE_DAYS, issueDeviceToken } from "../server/sign-in-limits";
import { logFailure } from "../log";

/**
 * The browser's device token for the sign-in limits (lib/server/sign-in-limits: a trusted device
 * is never slowed by anybody else's failures). It names no one and grants nothing: it only says
 * that this browser signed in to the account typed before. Sent to the sign-in page only.
 */
export const DEVICE_COOKIE = "between-us-device";

/** The device token the sign-in request carries, if any. */
export function deviceTokenOf(headers: Headers | undefined): string | null {
  for (const part of (headers?.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return decodeURIComponent(value.join("=")).slice(0, 200);
  }
  return null;
}

/** After a successful password sign-in: this browser becomes (or stays) a trusted device of the account. */
export async function rememberDevice(address: string, requestUrl: string | undefined) {
  try {
    (await cookies()).set(DEVICE_COOKIE, issueDeviceToken(address), {
      httpOnly: true,
      sameSite: "lax",
      secure: requestUrl ? new URL(requestUrl).protocol === "https:" : false,
      path: "/sign-in",
      maxAge: DEVICE_DAYS * 24 * 60 * 60,
    });
  } catch (error) {
    // Outside a request that may set cookies, sign-in goes on; the device is simply not remembered.
    logFailure("auth: the device cookie could not be set", error);
  }
}
