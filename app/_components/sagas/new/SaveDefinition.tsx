"use client";
// Step 4 of /sagas/new: the saga's name (written into the YAML, and read back from it), Save
// into the definitions directory, then /sagas/:name once the observer has taken the file up.
// A name another saga has is refused by the server (409): its message stands beside the name.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { parseDefinition } from "../../../../contracts/sagas";
import { canSetName, withName, yamlName } from "../../../_lib/proposal";
import { saveRefusal, type SaveRefusal } from "../../../_lib/saveAnswer";
import { ApiError } from "../../data/api";
import { newSagaApi, useDefinitionFiles } from "./newSagaApi";

/** How long to wait for the observer to take a saved file up (attach.md: within 5 s). */
const TAKEN_UP_MS = 20_000;

async function takenUp(name: string): Promise<boolean> {
  const deadline = Date.now() + TAKEN_UP_MS;
  while (Date.now() < deadline) {
    if (await newSagaApi.watched(name).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

type Props = { text: string; onChange: (text: string) => void };

export function SaveDefinition({ text, onChange }: Props) {
  const router = useRouter();
  const files = useDefinitionFiles();
  const [late, setLate] = useState<{ name: string; file: string } | null>(null);
  const directory = files.data ? files.data.saveTo !== null : true;
  const save = useMutation<{ name: string; file: string }, Error, string>({
    mutationFn: async (yaml) => {
      const saved = await newSagaApi.save(yaml);
      if (await takenUp(saved.name)) router.push(`/sagas/${encodeURIComponent(saved.name)}`);
      else setLate(saved);
      return saved;
    },
  });
  const refusal: SaveRefusal | null =
    save.error instanceof ApiError
      ? saveRefusal(save.error.status, save.error.body, directory)
      : save.error
        ? { name: null, message: save.error.message, fields: [] }
        : null;
  const parsed = parseDefinition(text);
  const name = yamlName(text);
  const nameIssue = parsed.ok ? null : (parsed.issues.find((i) => i.field === "name")?.message ?? null);
  const nameProblem = refusal?.name ?? nameIssue;
  return (
    <section className="panel stack" aria-label="Save">
      <h2>4. Save it</h2>
      {files.data && (
        <p className="small muted">
          {files.data.saveTo
            ? `Saved into ${files.data.saveTo}; SagaScope takes it up without a restart.`
            : "No definitions directory is named in SAGA_DEFINITIONS: the definition cannot be saved from here."}
        </p>
      )}
      <div className="field" style={{ maxWidth: 420 }}>
        <label htmlFor="saga-name">Saga name</label>
        <input
          id="saga-name"
          value={name}
          disabled={!canSetName(text) || save.isPending}
          aria-invalid={nameProblem ? true : undefined}
          aria-describedby={nameProblem ? "saga-name-problem" : undefined}
          onChange={(e) => {
            save.reset();
            onChange(withName(text, e.target.value));
          }}
        />
        {nameProblem && (
          <span id="saga-name-problem" className="field-error" role="alert">
            {nameProblem}
          </span>
        )}
      </div>
      {refusal && !refusal.name && (
        <div className="alert" role="alert">
          {refusal.message}
          {refusal.fields.length > 0 && (
            <ul>
              {refusal.fields.map((f) => (
                <li key={f.field}>
                  <code>{f.field}</code>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!parsed.ok || !directory || save.isPending || save.isSuccess}
          onClick={() => save.mutate(text)}
        >
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <span role="status" className="small muted">
          {save.isPending ? "Saving, then waiting for SagaScope to read it…" : ""}
          {late && (
            <>
              Saved to {late.file}, but {late.name} is not watched yet.{" "}
              <Link prefetch={false} href={`/sagas/${encodeURIComponent(late.name)}`}>
                Open it
              </Link>
            </>
          )}
        </span>
      </div>
    </section>
  );
}
