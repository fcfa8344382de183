// A file system in memory for the definition files' unit tests: files by path, directories
// implied by the files under them, links that point nowhere.
import { dirname } from "node:path";
import type { DefinitionFs, FileStat } from "./definition-paths";

export type FakeFs = DefinitionFs & {
  files: Map<string, string>;
  /** Paths that are listed but whose stat and read fail (a dangling symbolic link). */
  dangling: Set<string>;
  /** Directories whose listing fails (a mount away). */
  unlistable: Set<string>;
  /** Bumps a file's version, as a write does even of the same text. */
  put(path: string, text: string): void;
};

export function fakeDefinitionFs(initial: Record<string, string> = {}): FakeFs {
  const files = new Map(Object.entries(initial));
  const versions = new Map<string, number>();
  const dangling = new Set<string>();
  const unlistable = new Set<string>();
  const isDir = (p: string) => [...files.keys(), ...dangling].some((f) => f.startsWith(`${p}/`));
  const stat = (p: string): FileStat | null =>
    files.has(p)
      ? { kind: "file", size: Buffer.byteLength(files.get(p)!), version: String(versions.get(p) ?? 0) }
      : isDir(p)
        ? { kind: "directory", size: 0, version: "d" }
        : null;
  return {
    files,
    dangling,
    unlistable,
    put(path, text) {
      files.set(path, text);
      versions.set(path, (versions.get(path) ?? 0) + 1);
    },
    stat,
    list(dir) {
      if (unlistable.has(dir)) throw new Error(`EIO: i/o error, scandir '${dir}'`);
      const names = [...files.keys(), ...dangling]
        .filter((f) => dirname(f) === dir)
        .map((f) => f.slice(dir.length + 1));
      return [...new Set(names)];
    },
    read(p) {
      if (!files.has(p)) throw new Error(`ENOENT: no such file, open '${p}'`);
      return files.get(p)!;
    },
    writeNew(p, text) {
      if (files.has(p)) throw Object.assign(new Error(`EEXIST: file already exists, link '${p}'`), { code: "EEXIST" });
      files.set(p, text);
    },
  };
}
