export * from "./people";
export * from "./meetings";
export * from "./outbox";
export * from "./topics";
export * from "./goals";
export * from "./confidentiality";
export * from "./collab";
export * from "./keys";
