// Creates or drops the PostgreSQL database of one CI run: node scripts/ci-db.mjs create|drop NAME
import postgres from "postgres";

const [op, name] = process.argv.slice(2);
if (!/^[a-z_][a-z0-9_]*$/.test(name ?? "") || !["create", "drop"].includes(op)) {
  console.error("usage: node scripts/ci-db.mjs create|drop name");
  process.exit(2);
}
const sql = postgres(process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", { max: 1, onnotice: () => {} });
await sql.unsafe(op === "create" ? `create database ${name}` : `drop database if exists ${name} with (force)`);
await sql.end();
console.log(`${op}d database ${name}`);
