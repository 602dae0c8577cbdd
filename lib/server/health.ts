import "server-only";
export { databaseHealth } from "@/db/client";
