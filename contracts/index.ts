export * from "./topics";
export * from "./envelope";
export * from "./api";
export * from "./invariants";
export * from "./admin";
