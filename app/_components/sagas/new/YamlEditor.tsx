"use client";
// The definition's YAML in CodeMirror 6: line numbers, YAML highlighting, undo, search, and the
// definition's problems marked on their lines (the lint gutter) as the person types. Tab is left
// to the browser so a keyboard user can leave the editor; the text is the parent's state.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { textChange, type PlacedIssue } from "../../../_lib/proposal";

type Props = {
  value: string;
  onChange: (text: string) => void;
  issues: readonly PlacedIssue[];
  /** The accessible name of the text box. */
  label: string;
  /** Id of the element listing the problems, read after the name. */
  describedBy: string;
};

const theme = EditorView.theme({
  "&": { border: "1px solid #c6cbd8", borderRadius: "7px", background: "#fff", fontSize: "0.85rem" },
  "&.cm-focused": { outline: "2px solid #2563eb", outlineOffset: "1px" },
  ".cm-scroller": { minHeight: "320px", maxHeight: "560px", overflow: "auto" },
});

const diagnostics = (issues: readonly PlacedIssue[], length: number): Diagnostic[] =>
  issues
    .filter((i) => i.line !== null)
    .map((i) => ({
      from: Math.min(i.from, length),
      to: Math.min(Math.max(i.to, i.from), length),
      severity: "error",
      message: `${i.field}: ${i.message}`,
    }));

export function YamlEditor({ value, onChange, issues, label, describedBy }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const change = useRef(onChange);
  useEffect(() => {
    change.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label, "aria-describedby": describedBy }),
          EditorView.updateListener.of((u) => u.docChanged && change.current(u.state.doc.toString())),
          theme,
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Made once: later texts come in through the effect below, the label and ids do not change.
  }, []);

  // A new text from outside (a new proposal, the name field): only the part that differs is
  // replaced, so the cursor stays and undo takes back just that.
  useEffect(() => {
    const v = view.current;
    const change = v && textChange(v.state.doc.toString(), value);
    if (v && change) v.dispatch({ changes: change });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(issues, v.state.doc.length)));
  }, [issues, value]);

  return <div ref={host} data-testid="yaml-editor" />;
}
