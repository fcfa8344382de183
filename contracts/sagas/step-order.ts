// The checks of a definition's ordering fields (attach.md, "Order within an instance" and
// "Branches"): `after` naming a step that exists, not itself, not in a circle; no `branch` on a
// step that ends the instance (branches join before the ending).
type Issue = { path: (string | number)[]; message: string };
type OrderedStep = { id: string; after: string[]; branch?: string; ends?: string };

export function stepOrderIssues(steps: readonly OrderedStep[]): Issue[] {
  const out: Issue[] = [];
  const ids = new Set(steps.map((s) => s.id));
  steps.forEach((s, i) => {
    s.after.forEach((a, j) => {
      if (a === s.id) out.push({ path: ["steps", i, "after", j], message: "a step cannot come after itself" });
      else if (!ids.has(a)) out.push({ path: ["steps", i, "after", j], message: `names no step: "${a}"` });
    });
    if (s.branch !== undefined && s.ends !== undefined)
      out.push({
        path: ["steps", i, "branch"],
        message: "a step that ends the instance cannot be in a branch (branches join before the ending)",
      });
  });
  const loop = afterCircle(steps, ids);
  if (loop)
    out.push({ path: ["steps", loop.index, "after"], message: `\`after\` runs in a circle: ${loop.ids.join(" → ")}` });
  return out;
}

/** The first circle of `after` links, from the step where it was found. */
function afterCircle(steps: readonly OrderedStep[], ids: Set<string>): { index: number; ids: string[] } | null {
  const afters = new Map(steps.map((s) => [s.id, s.after.filter((a) => ids.has(a) && a !== s.id)]));
  const state = new Map<string, "open" | "done">();
  const visit = (id: string, trail: string[]): string[] | null => {
    if (state.get(id) === "done") return null;
    if (state.get(id) === "open") return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, "open");
    for (const a of afters.get(id) ?? []) {
      const found = visit(a, [...trail, id]);
      if (found) return found;
    }
    state.set(id, "done");
    return null;
  };
  for (const [index, s] of steps.entries()) {
    const found = visit(s.id, []);
    if (found) return { index, ids: found };
  }
  return null;
}
