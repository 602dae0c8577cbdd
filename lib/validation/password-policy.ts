import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// Server only: the dictionaries weigh about a megabyte. Built on first use.
let factory: ZxcvbnFactory | undefined;
const MIN_SCORE = 3;

/**
 * Why a password of acceptable length is too easy to guess, or null. Scored by zxcvbn-ts
 * against its common-password and keyboard-pattern lists (and the person's own name).
 */
export function passwordWeakness(password: unknown, userInputs: unknown[] = []): string | null {
  if (typeof password !== "string" || password.length < 12 || password.length > 200) return null;
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = userInputs.flatMap((v) => (typeof v === "string" ? v.toLowerCase().split(/[\s@._-]+/) : [])).filter((w) => w.length > 2);
  const { score } = factory.check(password, inputs);
  if (score >= MIN_SCORE) return null;
  return "This password is too easy to guess: it is, or is close to, a commonly used password. Try a phrase of several unrelated words.";
}
