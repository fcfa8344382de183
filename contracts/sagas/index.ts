export * from "./definition";
export * from "./api";
