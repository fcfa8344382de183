export * from "./definition";
export * from "./api";
export * from "./match";
export * from "./reading";
export * from "./parse";
export * from "./discovery";
export * from "./definition-files";
export * from "./search";
