-- Hand-written (issue 25): mail recorded before this release held live invitation links in
-- outbox.body. Replace each token with the placeholder lib/server/mail-links.ts uses, so no
-- stored body (nor a backup of it) holds a working link; a queued mail is then sent with a note
-- that its link no longer holds, and the admin invites again.
UPDATE "outbox" SET "body" = regexp_replace("body", '/invite/[A-Za-z0-9_-]{20,}', '/invite/{{one-time-token}}', 'g') WHERE "body" ~ '/invite/[A-Za-z0-9_-]{20,}';
