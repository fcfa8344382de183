// SAGA_DEFINITIONS names files and directories (attach.md, "Definitions without a restart"):
// every *.yaml, *.yml and *.json of a named directory is a definition. Expanding the names and
// reading one file go through a small file-system port (infra/definition-fs.ts), so the observer,
// `npm start` (server/embedded/up.ts) and the tests read alike.
import { extname, join } from "node:path";

export type FileKind = "file" | "directory" | "other";
/** What a stat says; `version` changes whenever the file's content may have (size, times, inode). */
export type FileStat = { kind: FileKind; size: number; version: string };

export type DefinitionFs = {
  /** Null when nothing is there (a dangling symbolic link included). Follows links. */
  stat(path: string): FileStat | null;
  /** The names in a directory. */
  list(dir: string): string[];
  read(path: string): string;
  /** Writes a file that must not exist yet, atomically (never a half-written or overwritten file). */
  writeNew(path: string, text: string): void;
};

export const DEFINITION_EXTENSIONS = [".yaml", ".yml", ".json"] as const;
/** A definition larger than this is refused unread (the save API takes no more either). */
export const MAX_DEFINITION_BYTES = 256 * 1024;
/** Files taken from one directory, in name order; the rest are named as refused. */
export const MAX_FILES_PER_DIRECTORY = 500;

export type ExpandedPaths = {
  /** The named directories, in order. */
  directories: string[];
  /** Every definition file, each once, in order: a named file where it is named, a directory's in name order. */
  files: string[];
  /** Files left out of a directory holding more than MAX_FILES_PER_DIRECTORY definitions. */
  leftOut: string[];
  /** Named directories whose listing failed (none of their files is in `files`). */
  unlisted: string[];
};

/** A named path that is no directory (or is not there) stays a file: reading it says what is wrong. */
export function expandDefinitionPaths(
  paths: readonly string[],
  fs: Pick<DefinitionFs, "stat" | "list">,
): ExpandedPaths {
  const out: ExpandedPaths = { directories: [], files: [], leftOut: [], unlisted: [] };
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) out.files.push(file);
    seen.add(file);
  };
  for (const path of paths) {
    if (fs.stat(path)?.kind !== "directory") {
      add(path);
      continue;
    }
    out.directories.push(path);
    let names: string[];
    try {
      names = fs.list(path);
    } catch {
      out.unlisted.push(path);
      continue;
    }
    const defs = names
      .filter(
        (n) => !n.startsWith(".") && (DEFINITION_EXTENSIONS as readonly string[]).includes(extname(n).toLowerCase()),
      )
      .sort();
    defs.slice(0, MAX_FILES_PER_DIRECTORY).forEach((n) => add(join(path, n)));
    out.leftOut.push(...defs.slice(MAX_FILES_PER_DIRECTORY).map((n) => join(path, n)));
  }
  return out;
}

/** A definition file's text; throws an Error saying why it is not one (the caller names the file). */
export function readDefinitionText(file: string, fs: Pick<DefinitionFs, "stat" | "read">): string {
  const st = fs.stat(file);
  if (st?.kind === "directory") throw new Error("is a directory, not a file");
  if (st && st.kind !== "file") throw new Error("is not a regular file");
  if (st && st.size > MAX_DEFINITION_BYTES) throw new Error(`is larger than ${MAX_DEFINITION_BYTES / 1024} KiB`);
  const text = fs.read(file);
  if (Buffer.byteLength(text) > MAX_DEFINITION_BYTES)
    throw new Error(`is larger than ${MAX_DEFINITION_BYTES / 1024} KiB`);
  if (text.includes("\0")) throw new Error("holds NUL bytes: not a text file");
  return text;
}
