-- Hand-written (issue 25): the sign-in limits kept their counts in "sign_in_attempts" (a table
-- that rate-limiter-flexible creates itself, outside the drizzle schema), keyed by the client
-- address in clear and by unkeyed SHA-256 hashes of the email address. The limits now use
-- "sign_in_limits" with keys that are HMACs under a key derived from AUTH_SECRET. The old rows
-- cannot be converted (a pair's hash hides its address) and hold at most a day of counts: dropped.
DROP TABLE IF EXISTS "sign_in_attempts";
