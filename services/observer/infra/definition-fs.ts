// The definition files on disk (application/definition-paths.ts). Synchronous: a look stats a
// few small files once a second, which costs less than the promises around it would.
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { DefinitionFs, FileStat } from "../application/definition-paths";

function stat(path: string): FileStat | null {
  try {
    const s = statSync(path, { bigint: true });
    const kind = s.isFile() ? "file" : s.isDirectory() ? "directory" : "other";
    return { kind, size: Number(s.size), version: `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}` };
  } catch {
    return null;
  }
}

/** A temporary file beside the target (a dot-name, never read as a definition), then a hard link: the link fails if the target exists. */
function writeNew(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } finally {
    unlinkSync(tmp);
  }
}

export const nodeDefinitionFs: DefinitionFs = {
  stat,
  list: (dir) => readdirSync(dir),
  read: (path) => readFileSync(path, "utf8"),
  writeNew,
};
