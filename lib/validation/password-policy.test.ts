import { describe, expect, it } from "vitest";
import { acceptInvitationSchema } from "./auth";
import { passwordWeakness } from "./password-policy";

const invitation = (password: string, name = "Nia Newcomer") => ({ token: "t".repeat(43), name, password, confirm: password });
const passwordErrors = (password: string, name?: string) => {
  const result = acceptInvitationSchema.safeParse(invitation(password, name));
  return result.success ? [] : result.error.issues.filter((i) => i.path[0] === "password").map((i) => i.message);
};

describe("the password policy for new accounts", () => {
  it("refuses a password shorter than 12 characters with one clear message", () => {
    expect(passwordErrors("Xq7#vR2!kd")).toEqual(["A password has at least 12 characters."]);
  });

  it.each(["password1234", "qwertyuiop12", "123456789012", "letmein12345", "Passw0rd!234", "aaaaaaaaaaaa"])(
    "refuses the common or patterned password %s",
    (password) => {
      expect(passwordErrors(password)).toEqual([expect.stringContaining("too easy to guess")]);
    },
  );

  it("refuses a password built from the person's own name", () => {
    expect(passwordErrors("farkaszoltan", "Zoltan Farkas")).toHaveLength(1);
    expect(passwordErrors("farkaszoltan", "Nia Newcomer")).toEqual([]);
  });

  it.each(["correct horse battery staple", "plum-otter-violin-42", "a long enough passphrase"])("accepts the strong password %s", (password) => {
    expect(passwordErrors(password)).toEqual([]);
    expect(acceptInvitationSchema.parse(invitation(password)).password).toBe(password);
  });

  it("stays quick on the longest password allowed", () => {
    const started = performance.now();
    expect(passwordWeakness("ab1-".repeat(50))).not.toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
