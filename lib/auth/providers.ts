import type { Provider } from "next-auth/providers";
import Google from "next-auth/providers/google";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { env as appEnv } from "../env";

/** The sign-in variables (README), as lib/env read them; tests pass their own. */
type ProviderEnv = Partial<
  Record<
    | "AUTH_GOOGLE_ID"
    | "AUTH_GOOGLE_SECRET"
    | "AUTH_MICROSOFT_ENTRA_ID_ID"
    | "AUTH_MICROSOFT_ENTRA_ID_SECRET"
    | "AUTH_MICROSOFT_ENTRA_ID_ISSUER"
    | "AUTH_OIDC_ISSUER"
    | "AUTH_OIDC_ID"
    | "AUTH_OIDC_SECRET"
    | "AUTH_OIDC_NAME",
    string
  >
>;

/** OpenID Connect providers, each switched on by its environment variables (see README). */
export function oidcProviders(env: ProviderEnv = appEnv()): Provider[] {
  const providers: Provider[] = [];
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  }
  if (env.AUTH_MICROSOFT_ENTRA_ID_ID && env.AUTH_MICROSOFT_ENTRA_ID_SECRET) {
    providers.push(
      MicrosoftEntraID({
        clientId: env.AUTH_MICROSOFT_ENTRA_ID_ID,
        clientSecret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
        issuer: env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      }),
    );
  }
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME ?? "Single sign-on",
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
    });
  }
  return providers;
}

export function oidcProviderList(env: ProviderEnv = appEnv()): { id: string; name: string }[] {
  return oidcProviders(env).map((p) => {
    const resolved = typeof p === "function" ? p() : p;
    return { id: resolved.id, name: resolved.name };
  });
}

const ENTRA_COMMON = "https://login.microsoftonline.com/common/v2.0";

/**
 * The issuer each provider is configured with, which an identity's ID token must name to be
 * linked or matched (lib/server/identities.ts). Entra ID's multi-tenant "common" endpoint has no
 * one issuer: it pins nothing, so a tenant's own issuer must be set to sign in with Entra ID.
 */
export function oidcIssuer(providerId: string, env: ProviderEnv = appEnv()): string | null {
  if (providerId === "google" && env.AUTH_GOOGLE_ID) return "https://accounts.google.com";
  if (providerId === "microsoft-entra-id" && env.AUTH_MICROSOFT_ENTRA_ID_ID) {
    const issuer = env.AUTH_MICROSOFT_ENTRA_ID_ISSUER ?? ENTRA_COMMON;
    return /\/(common|organizations|consumers)\//.test(issuer) ? null : issuer;
  }
  if (providerId === "oidc" && env.AUTH_OIDC_ID) return env.AUTH_OIDC_ISSUER ?? null;
  return null;
}
