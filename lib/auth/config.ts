import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { signInSchema } from "../validation/sign-in";
import { authenticate, findSignInUserByEmail } from "../server/users";
import { accountOfIdentity, signInWithIdentity } from "../server/identities";
import { SignInLimited } from "../server/sign-in-limits";
import { clientAddress } from "./client-address";
import { deviceTokenOf, rememberDevice } from "./device-cookie";
import { oidcIssuer, oidcProviders } from "./providers";
import { authSecret } from "./secret";
import { logFailure } from "../log";

class InvalidLogin extends CredentialsSignin {
  code = "invalid_login";
}

/** Shown alike for known and unknown accounts: attempts are counted per email address typed, account or not. */
export class TooManyAttempts extends CredentialsSignin {
  code = "too_many_attempts";
  constructor(readonly minutes: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: authSecret(),
  // A failed sign-in is logged once, by lib/server/sign-in-limits (hashed account, masked address);
  // Auth.js would add a stack trace per attempt. Its other errors go through lib/log (no messages).
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      logFailure("auth: Auth.js reported an error", error);
    },
    warn(code) {
      console.warn(`auth: ${code}`);
    },
  },
  trustHost: true,
  session: { strategy: "jwt", maxAge: 60 * 60 * 24 * 14 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidLogin();
        const device = deviceTokenOf(request?.headers);
        const user = await authenticate(parsed.data.email, parsed.data.password, clientAddress(request?.headers), device).catch((error: unknown) => {
          if (error instanceof SignInLimited) throw new TooManyAttempts(error.minutes);
          throw error;
        });
        if (!user) throw new InvalidLogin();
        await rememberDevice(parsed.data.email, request?.url);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: {
    // OpenID Connect never creates accounts, and finds one by issuer and subject (lib/server/identities.ts).
    async signIn({ account, profile }) {
      if (!account || account.provider === "credentials") return true;
      return Boolean(await signInWithIdentity({ configuredIssuer: oidcIssuer(account.provider), claims: profile ?? {} }));
    },
    async jwt({ token, user, account, profile }) {
      if (user && account) {
        const row =
          account.provider === "credentials"
            ? await findSignInUserByEmail(user.email ?? "")
            : await accountOfIdentity({ configuredIssuer: oidcIssuer(account.provider), claims: profile ?? {} });
        if (!row) return null;
        token.uid = row.id;
        token.sv = row.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      (session as { sv?: number }).sv = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
});
