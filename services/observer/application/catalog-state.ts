// Which saga each definition file gives, from the files' texts as last read and what they gave
// before (attach.md, "Definitions without a restart"). Pure: the live catalog (catalog.ts) reads
// the files and calls this at every change, loadSagas once at the start.
//  - a file that cannot be read, or whose text is invalid, keeps its last valid definition, with
//    its issues listed;
//  - a name is kept by whoever held it: the built-in sagas, then the file that gave it before;
//    another file giving it is refused with an issue naming the holder.
import {
  parseDefinition,
  type DefinitionFileState,
  type DefinitionIssue,
  type SagaDefinition,
} from "../../../contracts/sagas";

/** A saga the observer watches: its definition with physical topic names; `builtIn`: an extension brought it. */
export type WatchedSaga = { definition: SagaDefinition; builtIn: boolean; file: string };

/** The sagas watched now (the live catalog, application/catalog.ts). */
export type Sagas = () => readonly WatchedSaga[];

/** One user file as last read: its text, or why it could not be read. */
export type FileRead = { file: string; text: string } | { file: string; unreadable: string };

export type CatalogState = {
  /** The built-in sagas first, then one per file that gives one, in file order. */
  sagas: WatchedSaga[];
  /** Every user file, in order, with the saga it gives and the issues of its current text. */
  files: DefinitionFileState[];
};

export type ResolveInput = {
  fixed: readonly WatchedSaga[];
  reads: readonly FileRead[];
  /** The sagas given before (none at the start). */
  previous: readonly WatchedSaga[];
  /** Problems beyond the schema's (e.g. a registry format when no registry is configured). */
  issues?(d: SagaDefinition): DefinitionIssue[];
};

export const holderName = (s: Pick<WatchedSaga, "builtIn" | "file">): string =>
  s.builtIn ? `the built-in saga of ${s.file}` : s.file;

export function resolveCatalog(input: ResolveInput): CatalogState {
  const before = new Map(input.previous.filter((s) => !s.builtIn).map((s) => [s.file, s]));
  const taken = new Map(input.fixed.map((s) => [s.definition.name, s]));
  const evaluated = input.reads.map((r) => {
    const issues: DefinitionIssue[] = [];
    let fresh: SagaDefinition | undefined;
    if ("unreadable" in r) issues.push({ field: "(file)", message: `cannot be read: ${r.unreadable}` });
    else {
      const parsed = parseDefinition(r.text);
      if (!parsed.ok) issues.push(...parsed.issues);
      else {
        const more = input.issues?.(parsed.definition) ?? [];
        if (more.length > 0) issues.push(...more);
        else fresh = parsed.definition;
      }
    }
    return { file: r.file, issues, fresh, kept: before.get(r.file), saga: undefined as WatchedSaga | undefined };
  });
  const claim = (e: (typeof evaluated)[number], d: SagaDefinition, report: boolean): boolean => {
    const holder = taken.get(d.name);
    if (holder) {
      if (report) e.issues.push({ field: "name", message: `"${d.name}" is already the name of ${holderName(holder)}` });
      return false;
    }
    e.saga = { definition: d, builtIn: false, file: e.file };
    taken.set(d.name, e.saga);
    return true;
  };
  // Who held a name keeps it: first the files giving the name they gave before.
  const seen = new Set<string>();
  for (const e of evaluated) {
    const d = e.fresh ?? e.kept?.definition;
    if (d && e.kept && d.name === e.kept.definition.name && !seen.has(e.file)) claim(e, d, true);
    seen.add(e.file);
  }
  for (const e of evaluated) {
    if (e.saga || e.issues.some((i) => i.field === "name" && i.message.includes("already the name"))) continue;
    if (e.fresh) {
      if (claim(e, e.fresh, true)) continue;
      if (e.kept && e.kept.definition.name !== e.fresh.name) claim(e, e.kept.definition, false);
    } else if (e.kept) claim(e, e.kept.definition, true);
  }
  return {
    sagas: [...input.fixed, ...evaluated.flatMap((e) => (e.saga ? [e.saga] : []))],
    files: evaluated.map((e) => ({
      file: e.file,
      saga: e.saga?.definition.name ?? null,
      valid: e.issues.length === 0,
      issues: e.issues,
    })),
  };
}

export type CatalogChange = { added: WatchedSaga[]; changed: WatchedSaga[]; removed: WatchedSaga[] };

/** By name: a saga whose definition differs is changed (a file renamed with the same definition is not). */
export function diffCatalog(old: readonly WatchedSaga[], next: readonly WatchedSaga[]): CatalogChange {
  const was = new Map(old.map((s) => [s.definition.name, s]));
  const now = new Set(next.map((s) => s.definition.name));
  return {
    added: next.filter((s) => !was.has(s.definition.name)),
    changed: next.filter((s) => {
      const w = was.get(s.definition.name);
      return w !== undefined && JSON.stringify(w.definition) !== JSON.stringify(s.definition);
    }),
    removed: old.filter((s) => !now.has(s.definition.name)),
  };
}

export const isEmptyChange = (c: CatalogChange): boolean => c.added.length + c.changed.length + c.removed.length === 0;
