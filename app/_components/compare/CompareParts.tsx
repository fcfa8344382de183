"use client";
// What both compare pages share, for two orders (/compare) or two instances of a watched saga
// (/sagas/:name/compare): the form asking for the ids A and B (submitting opens the compare URL,
// so the view stays shareable) and the frame of the table that sets A and B side by side.
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";

/** The two ids to compare. */
export function CompareForm(props: {
  a: string;
  b: string;
  noun: "Order" | "Instance";
  href: (a: string, b: string) => string;
}) {
  const router = useRouter();
  const [a, setA] = useState(props.a);
  const [b, setB] = useState(props.b);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (a.trim() && b.trim()) router.push(props.href(a, b));
  };
  const placeholder = `${props.noun.toLowerCase()} id`;
  return (
    <form className="row" onSubmit={submit} aria-label={`${props.noun}s to compare`}>
      <div className="field" style={{ flex: 1, minWidth: 280 }}>
        <label htmlFor="cmp-a">{props.noun} A</label>
        <input id="cmp-a" value={a} onChange={(e) => setA(e.target.value)} placeholder={placeholder} />
      </div>
      <div className="field" style={{ flex: 1, minWidth: 280 }}>
        <label htmlFor="cmp-b">{props.noun} B</label>
        <input id="cmp-b" value={b} onChange={(e) => setB(e.target.value)} placeholder={placeholder} />
      </div>
      <button type="submit" className="primary" style={{ alignSelf: "flex-end" }} disabled={!a.trim() || !b.trim()}>
        Compare
      </button>
    </form>
  );
}

/** A table of rows that set A beside B, under one header row. */
export function CompareTable({
  label,
  columns,
  children,
}: {
  label: string;
  columns: [string, string, string, string];
  children: ReactNode;
}) {
  return (
    <div role="table" aria-label={label}>
      <div role="row" className="cmp-row cmp-head">
        {columns.map((c) => (
          <span role="columnheader" key={c}>
            {c}
          </span>
        ))}
      </div>
      {children}
    </div>
  );
}
