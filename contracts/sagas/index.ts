export * from "./definition";
export * from "./api";
export * from "./match";
export * from "./reading";
