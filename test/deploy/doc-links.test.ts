// The docs stand alone: every relative link in README.md and docs/**/*.md names a file inside the
// repository that exists, and an anchor on a markdown file names one of its headings (GitHub's
// slugs). A person who clones the project has nothing beside it, so a link that climbs out of the
// repository (the design notes once lived in ../shared/design/) is a dead link for them.
// Links with a scheme (https:, mailto:) are left alone. Reads only the repository's markdown.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const ROOT = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));

type Link = { target: string; line: number };

const blank = (s: string) => s.replace(/[^\n]/g, " ");

/** The text with fenced code blocks blanked (newlines kept, so lines still count). */
function withoutFences(md: string): string {
  const lines = md.split("\n");
  let fence: string | null = null;
  const out = lines.map((line) => {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) {
      fence = open[1]!;
      return blank(line);
    }
    if (fence !== null) {
      if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = null;
      return blank(line);
    }
    return line;
  });
  return out.join("\n");
}

/** The text with fenced code blocks and inline code spans blanked. */
function withoutCode(md: string): string {
  // A span may wrap onto the next line, never across a blank line (an unclosed backtick hides nothing).
  return withoutFences(md).replace(/(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])+?(?<!`)\1(?!`)/g, blank);
}

/** Inline links and images `[text](target "title")`, `<target>` forms, and reference definitions `[id]: target`. */
function markdownLinks(md: string): Link[] {
  const text = withoutCode(md);
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  const links: Link[] = [];
  const inline =
    /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
  for (const m of text.matchAll(inline)) links.push({ target: m[1]!.replace(/^<|>$/g, ""), line: lineOf(m.index) });
  const reference = /^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm;
  for (const m of text.matchAll(reference)) links.push({ target: m[1]!.replace(/^<|>$/g, ""), line: lineOf(m.index) });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  const plain = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim()
    .toLowerCase();
  return plain.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

/** Every anchor a markdown file offers: its headings' slugs (repeats get -1, -2...) and HTML ids. */
function anchors(md: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(md).split("\n")) {
    const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  }
  return out;
}

const hasScheme = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** What is wrong with one link of `file` (a path relative to `root`), or null when it is fine. */
function linkProblem(
  root: string,
  file: string,
  target: string,
  read: (path: string) => string = (p) => readFileSync(p, "utf8"),
): string | null {
  if (target === "" || hasScheme(target)) return null;
  const hash = target.indexOf("#");
  const pathPart = decodeURIComponent((hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, ""));
  const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
  // `/x` is the repository's root on GitHub; anything else is relative to the file's folder.
  const resolved =
    pathPart === ""
      ? join(root, file)
      : pathPart.startsWith("/")
        ? join(root, pathPart)
        : resolve(root, dirname(file), pathPart);
  const inside = (p: string) => {
    const rel = relative(root, p);
    return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
  };
  if (!inside(resolved)) return `leaves the repository (${relative(root, resolved)})`;
  if (!existsSync(resolved)) return `names no file (${relative(root, resolved)})`;
  if (!inside(realpathSync(resolved))) return `is a link that leaves the repository (${relative(root, resolved)})`;
  if (
    anchor &&
    resolved.endsWith(".md") &&
    statSync(resolved).isFile() &&
    !anchors(read(resolved)).has(anchor.toLowerCase())
  ) {
    return `names no heading #${anchor} in ${relative(root, resolved)}`;
  }
  return null;
}

/** README.md and every markdown file under docs/, relative to the root. */
function docFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
    );
  return ["README.md", ...walk("docs")];
}

describe("markdown link reading", () => {
  it("finds inline, image, angle-bracket, titled and reference links, not those in code", () => {
    const md = [
      'See [saga](../shared/design/saga.md) and ![fig](docs/figures/a.png "A").',
      "A [wrapped",
      "link](<docs/a b.md>) and [ref]: docs/ref.md",
      "[def]: ./docs/def.md",
      "`[not](in-code.md)` and ``[nor](this.md)``",
      "```sh",
      "echo [no](fenced.md)",
      "```",
      "[paren](docs/x_(y).md#part)",
    ].join("\n");
    assert.deepEqual(markdownLinks(md), [
      { target: "../shared/design/saga.md", line: 1 },
      { target: "docs/figures/a.png", line: 1 },
      { target: "docs/a b.md", line: 2 },
      { target: "docs/x_(y).md#part", line: 9 },
      { target: "./docs/def.md", line: 4 },
    ]);
  });

  it("makes GitHub's heading anchors", () => {
    assert.equal(slug("Modes (`/modes`)"), "modes-modes");
    assert.equal(slug("The envelope: what every record carries"), "the-envelope-what-every-record-carries");
    assert.equal(slug("`starts`, `after` and [branch](x.md)"), "starts-after-and-branch");
    assert.deepEqual([...anchors("# A\n## A\n```\n# not\n```\n## B_c\n")], ["a", "a-1", "b_c"]);
  });

  it("refuses a link out of the repository, to nothing, or to a missing heading", () => {
    assert.match(linkProblem(ROOT, "README.md", "../shared/design/saga.md") ?? "", /leaves the repository/);
    assert.match(linkProblem(ROOT, "docs/attach.md", "../../shared/design/attach.md") ?? "", /leaves the repository/);
    assert.match(linkProblem(ROOT, "docs/attach.md", "no-such-file.md") ?? "", /names no file/);
    assert.match(linkProblem(ROOT, "docs/attach.md", "attach.md#no-such-heading") ?? "", /names no heading/);
    assert.equal(linkProblem(ROOT, "README.md", "https://example.org/x.md"), null);
    assert.equal(linkProblem(ROOT, "README.md", "docs/attach.md"), null);
  });
});

describe("README.md and docs/ link only to what the repository holds", () => {
  for (const file of docFiles()) {
    it(file, () => {
      const problems = markdownLinks(readFileSync(join(ROOT, file), "utf8"))
        .map((l) => ({ ...l, problem: linkProblem(ROOT, file, l.target) }))
        .filter((l) => l.problem !== null)
        .map((l) => `${file}:${l.line}: (${l.target}) ${l.problem}`);
      assert.deepEqual(problems, []);
    });
  }
});
