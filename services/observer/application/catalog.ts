// The observer's live set of sagas (attach.md, "Definitions without a restart"): the built-in
// ones and those of SAGA_DEFINITIONS' files, looked at every `intervalMs`. Each look lists the
// named directories and stats every file; a file whose stat changed (or that appeared or went)
// is read again, and the catalog is worked out again (catalog-state.ts). Polling rather than
// fs.watch: it sees the same on every file system (bind mounts, NFS, a Kubernetes ConfigMap's
// symbolic-link swap, an editor's rename) at the cost of a few stats a second.
// Its one listener (main.ts: the readers) hears every change, one at a time, before the next
// look or save goes on.
import { dirname } from "node:path";
import type { DefinitionFiles, DefinitionIssue, SagaDefinition } from "../../../contracts/sagas";
import type { Logger } from "../../kit/log";
import { sleep } from "../../kit/retry";
import {
  diffCatalog,
  isEmptyChange,
  resolveCatalog,
  type CatalogChange,
  type CatalogState,
  type FileRead,
} from "./catalog-state";
import { expandDefinitionPaths, readDefinitionText, type DefinitionFs } from "./definition-paths";
import type { WatchedSaga } from "./definitions";

export type SagaCatalog = {
  sagas(): readonly WatchedSaga[];
  find(name: string): WatchedSaga | undefined;
  /** The sagas watched now and those removed since the start, by their last definition: retention still sweeps them. */
  retained(): readonly WatchedSaga[];
  files(): DefinitionFiles;
  /** Looks at the files now; resolves once any change is applied and every listener has heard it. */
  reload(): Promise<void>;
  /** From now on, looks every `intervalMs` and tells the listener of each change (nothing is looked at before). */
  watch(listener: (change: CatalogChange) => Promise<void>): void;
  stop(): Promise<void>;
};

export type CatalogDeps = {
  /** SAGA_DEFINITIONS' paths, files and directories. */
  paths: readonly string[];
  fs: DefinitionFs;
  fixed: readonly WatchedSaga[];
  /** The state the start loaded (and validated). */
  initial: CatalogState;
  issues?(d: SagaDefinition): DefinitionIssue[];
  intervalMs: number;
  log: Logger;
};

type Seen = { version: string | null; read: FileRead };

export function startCatalog(deps: CatalogDeps): SagaCatalog {
  let state = deps.initial;
  let directories = expandDefinitionPaths(deps.paths, deps.fs).directories;
  // The named paths that were directories: one that cannot be listed now (a mount away, a
  // permission taken) keeps its files as last seen, so a glitch removes no saga and deletes no group.
  const knownDirs = new Set(directories);
  let wasAway: string[] = [];
  const removed = new Map<string, WatchedSaga>();
  let listener: ((c: CatalogChange) => Promise<void>) | null = null;
  // What each file was at the last look; empty at first, so the first look reads every file again
  // (the start read them before any stat was taken) and finds no change unless one was made.
  const seen = new Map<string, Seen>();
  function readFile(file: string): FileRead {
    try {
      return { file, text: readDefinitionText(file, deps.fs) };
    } catch (err) {
      return { file, unreadable: (err as Error).message };
    }
  }

  async function look(): Promise<void> {
    const expanded = expandDefinitionPaths(deps.paths, deps.fs);
    expanded.directories.forEach((d) => knownDirs.add(d));
    const away = deps.paths.filter(
      (p) => knownDirs.has(p) && (expanded.unlisted.includes(p) || !expanded.directories.includes(p)),
    );
    directories = deps.paths.filter((p) => knownDirs.has(p));
    const files = [
      ...expanded.files.filter((f) => !away.includes(f)),
      ...[...seen.keys()].filter((f) => away.includes(dirname(f)) && !expanded.files.includes(f)),
    ];
    let touched = files.length !== seen.size || files.some((f) => !seen.has(f)) || `${away}` !== `${wasAway}`;
    wasAway = away;
    const reads: FileRead[] = [];
    for (const file of files) {
      const version = deps.fs.stat(file)?.version ?? null;
      const before = seen.get(file);
      if (before && before.version === version && version !== null) {
        reads.push(before.read);
        continue;
      }
      // No stat (a path only the injected reader knows, or a file gone): read it every look.
      const read = readFile(file);
      if (!before || JSON.stringify(before.read) !== JSON.stringify(read)) touched = true;
      seen.set(file, { version, read });
      reads.push(read);
    }
    for (const file of [...seen.keys()]) if (!files.includes(file)) seen.delete(file);
    for (const dir of away)
      reads.push({ file: dir, unreadable: "the directory cannot be listed; its files are kept as last seen" });
    for (const file of expanded.leftOut)
      reads.push({ file, unreadable: "left out: too many definition files in its directory" });
    if (!touched) return;
    const next = resolveCatalog({ fixed: deps.fixed, reads, previous: state.sagas, issues: deps.issues });
    const change = diffCatalog(state.sagas, next.sagas);
    // Each refusal said once, not at every look that finds it unchanged.
    const said = new Map(state.files.map((f) => [f.file, JSON.stringify(f.issues)]));
    for (const f of next.files.filter((x) => !x.valid && said.get(x.file) !== JSON.stringify(x.issues)))
      deps.log.warn("saga definition refused; its saga, if any, keeps its last valid definition", {
        file: f.file,
        issues: f.issues,
      });
    state = next;
    for (const s of change.removed) removed.set(s.definition.name, s);
    for (const s of [...change.added, ...change.changed]) removed.delete(s.definition.name);
    if (isEmptyChange(change)) return;
    deps.log.info("saga definitions changed", {
      added: change.added.map((s) => s.definition.name),
      changed: change.changed.map((s) => s.definition.name),
      removed: change.removed.map((s) => s.definition.name),
    });
    await listener?.(change);
  }

  // Looks and saves one at a time.
  let chain = Promise.resolve();
  const lookNow = () => {
    chain = chain.then(look).catch((err: unknown) => deps.log.error("could not look at the definition files", { err }));
    return chain;
  };
  const stopped = new AbortController();
  let loop = Promise.resolve();

  return {
    sagas: () => state.sagas,
    find: (name) => state.sagas.find((s) => s.definition.name === name),
    retained: () => [...state.sagas, ...removed.values()],
    files: () => ({ directories, saveTo: directories[0] ?? null, files: state.files }),
    reload: lookNow,
    watch(l) {
      if (listener) throw new Error("the catalog is watched already");
      listener = l;
      loop = (async () => {
        while (!stopped.signal.aborted) {
          await sleep(deps.intervalMs, stopped.signal);
          if (!stopped.signal.aborted) await lookNow();
        }
      })();
    },
    async stop() {
      stopped.abort();
      await loop;
      await chain;
    },
  };
}
