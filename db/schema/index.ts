export * from "./people";
export * from "./meetings";
export * from "./outbox";
