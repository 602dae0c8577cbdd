import { hash, verify } from "@node-rs/argon2";

// argon2id with the OWASP-recommended minimums (19 MiB, 2 iterations, 1 lane).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A fixed hash to verify against when the account does not exist, so both paths take as long. */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$iEd0YNHueXtxOZ2o/oQhUQ$ZxdXC0mGROHYKfA5yMKTjxYIkZscczPr4E0sX1aNkxQ";
