import "server-only";
// The rule that closes account takeover by an admin: once an account has been used, only its
// person (or the server's operator, on their behalf) can give it a new credential. "Used" is
// defined here and nowhere else.
import { eq, getTableName, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { coveringAssignments, identities, reportingLines, series, users } from "@/db/schema";

/**
 * True for an account that has signed in (password or OpenID Connect), holds a password or a
 * linked identity, or is part of any series as manager, report or covering manager.
 */
export function accountUsed(column: AnyPgColumn): SQL<boolean> {
  // Qualified by its table: drizzle leaves a lone table's columns unqualified, and u.id is in scope too.
  const userId = sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
  return sql<boolean>`(
    exists (select 1 from ${users} u where u.id = ${userId} and (u.first_signed_in_at is not null or u.password_hash is not null))
    or exists (select 1 from ${identities} i where i.user_id = ${userId})
    or exists (select 1 from ${series} s join ${reportingLines} l on l.id = s.reporting_line_id where l.manager_id = ${userId} or l.report_id = ${userId})
    or exists (select 1 from ${coveringAssignments} c where c.covering_manager_id = ${userId})
  )`;
}

export async function isAccountUsed(db: Db | Tx, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ used: accountUsed(users.id) })
    .from(users)
    .where(eq(users.id, userId));
  return Boolean(row?.used);
}

/** The refusal an admin sees for a used account: it names the doors that remain, all the person's. */
export const USED_ACCOUNT_MESSAGE =
  "This person has already used their account, so no admin can send it a new sign-in link. They can reset their password from the sign-in page (when mail is set up), or the server's operator can run npm run account:recover for them.";
